using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Registry;
using GitStreamSync.Testing.Sync;

namespace GitStreamSync.Cli.Tests.Sync;

/// <summary>
/// <c>sync URL URL...</c> against the loopback Git server and a real registry whose access log is
/// counted: references that several repositories name are asked once per run, each repository gets
/// its own commit and report, and one repository's failure stops no other.
/// </summary>
public sealed class ManyRepositoriesEndToEndTests : IAsyncLifetime, IDisposable
{
    private static readonly string Example = Path.Combine(RepositoryRoot.Path, "example-repo");
    private readonly TemporaryDirectory work = new("many");
    private GitHttpServer git = null!;
    private RegistryServer registry = null!;

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
    public async Task Three_repositories_naming_the_same_images_ask_the_registry_what_one_asks()
    {
        var alone = git.CreateRepositoryFromFolder("alone", Example);
        string[] many = [git.CreateRepositoryFromFolder("team-a", Example), git.CreateRepositoryFromFolder("team-b", Example), git.CreateRepositoryFromFolder("team-c", Example)];

        var before = ManifestRequests();
        var single = await RunAsync(["sync", alone, "--no-pull-request"], "cache-alone");
        var one = ManifestRequests() - before;
        var result = await RunAsync(["sync", .. many, "--no-pull-request", "--parallel-repositories", "2"], "cache-many");
        var three = ManifestRequests() - before - one;

        Assert.True(one > 0);
        Assert.Equal(one, three);
        Assert.Equal(single.ExitCode, result.ExitCode);
        foreach (var name in new[] { "team-a", "team-b", "team-c" })
        {
            Assert.Contains($"== {git.Url(name)}\nPushed ", result.Out, StringComparison.Ordinal);
            Assert.Equal(Tree("alone"), Tree(name));
        }

        Assert.Contains("3 repositories, 0 failed; ", result.Out, StringComparison.Ordinal);
        Assert.True(
            result.Out.IndexOf(git.Url("team-a"), StringComparison.Ordinal) < result.Out.IndexOf(git.Url("team-b"), StringComparison.Ordinal)
            && result.Out.IndexOf(git.Url("team-b"), StringComparison.Ordinal) < result.Out.IndexOf(git.Url("team-c"), StringComparison.Ordinal),
            "reports come in the order the repositories were given");
    }

    [Fact]
    public async Task A_repository_that_fails_is_reported_and_the_others_are_synced()
    {
        var good = git.CreateRepositoryFromFolder("good", Example);
        var missing = git.Url("missing");

        var result = await RunAsync(["sync", missing, good, "--no-pull-request", "-o", "json"], "cache-json");

        Assert.Equal(ExitCodes.GitFailure, result.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(result.Out);
        var repositories = json.RootElement.GetProperty("repositories");
        Assert.Equal(missing, repositories[0].GetProperty("location").GetString());
        Assert.StartsWith("git: ", repositories[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("pushed", repositories[1].GetProperty("outcome").GetString());
        Assert.NotNull(git.BranchTip("good", "gitstreamsync/main"));
    }

    // Tag resolutions, shared by the repositories of one run (image configs read for each
    // repository's pull-request provenance are by digest and not counted here).
    private int ManifestRequests() => TagManifestRequests.Count(registry.LogPath);

    private string Tree(string name) => GitCli.RevParse(git.RepositoryPath(name), "gitstreamsync/main^{tree}")!;

    private async Task<CliResult> RunAsync(string[] args, string cache)
    {
        var all = new List<string>(args);
        all.AddRange(ExampleImages.MirrorOnlyArguments(Example, registry.BaseUri));

        var environment = new Dictionary<string, string>
        {
            ["GITSTREAMSYNC_GIT_USERNAME"] = git.User,
            ["GITSTREAMSYNC_GIT_PASSWORD"] = git.Password,
            ["GITSTREAMSYNC_CACHE_DIR"] = Path.Combine(work.Path, cache),
        };
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var cli = new CliEnvironment(output, error, environment, new FixedClock(CliRunner.FixedNow), work.Path);
        var exitCode = await CliApplication.RunAsync(all, cli, CancellationToken.None);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>A fixed "now" with real timers, so the registry client's back-off and deadlines still elapse.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
