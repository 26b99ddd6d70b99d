namespace GitStreamSync.Cli.Commands;

/// <summary>
/// The examples at the end of each command's <c>--help</c>: one for the common case, then one per
/// group of options (registries, Git and pull requests, schedules, output), each a line that runs
/// as written once the names are the reader's own.
/// </summary>
internal static class CommandExamples
{
    public const string Validate =
        "  gitstreamsync validate                                 the repository in the current folder\n"
        + "  gitstreamsync validate . -o json                       problems as JSON, for scripts\n"
        + "  gitstreamsync validate --config ci/gitstreamsync.yaml  with a settings file kept elsewhere";

    public const string Plan =
        "  gitstreamsync plan                                     what a sync would change here, as a table\n"
        + "  gitstreamsync plan -o diff                             the change as a patch git apply accepts\n"
        + "  gitstreamsync plan https://github.com/org/images.git --base release-1\n"
        + "  gitstreamsync plan --registry-mirror docker.io=https://mirror.example --registry-cache ~/.cache/gitstreamsync\n"
        + "  gitstreamsync plan --platform linux/arm64 --log-level debug\n"
        + "  gitstreamsync plan URL --shard 0/4 --resolutions-out shards/shard-0.json   one of four shards, for sync --resolutions";

    public const string Sync =
        "  gitstreamsync sync https://github.com/org/images.git   commit on gitstreamsync/main, push, open the pull request\n"
        + "  gitstreamsync sync . --dry-run                         resolve and commit nothing\n"
        + "  gitstreamsync sync . --push-to-base --no-pull-request  straight to the base branch, fast-forward only\n"
        + "  gitstreamsync sync URL --pull-request-author images-bot --github-api-url https://ghe.example/api/v3\n"
        + "  gitstreamsync sync URL --schedule '0 */6 * * *' --time-zone Europe/Berlin --since 2026-01-15T06:00:00Z\n"
        + "  gitstreamsync sync URL --author 'Images Bot <images@example.com>' --signing-key ~/.ssh/images-bot -o json\n"
        + "  gitstreamsync sync URL --resolutions shards/ --max-resolution-age 30m   apply the shards' answers in one commit\n"
        + "  gitstreamsync sync URL1 URL2 URL3 --parallel-repositories 2             several repositories, each reference asked once\n"
        + "  gitstreamsync sync --config fleet.yaml                                  the repositories: listed there, each with its own settings";

    public const string Worker =
        "  gitstreamsync worker https://github.com/org/images.git --schedule '*/30 * * * *'\n"
        + "  gitstreamsync worker URL --schedule @hourly --time-zone Europe/Berlin --jitter 5m\n"
        + "  gitstreamsync worker URL --health-port 8080 --health-address 0.0.0.0 --cache-dir /var/cache/gitstreamsync\n"
        + "  gitstreamsync worker URL --push-to-base --no-pull-request --log-format json\n"
        + "  gitstreamsync worker URL --listen 0.0.0.0:9465   registry push notifications; secret in GITSTREAMSYNC_NOTIFY_SECRET\n"
        + "  gitstreamsync worker --config fleet.yaml --parallel-repositories 2   the repositories: listed there, on one schedule";

    public const string Resolve =
        "  gitstreamsync resolve docker.io/library/python:3.12-slim\n"
        + "  gitstreamsync resolve quay.io/prometheus/node-exporter:v1.8.2 --import-mode PreserveOriginal -o json\n"
        + "  gitstreamsync resolve registry.example/app:1 --prefer-arch arm64 --insecure";

    public const string Rollback =
        "  gitstreamsync rollback python:3.12 URL                 the previous image of the tag, as a pull request\n"
        + "  gitstreamsync rollback python:3.12 URL --steps 2\n"
        + "  gitstreamsync rollback python:3.12 URL --to sha256:<digest> --push-to-base\n"
        + "  gitstreamsync rollback python:3.12 . --dry-run         show the change, commit nothing";
}
