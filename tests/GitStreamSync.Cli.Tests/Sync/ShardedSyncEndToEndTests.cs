using GitStreamSync.Testing.Git;

namespace GitStreamSync.Cli.Tests.Sync;

/// <summary>
/// Sharded resolution against the loopback Git server and a real registry: three
/// <c>plan --shard K/3 --resolutions-out</c> runs, then one <c>sync --resolutions</c> that writes
/// the same tree as one unsharded sync of the same repository, asking the registry nothing.
/// </summary>
public sealed class ShardedSyncEndToEndTests : IAsyncLifetime
{
    private static readonly string Example = ExampleServers.Example;
    private ExampleServers servers = null!;

    private GitHttpServer Git => servers.Git;

    private TemporaryDirectory Work => servers.Work;

    public async Task InitializeAsync() => servers = await ExampleServers.StartAsync("shards");

    public async Task DisposeAsync() => await servers.DisposeAsync();

    [Fact]
    public async Task Three_shards_and_one_sync_commit_the_tree_of_one_unsharded_sync_without_asking_the_registry_again()
    {
        var whole = Git.CreateRepositoryFromFolder("whole", Example);
        var sharded = Git.CreateRepositoryFromFolder("sharded", Example);
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
        Assert.Equal(Git.BranchTip("sharded", "main"), GitCli.RevParse(Git.RepositoryPath("sharded"), "gitstreamsync/main^"));
    }

    [Fact]
    public async Task A_moved_base_is_planned_again_with_the_given_resolutions()
    {
        var url = Git.CreateRepositoryFromFolder("moved", Example);
        var files = await PlanShardsAsync(url, 2);

        // Meanwhile someone adds a tag that follows a reference the shards already resolved.
        var moved = PushToMain("moved", "imagestreams/myubuntu.yaml", text => text.Replace(
            "  tags:\n",
            "  tags:\n  - from:\n      kind: DockerImage\n      name: ubuntu:16.04\n    name: lts\n",
            StringComparison.Ordinal));
        var before = Requests();
        var result = await RunAsync(["sync", url, "--no-pull-request", "--resolutions", .. files, "-o", "json"]);

        Assert.Equal(before, Requests());
        var bare = Git.RepositoryPath("moved");
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
        var mine = Git.CreateRepositoryFromFolder("mine", Example);
        var theirs = Git.CreateRepositoryFromFolder("theirs", Example);
        var files = await PlanShardsAsync(theirs, 1);

        var result = await RunAsync(["sync", mine, "--no-pull-request", "--resolutions", .. files]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal($"gitstreamsync: {files[0]}: made against 127.0.0.1:{Git.Port}/git/theirs, not 127.0.0.1:{Git.Port}/git/mine\n", result.Error);
        Assert.Null(Git.BranchTip("mine", "gitstreamsync/main"));
    }

    [Fact]
    public async Task A_stale_or_overlapping_file_is_refused_naming_it()
    {
        var url = Git.CreateRepositoryFromFolder("refused", Example);
        var files = await PlanShardsAsync(url, 2);
        var copy = Path.Combine(Work.Path, "copy-of-shard-0.json");
        File.Copy(Path.Combine(Work.Path, files[0]), copy);

        var overlapping = await RunAsync(["sync", url, "--resolutions", files[0], files[1], copy]);
        var stale = await RunAsync(["sync", url, "--resolutions", .. files], now: CliRunner.FixedNow.AddMinutes(61));
        var accepted = await RunAsync(["sync", url, "--no-pull-request", "--max-resolution-age", "2h", "--resolutions", .. files], now: CliRunner.FixedNow.AddMinutes(61));

        Assert.Equal(ExitCodes.Usage, overlapping.ExitCode);
        Assert.StartsWith($"gitstreamsync: {copy} (shard 0/2) overlaps {files[0]} (shard 0/2): both cover ", overlapping.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, stale.ExitCode);
        Assert.StartsWith($"gitstreamsync: {files[0]}: made at 2026-01-15T09:30:00Z, 1h01m ago, older than --max-resolution-age 1h00m", stale.Error, StringComparison.Ordinal);
        Assert.NotEqual(ExitCodes.Usage, accepted.ExitCode);
        Assert.NotNull(Git.BranchTip("refused", "gitstreamsync/main"));
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
    private int Requests() => servers.TagRequests();

    private string Tree(string name) => servers.Tree(name);

    private string PushToMain(string name, string path, Func<string, string> edit)
    {
        var clone = Path.Combine(Work.Path, "clone-" + name);
        GitCli.Run(Work.Path, "clone", "-q", Git.RepositoryPath(name), clone);
        var file = Path.Combine(clone, path);
        var text = File.ReadAllText(file);
        var edited = edit(text);
        Assert.NotEqual(text, edited);
        File.WriteAllText(file, edited);
        GitCli.Run(clone, "-c", "user.name=A Person", "-c", "user.email=person@example.com", "commit", "-qam", "Add the lts tag");
        GitCli.Run(clone, "push", "-q", "origin", "main");
        return GitCli.RevParse(clone, "HEAD")!;
    }

    private Task<CliResult> RunAsync(string[] args, DateTimeOffset? now = null) => servers.RunAsync(args, now: now);
}
