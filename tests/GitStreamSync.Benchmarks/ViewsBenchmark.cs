using System.Diagnostics;
using System.Globalization;
using GitStreamSync.Cli;

namespace GitStreamSync.Benchmarks;

/// <summary>
/// <c>get is</c>, <c>get istag</c> and <c>render --format openshift</c> over a generated repository
/// (default 1,000 files, one stream or more each, 10,000 tags), a plain folder read from disk: the
/// median of N in-process runs of the whole command (reading, parsing, printing).
/// </summary>
internal static class ViewsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var files = ReadOption(args, "--files", 1000);
        var tags = ReadOption(args, "--tags", 10000);
        var runs = ReadOption(args, "--runs", 5);
        var root = Path.Combine(Path.GetTempPath(), $"gss-bench-views-{Environment.ProcessId}");
        try
        {
            var (fileCount, tagCount) = GeneratedRepository.Write(root, files, tags);
            string[][] commands = [["get", "is", root], ["get", "istag", root], ["render", root, "--format", "openshift", "--allow-missing"]];
            foreach (var command in commands)
            {
                var times = new List<double>();
                var cpu = new List<double>();
                var lines = 0;
                for (var run = 0; run < runs; run++)
                {
                    // CPU time says what the command costs when the machine is busy with other work.
                    var before = Process.GetCurrentProcess().TotalProcessorTime;
                    var (elapsed, output) = await TimeAsync(command);
                    cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds);
                    times.Add(elapsed);
                    lines = output.Count(c => c == '\n');
                }

                Console.WriteLine($"{command[0]} {(command[0] == "get" ? command[1] : command[3])} over {fileCount} files, {tagCount} tags: "
                    + $"median {Median(times):F0} ms wall, {Median(cpu):F0} ms CPU of {runs} runs ({string.Join(", ", times.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))}); {lines} lines");
            }

            return 0;
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static async Task<(double Milliseconds, string Output)> TimeAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment(output, error, new Dictionary<string, string>(), TimeProvider.System, Environment.CurrentDirectory);
        var watch = Stopwatch.StartNew();
        var exit = await CliApplication.RunAsync(args, environment, CancellationToken.None);
        watch.Stop();
        return exit == 0 ? (watch.Elapsed.TotalMilliseconds, output.ToString()) : throw new InvalidOperationException($"{args[0]} exited {exit}: {error}");
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
}
