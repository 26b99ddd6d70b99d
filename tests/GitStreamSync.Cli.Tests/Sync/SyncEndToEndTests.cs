using GitStreamSync.Core.Record;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Registry;
using GitStreamSync.Testing.Sync;

namespace GitStreamSync.Cli.Tests.Sync;

/// <summary>
/// example-repo on the loopback Git server, its images in a loopback registry reached as a mirror
/// of every host it names, <c>gitstreamsync sync</c> run in-process with a fixed clock: the pushed
/// branch's tree must equal the golden tree (tests/GitStreamSync.Cli.Tests/Golden/sync-example-repo).
/// Every host, and the image one tag pins by digest, is answered by the loopback registry, so the run
/// never falls back to a real registry: a machine with network gives the same result as one without.
/// </summary>
public sealed class SyncEndToEndTests : IAsyncLifetime
{
    private const string Golden = "sync-example-repo";
    private static readonly string Example = Path.Combine(RepositoryRoot.Path, "example-repo");
    private GitHttpServer git = null!;
    private RegistryServer registry = null!;

    public async Task InitializeAsync()
    {
        git = GitHttpServer.Start();
        registry = await RegistryServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        git.Dispose();
        await registry.DisposeAsync();
    }

    [Fact]
    public async Task Sync_pushes_the_golden_tree_and_a_second_run_after_a_retag_changes_only_that_tag()
    {
        var url = git.CreateRepositoryFromFolder("example", Example);
        using (var seeder = RegistrySeeder.For(registry))
        {
            await ExampleImages.SeedAsync(seeder, Example, "v1");
        }

        var first = await SyncAsync(url, actions: true);

        Assert.True(first.ExitCode == ExitCodes.Success, first.Out + first.Error);
        // Under Actions the Git password is registered with the runner before the report.
        Assert.StartsWith($"::add-mask::{GitHttpServer.DefaultPassword}\n", first.Out, StringComparison.Ordinal);
        Assert.StartsWith("Pushed ", string.Join("\n", first.Out.Split('\n').SkipWhile(l => l.StartsWith("::add-mask::", StringComparison.Ordinal))), StringComparison.Ordinal);
        Assert.DoesNotContain("Deferred", first.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("::warning", first.Out + first.Error, StringComparison.Ordinal);
        var bare = git.RepositoryPath("example");
        Assert.Equal(git.BranchTip("example", "main"), GitCli.RevParse(bare, "gitstreamsync/main^"));
        GoldenFile.AssertTreeMatches(Golden, bare, "gitstreamsync/main");
        var record = CommitMessageParser.Parse(GitCli.Run(bare, "log", "-1", "--format=%B", "gitstreamsync/main"));
        Assert.True(record.IsFromTool);
        Assert.Equal(16, record.Digests.Count);

        // A reviewer merges; upstream rebuilds ubuntu:16.04; the next run proposes exactly that.
        GitCli.Run(bare, "update-ref", "refs/heads/main", "refs/heads/gitstreamsync/main");
        using (var seeder = RegistrySeeder.For(registry))
        {
            await ExampleImages.SeedAsync(seeder, Example, "v2", ["ubuntu:16.04"]);
        }

        var second = await SyncAsync(url, ["-o", "json"], actions: true);

        // Under Actions with JSON output the annotations go to stderr, so stdout stays one JSON document.
        using (var json = System.Text.Json.JsonDocument.Parse(second.Out))
        {
            Assert.Equal("pushed", json.RootElement.GetProperty("outcome").GetString());
        }

        Assert.DoesNotContain("::warning", second.Error, StringComparison.Ordinal);
        var retag = CommitMessageParser.Parse(GitCli.Run(bare, "log", "-1", "--format=%B", "gitstreamsync/main"));
        Assert.Equal(
            ["imagestreams/myubuntu.yaml#myubuntu:16.04", "imagestreams/webapp.yaml#webapp-base:build"],
            retag.Digests.Select(d => d.Key.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(["imagestreams/myubuntu.yaml", "imagestreams/webapp.yaml"], GitCli.Run(bare, "diff", "--name-only", "main", "gitstreamsync/main").Trim().Split('\n'));

        var third = await SyncAsync(url);
        Assert.StartsWith("gitstreamsync/main already proposes these 2 tags", third.Out, StringComparison.Ordinal);
    }

    private async Task<CliResult> SyncAsync(string url, string[]? extra = null, bool actions = false)
    {
        var args = new List<string> { "sync", url };
        args.AddRange(ExampleImages.MirrorOnlyArguments(Example, registry.BaseUri));

        args.AddRange(extra ?? []);
        var environment = new Dictionary<string, string>
        {
            ["GITSTREAMSYNC_GIT_USERNAME"] = git.User,
            ["GITSTREAMSYNC_GIT_PASSWORD"] = git.Password,
        };
        if (actions)
        {
            environment["GITHUB_ACTIONS"] = "true";
        }

        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var cli = new CliEnvironment(output, error, environment, new FixedClock(CliRunner.FixedNow), RepositoryRoot.Path);
        var exitCode = await CliApplication.RunAsync(args, cli, CancellationToken.None);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>
    /// A fixed "now" (the run's timestamps are in the golden tree) with real timers: the registry
    /// client's retry back-off and deadlines must still elapse, which a FakeTimeProvider never does.
    /// </summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
