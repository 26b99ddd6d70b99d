using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Registry;
using GitStreamSync.Testing.Sync;

namespace GitStreamSync.Cli.Tests.Sync;

/// <summary>
/// Sharded resolution against the loopback Git server and a real registry: three
/// <c>plan --shard K/3 --resolutions-out</c> runs, then one <c>sync --resolutions</c> that writes
/// the same tree as one unsharded sync of the same repository, asking the registry nothing.
/// </summary>
public sealed class ShardedSyncEndToEndTests : IAsyncLifetime, IDisposable
{
    private static readonly string Example = Path.Combine(RepositoryRoot.Path, "example-repo");
    private GitHttpServer git = null!;
    private RegistryServer registry = null!;
    private readonly TemporaryDirectory work = new("shards");

    public async Task InitializeAsync()
    {
        git = GitHttpServer.Start();
        registry = await RegistryServer.StartAsync(new RegistryServerOptions { AccessLog = true });
        using var seeder = RegistrySeeder.For(registry);
        await ExampleImages.SeedAsync(seeder, Example, "v1");
    }

    public async Task DisposeAsync()
    {
        git.Dispose();
        await registry.DisposeAsync();
    }

    public void Dispose() => work.Dispose();

    [Fact]
    public async Task Three_shards_and_one_sync_commit_the_tree_of_one_unsharded_sync_without_asking_the_registry_again()
    {
        var whole = git.CreateRepositoryFromFolder("whole", Example);
        var sharded = git.CreateRepositoryFromFolder("sharded", Example);
        var unsharded = await RunAsync(["sync", whole, "--no-pull-request"]);

        await PlanShardsAsync(sharded, 3);
        var before = Requests();

        // The folder the shards wrote into stands for its files, as on the engines' shared volume.
        var result = await RunAsync(["sync", sharded, "--no-pull-request", "--resolutions", "sharded"]);

        Assert.Equal(unsharded.ExitCode, result.ExitCode);
        Assert.Equal(before, Requests());
        Assert.Contains("Applied 3 resolutions files: ", result.Out, StringComparison.Ordinal);
        Assert.Contains(" 0 asked of registries.", result.Out, StringComparison.Ordinal);
        Assert.Equal(Tree("whole"), Tree("sharded"));
        Assert.Equal(git.BranchTip("sharded", "main"), GitCli.RevParse(git.RepositoryPath("sharded"), "gitstreamsync/main^"));
    }

    [Fact]
    public async Task A_moved_base_is_planned_again_with_the_given_resolutions()
    {
        var url = git.CreateRepositoryFromFolder("moved", Example);
        var files = await PlanShardsAsync(url, 2);

        // Meanwhile someone adds a tag that follows a reference the shards already resolved.
        var moved = PushToMain("moved", "imagestreams/myubuntu.yaml", text => text.Replace(
            "  tags:\n",
            "  tags:\n  - from:\n      kind: DockerImage\n      name: ubuntu:16.04\n    name: lts\n",
            StringComparison.Ordinal));
        var before = Requests();
        var result = await RunAsync(["sync", url, "--no-pull-request", "--resolutions", .. files, "-o", "json"]);

        Assert.Equal(before, Requests());
        var bare = git.RepositoryPath("moved");
        Assert.Equal(moved, GitCli.RevParse(bare, "gitstreamsync/main^"));
        var status = GitCli.Show(bare, "gitstreamsync/main", "imagestreams/myubuntu.yaml");
        var digests = System.Text.RegularExpressions.Regex.Matches(status, @"image: (sha256:[0-9a-f]{64})").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, digests.Count);
        Assert.Single(digests.Distinct());
        Assert.Contains("tag: lts", status, StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(result.Out);
        Assert.Equal(0, json.RootElement.GetProperty("resolutions").GetProperty("askedOfRegistries").GetInt32());
    }

    [Fact]
    public async Task Files_of_another_repository_are_refused_before_anything_is_written()
    {
        var mine = git.CreateRepositoryFromFolder("mine", Example);
        var theirs = git.CreateRepositoryFromFolder("theirs", Example);
        var files = await PlanShardsAsync(theirs, 1);

        var result = await RunAsync(["sync", mine, "--no-pull-request", "--resolutions", .. files]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal($"gitstreamsync: {files[0]}: made against 127.0.0.1:{git.Port}/git/theirs, not 127.0.0.1:{git.Port}/git/mine\n", result.Error);
        Assert.Null(git.BranchTip("mine", "gitstreamsync/main"));
    }

    [Fact]
    public async Task A_stale_or_overlapping_file_is_refused_naming_it()
    {
        var url = git.CreateRepositoryFromFolder("refused", Example);
        var files = await PlanShardsAsync(url, 2);
        var copy = Path.Combine(work.Path, "copy-of-shard-0.json");
        File.Copy(Path.Combine(work.Path, files[0]), copy);

        var overlapping = await RunAsync(["sync", url, "--resolutions", files[0], files[1], copy]);
        var stale = await RunAsync(["sync", url, "--resolutions", .. files], now: CliRunner.FixedNow.AddMinutes(61));
        var accepted = await RunAsync(["sync", url, "--no-pull-request", "--max-resolution-age", "2h", "--resolutions", .. files], now: CliRunner.FixedNow.AddMinutes(61));

        Assert.Equal(ExitCodes.Usage, overlapping.ExitCode);
        Assert.StartsWith($"gitstreamsync: {copy} (shard 0/2) overlaps {files[0]} (shard 0/2): both cover ", overlapping.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, stale.ExitCode);
        Assert.StartsWith($"gitstreamsync: {files[0]}: made at 2026-01-15T09:30:00Z, 1h01m ago, older than --max-resolution-age 1h00m", stale.Error, StringComparison.Ordinal);
        Assert.NotEqual(ExitCodes.Usage, accepted.ExitCode);
        Assert.NotNull(git.BranchTip("refused", "gitstreamsync/main"));
    }

    private async Task<string[]> PlanShardsAsync(string url, int count)
    {
        var files = new List<string>();
        for (var index = 0; index < count; index++)
        {
            var file = $"{Path.GetFileNameWithoutExtension(url)}/shard-{index}-of-{count}.json";
            var result = await RunAsync(["plan", url, "--shard", $"{index}/{count}", "--resolutions-out", file]);
            Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
            Assert.Contains($"shard {index}/{count}: ", result.Error, StringComparison.Ordinal);
            files.Add(file);
        }

        return [.. files];
    }

    // Tag resolutions only: the sync still reads the image configs of the moved digests (by digest)
    // for the pull request's provenance, but never asks a registry about a tag a file covers.
    private int Requests() => TagManifestRequests.Count(registry.LogPath);

    private string Tree(string name) => GitCli.RevParse(git.RepositoryPath(name), "gitstreamsync/main^{tree}")!;

    private string PushToMain(string name, string path, Func<string, string> edit)
    {
        var clone = Path.Combine(work.Path, "clone-" + name);
        GitCli.Run(work.Path, "clone", "-q", git.RepositoryPath(name), clone);
        var file = Path.Combine(clone, path);
        var text = File.ReadAllText(file);
        var edited = edit(text);
        Assert.NotEqual(text, edited);
        File.WriteAllText(file, edited);
        GitCli.Run(clone, "-c", "user.name=A Person", "-c", "user.email=person@example.com", "commit", "-qam", "Add the lts tag");
        GitCli.Run(clone, "push", "-q", "origin", "main");
        return GitCli.RevParse(clone, "HEAD")!;
    }

    private async Task<CliResult> RunAsync(string[] args, DateTimeOffset? now = null)
    {
        var all = new List<string>(args);
        all.AddRange(ExampleImages.MirrorOnlyArguments(Example, registry.BaseUri));

        var environment = new Dictionary<string, string>
        {
            ["GITSTREAMSYNC_GIT_USERNAME"] = git.User,
            ["GITSTREAMSYNC_GIT_PASSWORD"] = git.Password,
            ["GITSTREAMSYNC_CACHE_DIR"] = Path.Combine(work.Path, "cache"),
        };
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var cli = new CliEnvironment(output, error, environment, new FixedClock(now ?? CliRunner.FixedNow), work.Path);
        var exitCode = await CliApplication.RunAsync(all, cli, CancellationToken.None);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>A fixed "now" with real timers, so the registry client's back-off and deadlines still elapse.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
