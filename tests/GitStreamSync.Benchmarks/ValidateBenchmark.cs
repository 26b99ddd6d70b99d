using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Validate;
using System.Diagnostics;
using System.Globalization;
using GitStreamSync.Adapters.Files;
using GitStreamSync.Cli;

namespace GitStreamSync.Benchmarks;

/// <summary>
/// <c>validate</c> over a generated repository (default 1,000 files, 10,000 tags): the median of N
/// runs of the real executable (process start included, as a CI step pays it) and of N in-process
/// runs (the reading and checking alone).
/// </summary>
internal static class ValidateBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var files = ReadOption(args, "--files", 1000);
        var tags = ReadOption(args, "--tags", 10000);
        var runs = ReadOption(args, "--runs", 5);
        var keep = args.SkipWhile(a => a != "--keep").Skip(1).FirstOrDefault();
        var root = keep ?? Path.Combine(Path.GetTempPath(), $"gss-bench-validate-{Environment.ProcessId}");
        try
        {
            var (fileCount, tagCount) = GeneratedRepository.Write(root, files, tags);
            Console.WriteLine($"repository: {root} ({fileCount} files, {tagCount} tags)");

            var process = new List<double>();
            var cli = CliAssemblyPath();
            for (var run = 0; run < runs; run++)
            {
                process.Add(await TimeProcessAsync(cli, root));
            }

            var inProcess = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                inProcess.Add(await TimeInProcessAsync(root));
            }

            var phases = new List<(double Files, double Read, double Check)>();
            for (var run = 0; run < runs; run++)
            {
                phases.Add(TimePhases(root));
            }

            Console.WriteLine($"validate, process: median {Median(process):F0} ms of {runs} runs ({Join(process)})");
            Console.WriteLine($"validate, in-process: median {Median(inProcess):F0} ms of {runs} runs ({Join(inProcess)})");
            Console.WriteLine($"phases (medians): file system {Median(phases.Select(p => p.Files).ToList()):F0} ms, "
                + $"reader {Median(phases.Select(p => p.Read).ToList()):F0} ms, checks {Median(phases.Select(p => p.Check).ToList()):F0} ms");
            return 0;
        }
        finally
        {
            if (keep is null && Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static async Task<double> TimeProcessAsync(string cliAssembly, string root)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(cliAssembly);
        start.ArgumentList.Add("validate");
        start.ArgumentList.Add(root);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        watch.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"validate exited {process.ExitCode}: {await output}{await error}");
        }

        return watch.Elapsed.TotalMilliseconds;
    }

    private static (double Files, double Read, double Check) TimePhases(string root)
    {
        var watch = Stopwatch.StartNew();
        var files = new RepositoryFileSource(root).ReadManifests(new PathFilter(["streams"]));
        var afterFiles = watch.Elapsed.TotalMilliseconds;
        var read = ImageStreamReader.ReadRepository(files.Files);
        var afterRead = watch.Elapsed.TotalMilliseconds;
        var report = RepositoryValidator.Validate(read.Streams, read.Problems, read.FileCount);
        var afterCheck = watch.Elapsed.TotalMilliseconds;
        return report.IsClean
            ? (afterFiles, afterRead - afterFiles, afterCheck - afterRead)
            : throw new InvalidOperationException(string.Join("\n", report.Problems.Take(5)));
    }

    private static async Task<double> TimeInProcessAsync(string root)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment(output, error, new Dictionary<string, string>(), TimeProvider.System, Environment.CurrentDirectory);
        var watch = Stopwatch.StartNew();
        var exit = await CliApplication.RunAsync(["validate", root], environment, CancellationToken.None);
        watch.Stop();
        return exit == 0 ? watch.Elapsed.TotalMilliseconds : throw new InvalidOperationException($"validate exited {exit}: {output}{error}");
    }

    /// <summary>
    /// The Cli's own build output (building this project builds it too): its deps.json describes
    /// its own folder, which the copy next to this program does not.
    /// </summary>
    private static string CliAssemblyPath()
    {
        var directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "GitStreamSync.sln")))
        {
            directory = Path.GetDirectoryName(directory.TrimEnd('/'));
        }

        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(directory ?? throw new InvalidOperationException("GitStreamSync.sln not found"), "src", "GitStreamSync.Cli", "bin", configuration, "net10.0", "gitstreamsync.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"build the Cli first: {path}");
    }

    private static int ReadOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Join(List<double> values) => string.Join(", ", values.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)));
}
