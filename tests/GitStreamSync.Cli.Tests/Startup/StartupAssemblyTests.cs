using GitStreamSync.Testing.Git;

namespace GitStreamSync.Cli.Tests.Startup;

/// <summary>
/// A short command loads only what it uses: each assembly the runtime loads costs start-up time
/// (mapping, type loading), so <c>--version</c> and <c>validate</c> must not pull in the Git,
/// GitHub, worker or retry libraries. Checked in a child process of the built tool.
/// </summary>
public sealed class StartupAssemblyTests
{
    private static readonly string[] NetworkAndWorker =
        ["LibGit2Sharp", "Octokit", "Polly.Core", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.DependencyInjection"];

    [Fact]
    public async Task Version_loads_neither_the_parser_nor_the_core()
    {
        // A Docker config folder without config.json: nothing to read, so no JSON library either.
        using var docker = new TemporaryDirectory("gss-docker-config-");
        var (exitCode, output, loaded) = await LoadedAssemblies.RunAsync(["--version"], new Dictionary<string, string> { ["DOCKER_CONFIG"] = docker.Path });

        Assert.Equal(0, exitCode);
        Assert.Matches(@"^[0-9]+\.[0-9]+\.[0-9]+\S*\r?\n$", output);
        Assert.Contains("gitstreamsync", loaded);
        Assert.DoesNotContain("System.CommandLine", loaded);
        Assert.DoesNotContain("GitStreamSync.Core", loaded);
        Assert.DoesNotContain("YamlDotNet", loaded);
        Assert.DoesNotContain("System.Text.Json", loaded);
        foreach (var name in NetworkAndWorker)
        {
            Assert.DoesNotContain(name, loaded);
        }
    }

    [Fact]
    public async Task Validate_loads_no_git_github_worker_or_retry_library()
    {
        var (exitCode, output, loaded) = await LoadedAssemblies.RunAsync("validate", Path.Combine(RepositoryRoot.Path, "example-repo"));

        Assert.True(exitCode == 0, output);
        Assert.Contains("GitStreamSync.Core", loaded);
        Assert.Contains("YamlDotNet", loaded);
        foreach (var name in NetworkAndWorker)
        {
            Assert.DoesNotContain(name, loaded);
        }

        // The settings' mirror URL is read without System.Uri, and a few files are read in a plain
        // loop: neither library is loaded, each of which cost a visible part of the start-up.
        Assert.DoesNotContain("System.Private.Uri", loaded);
        Assert.DoesNotContain("System.Threading.Tasks.Parallel", loaded);

        // validate never logs: the logging library is not loaded (its abstractions are: the log level option).
        Assert.DoesNotContain("Microsoft.Extensions.Logging", loaded);
    }
}
