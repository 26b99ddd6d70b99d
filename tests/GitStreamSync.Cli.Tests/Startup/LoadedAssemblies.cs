using GitStreamSync.Cli.Tests.CrashSafety;

namespace GitStreamSync.Cli.Tests.Startup;

/// <summary>Runs the built tool as a child process and reads back which assemblies the run loaded.</summary>
internal static class LoadedAssemblies
{
    public static Task<(int ExitCode, string Output, IReadOnlySet<string> Loaded)> RunAsync(params string[] args) =>
        RunAsync(args, new Dictionary<string, string>());

    public static async Task<(int ExitCode, string Output, IReadOnlySet<string> Loaded)> RunAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> variables)
    {
        var file = Path.Combine(Path.GetTempPath(), $"gss-loaded-{Guid.NewGuid():N}.txt");
        try
        {
            var environment = new Dictionary<string, string>(variables)
            {
                ["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location,
                [StartupHook.FileVariable] = file,
            };
            var (exitCode, output) = await CliProcess.RunAsync(args, environment);
            Assert.True(File.Exists(file), $"the start-up hook wrote no list: {output}");
            return (exitCode, output, new HashSet<string>(await File.ReadAllLinesAsync(file), StringComparer.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
