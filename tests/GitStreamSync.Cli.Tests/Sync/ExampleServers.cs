using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Registry;
using GitStreamSync.Testing.Sync;

namespace GitStreamSync.Cli.Tests.Sync;

/// <summary>
/// What the runs over shards and over many repositories stand on: the loopback Git server, a real
/// registry with its access log, seeded with example-repo's images, a work folder, and the CLI run
/// in process with every registry host of example-repo routed to the loopback registry.
/// </summary>
internal sealed class ExampleServers : IAsyncDisposable
{
    public static readonly string Example = Path.Combine(RepositoryRoot.Path, "example-repo");

    private ExampleServers(GitHttpServer git, RegistryServer registry, TemporaryDirectory work)
    {
        Git = git;
        Registry = registry;
        Work = work;
    }

    public GitHttpServer Git { get; }
    public RegistryServer Registry { get; }
    public TemporaryDirectory Work { get; }

    public static async Task<ExampleServers> StartAsync(string name)
    {
        var work = new TemporaryDirectory(name);
        var git = GitHttpServer.Start();
        var registry = await RegistryServer.StartAsync(new RegistryServerOptions { AccessLog = true });
        using var seeder = RegistrySeeder.For(registry);
        await ExampleImages.SeedAsync(seeder, Example, "v1");
        return new ExampleServers(git, registry, work);
    }

    /// <summary>Requests that resolved a tag (by tag, not by digest) so far, from the registry's access log.</summary>
    public int TagRequests() => TagManifestRequests.Count(Registry.LogPath);

    /// <summary>The tree of the tool's branch in a repository of the Git server.</summary>
    public string Tree(string name, string branch = "gitstreamsync/main") => GitCli.RevParse(Git.RepositoryPath(name), branch + "^{tree}")!;

    /// <summary>The options that route every host example-repo names to the loopback registry alone.</summary>
    public IEnumerable<string> MirrorOptions() => ExampleImages.MirrorOnlyArguments(Example, Registry.BaseUri);

    /// <summary>The Git server's credentials and the registry cache folder <paramref name="cache"/> under the work folder.</summary>
    public Dictionary<string, string> Environment(string cache = "cache") => new()
    {
        ["GITSTREAMSYNC_GIT_USERNAME"] = Git.User,
        ["GITSTREAMSYNC_GIT_PASSWORD"] = Git.Password,
        ["GITSTREAMSYNC_CACHE_DIR"] = Path.Combine(Work.Path, cache),
    };

    /// <summary>Runs the CLI in the work folder at a fixed "now" (real timers), with the mirrors added.</summary>
    public async Task<CliResult> RunAsync(IEnumerable<string> args, string cache = "cache", DateTimeOffset? now = null, IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = Environment(cache);
        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var cli = new CliEnvironment(output, error, environment, new FixedClock(now ?? CliRunner.FixedNow), Work.Path);
        var exitCode = await CliApplication.RunAsync([.. args, .. MirrorOptions()], cli, CancellationToken.None);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        Git.Dispose();
        await Registry.DisposeAsync();
        Work.Dispose();
    }

    /// <summary>A fixed "now" with real timers, so the registry client's back-off and deadlines still elapse.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
