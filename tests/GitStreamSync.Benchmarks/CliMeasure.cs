using System.Diagnostics;
using System.Globalization;

namespace GitStreamSync.Benchmarks;

/// <summary>
/// One fresh process of the CLI (a .dll through <c>dotnet</c>, or an executable) under
/// <c>/usr/bin/time</c>: wall time, CPU (user + system) and peak resident memory.
/// </summary>
internal static class CliMeasure
{
    public sealed record Result(double WallMs, double CpuMs, long PeakKilobytes, int ExitCode, string Output);

    /// <summary>How <paramref name="program"/> is started: a .dll through <c>dotnet</c>, anything else (a native or ReadyToRun executable) as it is.</summary>
    public static IEnumerable<string> Command(string program) =>
        program.EndsWith(".dll", StringComparison.Ordinal) ? ["dotnet", program] : [program];

    public static Result Run(string program, IReadOnlyList<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var stats = Path.Combine(Path.GetTempPath(), $"gss-time-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (var arg in new[] { "-f", "%U %S %M", "-o", stats }.Concat(Command(program)).Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("/usr/bin/time did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        clock.Stop();
        if (process.ExitCode is not (0 or 1))
        {
            Console.Error.WriteLine($"{Path.GetFileName(program)} {string.Join(' ', args)} exited {process.ExitCode}: {error.Result.Trim()}");
        }

        var fields = File.ReadAllLines(stats).Last(l => l.Length > 0).Split(' ');
        File.Delete(stats);
        var cpu = (double.Parse(fields[0], CultureInfo.InvariantCulture) + double.Parse(fields[1], CultureInfo.InvariantCulture)) * 1000;
        return new Result(clock.Elapsed.TotalMilliseconds, cpu, long.Parse(fields[2], CultureInfo.InvariantCulture), process.ExitCode, output.Result);
    }
}

/// <summary>Where the Release build of the CLI is, from the benchmark's own output folder.</summary>
internal static class CliPaths
{
    public static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "GitStreamSync.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? Directory.GetCurrentDirectory();
    }

    public static string BuiltCli() => Path.Combine(RepositoryRoot(), "src/GitStreamSync.Cli/bin/Release/net10.0/gitstreamsync.dll");
}
