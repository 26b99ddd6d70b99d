using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.GitHub;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Cli.Tests.Rollback;

/// <summary>
/// README "Where rejections are kept", done as a person would with the git command line: inspect the
/// record with <c>git fetch</c> + <c>git log</c>, release a rejection with <c>git commit-tree</c> + <c>git push</c>,
/// and the next run proposes the digest again.
/// </summary>
public sealed class RejectionReleaseWithGitTests : IAsyncLifetime, IDisposable
{
    private const string Stream = """
        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata:
          name: app
        spec:
          tags:
          - name: latest
            from:
              kind: DockerImage
              name: registry.example/acme/app:latest

        """;

    private readonly GitHttpServer git = GitHttpServer.Start();
    private readonly TemporaryDirectory folder = new("release");
    private GitHubFake github = null!;
    private RegistryServer registry = null!;
    private RegistrySeeder seeder = null!;
    private string name = "";

    public async Task InitializeAsync()
    {
        github = await GitHubFake.StartAsync();
        github.AddRepository("acme", "app");
        github.AddToken(new GitHubFakeToken("ghp_images", "images-bot"));
        registry = await RegistryServer.StartAsync();
        seeder = RegistrySeeder.For(registry);
        name = "app" + Guid.NewGuid().ToString("N")[..8];
        git.CreateRepository(name, new Dictionary<string, string> { ["streams/app.yaml"] = Stream });
    }

    public async Task DisposeAsync()
    {
        seeder.Dispose();
        await registry.DisposeAsync();
        await github.DisposeAsync();
    }

    public void Dispose()
    {
        folder.Dispose();
        git.Dispose();
    }

    [Fact(Timeout = 180_000)]
    public async Task The_readme_commands_show_the_record_and_a_released_digest_is_proposed_again()
    {
        var rejected = (await seeder.PushImageAsync("acme/app", "latest", ManifestFormat.Oci, Platform.LinuxAmd64, "v2")).Digest;
        var marker = new PullRequestMarker("main", null, [new PullRequestMarkerEntry(new TagKey("streams/app.yaml", "app", "latest"), null, rejected)]);
        github.SeedPullRequest("acme/app", "gitstreamsync/main", "main", "Update app:latest", "Update\n\n" + marker.Format() + "\n", "images-bot",
            CliRunner.FixedNow.AddDays(-2), CliRunner.FixedNow.AddDays(-1));
        var recorded = await SyncAsync(withApi: true);
        Assert.Equal(0, recorded.ExitCode);
        Assert.Contains($"streams/app.yaml#app:latest {rejected.Abbreviated} (closed pull request #1)", recorded.Out, StringComparison.Ordinal);
        Assert.Null(git.BranchTip(name, "gitstreamsync/main"));

        // A person's clone; the commands as README gives them.
        var work = Path.Combine(folder.Path, "work");
        GitCli.Run(folder.Path, "clone", "-q", git.RepositoryPath(name), work);
        GitCli.Run(work, "fetch", "origin", "refs/gitstreamsync/rejections:refs/gitstreamsync/rejections");
        var log = GitCli.Run(work, "log", "refs/gitstreamsync/rejections");
        Assert.Contains("Rejected: pull request #1 closed unmerged", log, StringComparison.Ordinal);
        Assert.Contains($"Rejected-Digest: streams/app.yaml#app:latest {rejected}", log, StringComparison.Ordinal);

        var sha = GitCli.Run(work, "commit-tree", "refs/gitstreamsync/rejections^{tree}", "-p", "refs/gitstreamsync/rejections",
            "-m", "Release app:latest",
            "-m", $"Released-Digest: streams/app.yaml#app:latest {rejected}").Trim();
        GitCli.Run(work, "push", "origin", $"{sha}:refs/gitstreamsync/rejections");

        // The next run, from a fresh clone and without the API, proposes the digest again.
        var released = await SyncAsync(withApi: false);
        Assert.Equal(0, released.ExitCode);
        Assert.DoesNotContain("Held on a rejected digest", released.Out, StringComparison.Ordinal);
        var tip = git.BranchTip(name, "gitstreamsync/main");
        Assert.NotNull(tip);
        var proposed = CommitMessageParser.Parse(GitCli.Run(git.RepositoryPath(name), "log", "-1", "--format=%B", tip));
        Assert.Equal(rejected, Assert.Single(proposed.Digests).NewDigest);
        Assert.Equal(sha, GitCli.RevParse(git.RepositoryPath(name), IRejectionLog.RefName));
    }

    private Task<CliResult> SyncAsync(bool withApi)
    {
        var variables = new Dictionary<string, string>
        {
            ["GITSTREAMSYNC_GIT_USERNAME"] = git.User,
            ["GITSTREAMSYNC_GIT_PASSWORD"] = git.Password,
        };
        if (withApi)
        {
            variables["GITHUB_API_URL"] = github.BaseUrl.ToString();
            variables["GITHUB_REPOSITORY"] = "acme/app";
            variables["GITHUB_TOKEN"] = "ghp_images";
        }

        return CliRunner.RunAsync(
            ["sync", git.Url(name), "--no-pull-request", "--registry-mirror", $"registry.example={registry.BaseUri.ToString().TrimEnd('/')}", "--mirror-only", "registry.example"],
            variables);
    }
}
