using System.Diagnostics;
using System.Text;

namespace GitStreamSync.Cli.Tests.CrashSafety;

/// <summary>
/// <c>gitstreamsync</c> as a real child process (the build next to the tests), so a test can kill it
/// with SIGKILL at a chosen point and run it again, as an operator or Kubernetes would.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private CliProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static CliProcess Start(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Executable());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Only what the test gives: no token or cache of the machine running the tests.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("GITSTREAMSYNC_", StringComparison.Ordinal) || k.StartsWith("GITHUB_", StringComparison.Ordinal) || k is "GH_TOKEN" or "CI").ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new CliProcess(Process.Start(start) ?? throw new InvalidOperationException("gitstreamsync did not start"));
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment)
    {
        using var cli = Start(args, environment);
        var exitCode = await cli.WaitAsync(TimeSpan.FromSeconds(120));
        return (exitCode, cli.Output);
    }

    /// <summary>
    /// The command's own build output (same configuration as the tests): the copy next to the tests
    /// lacks the assemblies that only the command's dependency graph brings.
    /// </summary>
    private static string Executable()
    {
        var here = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
        var configuration = Path.GetFileName(Path.GetDirectoryName(here)!);
        var path = Path.Combine(RepositoryRoot.Path, "src", "GitStreamSync.Cli", "bin", configuration, Path.GetFileName(here), "gitstreamsync.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"build the solution first: {path} is missing", path);
    }

    /// <summary>SIGKILL: no handler runs, nothing is flushed or cleaned up.</summary>
    public async Task KillAsync()
    {
        process.Kill();
        await WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"gitstreamsync did not exit within {timeout.TotalSeconds} s: {Output}");
        }

        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
