using System.Text.Json;
using GitStreamSync.Cli.Tests.CrashSafety;

namespace GitStreamSync.Cli.Tests;

/// <summary>
/// The tool runs without code generated at run time (its start-up depends on it): the built
/// command says so in its runtime settings, and as a process it reads a repository and writes
/// JSON and YAML, the paths that would otherwise emit or compile code.
/// </summary>
public sealed class NoRuntimeCodeGenerationTests
{
    private static readonly Dictionary<string, string> NoVariables = [];

    [Fact]
    public void The_built_tool_turns_run_time_code_generation_off()
    {
        // The command's own build output, of the tests' configuration, as CliProcess runs it.
        var here = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
        var configuration = Path.GetFileName(Path.GetDirectoryName(here)!);
        var settings = Path.Combine(RepositoryRoot.Path, "src", "GitStreamSync.Cli", "bin", configuration, Path.GetFileName(here), "gitstreamsync.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(settings));

        var switches = document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.False(switches.GetProperty("System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported").GetBoolean());
    }

    [Fact]
    public void The_built_tool_turns_reflection_based_json_serialization_off()
    {
        // As Native AOT does: a document left on the reflection serializer fails in these tests too.
        var here = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
        var configuration = Path.GetFileName(Path.GetDirectoryName(here)!);
        var settings = Path.Combine(RepositoryRoot.Path, "src", "GitStreamSync.Cli", "bin", configuration, Path.GetFileName(here), "gitstreamsync.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(settings));

        var switches = document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.False(switches.GetProperty("System.Text.Json.JsonSerializer.IsReflectionEnabledByDefault").GetBoolean());
    }

    [Fact]
    public void The_built_tool_lets_idle_thread_pool_workers_sleep_without_spinning()
    {
        var here = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
        var configuration = Path.GetFileName(Path.GetDirectoryName(here)!);
        var settings = Path.Combine(RepositoryRoot.Path, "src", "GitStreamSync.Cli", "bin", configuration, Path.GetFileName(here), "gitstreamsync.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(settings));

        var switches = document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.Equal(0, switches.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }

    [Fact]
    public async Task Validate_reads_the_example_repository_and_writes_json()
    {
        var (exitCode, output) = await CliProcess.RunAsync(["validate", Path.Combine(RepositoryRoot.Path, "example-repo"), "-o", "json"], NoVariables);

        Assert.True(exitCode == 0, output);
        Assert.Contains("\"streams\": 7", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_writes_the_streams_as_json()
    {
        var (exitCode, output) = await CliProcess.RunAsync(["get", "is", Path.Combine(RepositoryRoot.Path, "example-repo"), "-o", "json"], NoVariables);

        Assert.True(exitCode == 0, output);
        Assert.Contains("\"kind\": \"ImageStream\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_writes_the_streams_as_yaml()
    {
        var (exitCode, output) = await CliProcess.RunAsync(["get", "is", Path.Combine(RepositoryRoot.Path, "example-repo"), "-o", "yaml"], NoVariables);

        Assert.True(exitCode == 0, output);
        Assert.Contains("kind: ImageStream", output, StringComparison.Ordinal);
    }
}
