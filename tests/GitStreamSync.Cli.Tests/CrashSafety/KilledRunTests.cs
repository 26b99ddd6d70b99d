using System.Text.RegularExpressions;
using GitStreamSync.Core.Images;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Cli.Tests.CrashSafety;

/// <summary>Where a run is killed: the Git server holds the request of that step until the process is gone.</summary>
public enum KillPoint
{
    WhileCloningIntoTheCache,
    WhileFetchingIntoTheCache,
    AfterTheCommit,
    DuringThePush,
}

/// <summary>One registry and Git server for the killed-run tests (they run one after another).</summary>
public sealed class KilledRunServers : IAsyncLifetime
{
    private static readonly Platform Amd64 = Platform.Parse("linux/amd64");

    public RegistryServer Registry { get; private set; } = null!;

    public GitHttpServer Git { get; private set; } = null!;

    /// <summary>What the uninterrupted runs gave, made once for every kill point.</summary>
    public Task<string>? Reference { get; set; }

    public async Task InitializeAsync()
    {
        Registry = await RegistryServer.StartAsync();
        using var seeder = RegistrySeeder.For(Registry);
        await seeder.PushImageAsync("team/app", "1.0", ManifestFormat.Oci, Amd64, unique: "app-1");
        await seeder.PushImageAsync("team/db", "1.0", ManifestFormat.Oci, Amd64, unique: "db-1");
        Git = GitHttpServer.Start();
    }

    public async Task DisposeAsync()
    {
        Git.Dispose();
        await Registry.DisposeAsync();
    }
}

/// <summary>
/// <c>sync</c> with a Git cache folder, killed with SIGKILL at a point of its work and run again: the
/// result on the server is what an uninterrupted run gives, and the cache folder keeps nothing half-made.
/// </summary>
public sealed partial class KilledRunTests(KilledRunServers servers) : IClassFixture<KilledRunServers>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(KillPoint.WhileCloningIntoTheCache)]
    [InlineData(KillPoint.WhileFetchingIntoTheCache)]
    [InlineData(KillPoint.AfterTheCommit)]
    [InlineData(KillPoint.DuringThePush)]
    public async Task A_run_killed_at_any_point_is_finished_by_the_next_run_with_the_uninterrupted_result(KillPoint point)
    {
        servers.Reference ??= SyncTwiceAsync(killAt: null);
        var reference = await servers.Reference;
        var killed = await SyncTwiceAsync(killAt: point);

        Assert.Equal(reference, killed);
    }

    /// <summary>
    /// Two runs with one cache folder and a new stream on the base branch between them; the run of
    /// the kill point is killed there once and started again. Returns the tool's branch, normalised.
    /// </summary>
    private async Task<string> SyncTwiceAsync(KillPoint? killAt)
    {
        var git = servers.Git;
        var name = "killed-" + Guid.NewGuid().ToString("N")[..8];
        var url = git.CreateRepository(name, new Dictionary<string, string> { ["streams/app.yaml"] = Stream("app", "team/app") });
        using var cache = new TemporaryDirectory("kill-cache");
        var environment = new Dictionary<string, string>
        {
            ["GITSTREAMSYNC_GIT_USERNAME"] = git.User,
            ["GITSTREAMSYNC_GIT_PASSWORD"] = git.Password,
            ["GITSTREAMSYNC_GIT_CACHE"] = Path.Combine(cache.Path, "git"),
            ["GITSTREAMSYNC_CACHE_DIR"] = Path.Combine(cache.Path, "registry"),
        };
        string[] sync = ["sync", url, "--no-pull-request", "--insecure-registry", servers.Registry.HostPort];

        await RunAsync(sync, environment, killAt == KillPoint.WhileCloningIntoTheCache ? GitRequestKind.UploadPack : null);
        AddStream(git.RepositoryPath(name), "db", "team/db");
        var secondKill = killAt switch
        {
            KillPoint.WhileFetchingIntoTheCache => GitRequestKind.UploadPack,
            KillPoint.AfterTheCommit => GitRequestKind.ReceivePackAdvertisement,
            KillPoint.DuringThePush => GitRequestKind.ReceivePack,
            _ => (GitRequestKind?)null,
        };
        await RunAsync(sync, environment, secondKill);

        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(cache.Path, "git"), ".*"));
        return Branch(git.RepositoryPath(name));
    }

    private async Task RunAsync(string[] args, Dictionary<string, string> environment, GitRequestKind? killAt)
    {
        var git = servers.Git;
        if (killAt is { } kind)
        {
            using var hold = git.Hold(kind);
            using var cli = CliProcess.Start(args, environment);
            Assert.True(await git.WaitUntilHeldAsync(kind, Bound), $"the run never reached {kind}: {cli.Output}");
            await cli.KillAsync();
            hold.Dispose();
            Assert.True(await git.WaitUntilHeldRequestEndedAsync(kind, Bound), $"the held {kind} request did not end");
        }

        var (exitCode, output) = await CliProcess.RunAsync(args, environment);
        Assert.True(exitCode == 0, $"exit {exitCode}: {output}");
    }

    /// <summary>The tool's branch: its parent must be the base's tip; its message and files with run times and run ids blanked out.</summary>
    private static string Branch(string bare)
    {
        Assert.Equal(GitCli.RevParse(bare, "refs/heads/main"), GitCli.RevParse(bare, "refs/heads/gitstreamsync/main^"));
        var files = GitCli.Run(bare, "ls-tree", "-r", "--name-only", "gitstreamsync/main").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var text = GitCli.Run(bare, "log", "-1", "--format=%B", "gitstreamsync/main")
            + string.Concat(files.Select(f => $"--- {f}\n{GitCli.Show(bare, "gitstreamsync/main", f)}"));
        return RunIds().Replace(Timestamps().Replace(text, "TIME"), "RUN");
    }

    private string Stream(string name, string repository) =>
        $"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: {name}\nspec:\n  tags:\n  - name: \"1.0\"\n    from:\n      kind: DockerImage\n      name: {servers.Registry.HostPort}/{repository}:1.0\n";

    private void AddStream(string bare, string name, string repository)
    {
        using var work = new TemporaryDirectory("kill-work");
        var clone = Path.Combine(work.Path, "c");
        GitCli.Run(work.Path, "clone", "-q", bare, clone);
        GitCli.WriteFiles(clone, new Dictionary<string, string> { [$"streams/{name}.yaml"] = Stream(name, repository) });
        GitCli.Run(clone, "add", "-A");
        GitCli.Run(clone, "commit", "-q", "-m", $"add {name}");
        GitCli.Run(clone, "push", "-q", "origin", "main");
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z")]
    private static partial Regex Timestamps();

    [GeneratedRegex(@"\d{8}T\d{6}Z-[0-9a-z]+")]
    private static partial Regex RunIds();
}
