using GitStreamSync.Core.Images;
using GitStreamSync.Core.Record;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.GitHub;
using GitStreamSync.Testing.Registry;
using Microsoft.Extensions.Time.Testing;

namespace GitStreamSync.Cli.Tests.Rollback;

/// <summary>
/// A closed pull request rejects its digests, end to end: <c>sync</c> (in-process CLI) opens its pull request in the GitHub
/// fake, a person closes it there unmerged, and the next runs, reading the loopback registry and
/// the fake, hold that digest for that tag only until upstream publishes another one.
/// </summary>
public sealed class ClosedPullRequestEndToEndTests : IAsyncLifetime, IDisposable
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
          - name: stable
            from:
              kind: DockerImage
              name: registry.example/acme/app:stable

        """;

    private readonly TemporaryDirectory folder = new("closed-pr");
    private GitHubFake github = null!;
    private RegistryServer registry = null!;
    private RegistrySeeder seeder = null!;
    private string bare = "";
    private string url = "";

    public async Task InitializeAsync()
    {
        // The person closes the pull request an hour after the runs' fixed instant.
        github = await GitHubFake.StartAsync(new FakeTimeProvider(CliRunner.FixedNow.AddHours(1)));
        github.AddRepository("acme", "app");
        github.AddToken(new GitHubFakeToken("ghp_images", "images-bot"));
        registry = await RegistryServer.StartAsync();
        seeder = RegistrySeeder.For(registry);
        bare = Path.Combine(folder.Path, "app.git");
        GitCli.InitBare(bare, "main", new Dictionary<string, string> { ["streams/app.yaml"] = Stream });
        url = new Uri(bare).AbsoluteUri;
    }

    public async Task DisposeAsync()
    {
        seeder.Dispose();
        await registry.DisposeAsync();
        await github.DisposeAsync();
    }

    public void Dispose() => folder.Dispose();

    [Fact(Timeout = 180_000)]
    public async Task A_pull_request_closed_unmerged_in_the_fake_holds_its_digest_for_that_tag_until_upstream_moves()
    {
        await PushAsync("latest", "latest-v1");
        await PushAsync("stable", "stable-v1");
        Assert.Equal(0, (await SyncAsync("--push-to-base")).ExitCode);

        // Upstream rebuilds stable; the tool proposes it, and a person closes the pull request unmerged.
        var v2 = await PushAsync("stable", "stable-v2");
        var proposal = await SyncAsync();
        Assert.Contains("pull request #1 created: ", proposal.Out, StringComparison.Ordinal);
        github.ClosePullRequest("acme/app", 1);

        // describe reads the same rejection as sync, from the tool's closed pull requests only: with
        // pullRequests.author naming someone else, the closed pull request is not the tool's.
        var shown = await CliAsync("describe", "is", "app", url);
        Assert.Equal(0, shown.ExitCode);
        Assert.Contains("closed pull request #1", shown.Out, StringComparison.Ordinal);
        var settings = Path.Combine(folder.Path, "other-author.yaml");
        await File.WriteAllTextAsync(settings, "pullRequests:\n  author: someone-else\n");
        var notOurs = await CliAsync("--config", settings, "describe", "is", "app", url);
        Assert.Equal(0, notOurs.ExitCode);
        Assert.DoesNotContain("closed pull request", notOurs.Out, StringComparison.Ordinal);

        // latest moves to the same digest: it is proposed, stable is held and the report says why.
        await seeder.CopyToTagAsync("acme/app", v2, "latest");
        var held = await SyncAsync();

        Assert.Equal(0, held.ExitCode);
        Assert.Contains("Held on a rejected digest:", held.Out, StringComparison.Ordinal);
        Assert.Contains($"streams/app.yaml#app:stable {v2.Abbreviated} (closed pull request #1)", held.Out, StringComparison.Ordinal);
        Assert.Equal(["streams/app.yaml#app:latest"], ProposedTags());
        var reopened = github.PullRequests("acme/app").Single(p => p.State == "open");
        Assert.Equal(2, reopened.Number);
        // The body breaks "#1" with a zero-width space so GitHub does not link it.
        Assert.Contains("### Held on a rejected digest", reopened.Body, StringComparison.Ordinal);
        Assert.Contains("`closed pull request #1`", reopened.Body, StringComparison.Ordinal);

        // Upstream publishes another digest for stable: it is proposed normally.
        var v3 = await PushAsync("stable", "stable-v3");
        var moved = await SyncAsync();

        Assert.Equal(0, moved.ExitCode);
        Assert.DoesNotContain("Held on a rejected digest:", moved.Out, StringComparison.Ordinal);
        Assert.Equal(["streams/app.yaml#app:latest", "streams/app.yaml#app:stable"], ProposedTags());
        var record = CommitMessageParser.Parse(GitCli.Run(bare, "log", "-1", "--format=%B", "gitstreamsync/main"));
        Assert.Equal(v3, record.Digests.Single(d => d.Key.Tag == "stable").NewDigest);
        Assert.Contains("pull request #2 updated: ", moved.Out, StringComparison.Ordinal);
    }

    private async Task<Digest> PushAsync(string tag, string unique) =>
        (await seeder.PushImageAsync("acme/app", tag, ManifestFormat.Oci, Platform.LinuxAmd64, unique)).Digest;

    private IReadOnlyList<string> ProposedTags() =>
        [.. CommitMessageParser.Parse(GitCli.Run(bare, "log", "-1", "--format=%B", "gitstreamsync/main")).Digests.Select(d => d.Key.ToString()).Order(StringComparer.Ordinal)];

    private Task<CliResult> SyncAsync(params string[] extra) =>
        CliAsync(["sync", url, "--registry-mirror", $"registry.example={registry.BaseUri.ToString().TrimEnd('/')}", "--mirror-only", "registry.example", .. extra]);

    private Task<CliResult> CliAsync(params string[] arguments) => CliRunner.RunAsync(
        arguments,
        new Dictionary<string, string>
        {
            ["GITHUB_API_URL"] = github.BaseUrl.ToString(),
            ["GITHUB_REPOSITORY"] = "acme/app",
            ["GITHUB_TOKEN"] = "ghp_images",
        });
}
