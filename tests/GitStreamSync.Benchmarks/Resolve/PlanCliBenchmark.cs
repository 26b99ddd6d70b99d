using System.Diagnostics;
using System.Globalization;
using System.Text;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Benchmarks.Resolve;

/// <summary>
/// <c>gitstreamsync plan</c> as a user runs it, against the network's floor measured in the same
/// run: N tags seeded into a loopback docker-registry, a working copy of F ImageStream files naming
/// them, then per run (a) <c>curl --parallel</c> HEAD of every tag and (b) the CLI's <c>plan</c> in a
/// fresh process with a cold index cache, start-up included. Prints medians of wall time, their
/// ratio, CPU per 1,000 tags, peak resident memory, and the requests per tag the registry logged.
/// </summary>
internal static class PlanCliBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var files = IntOption(args, "--files", 100);
        var tags = IntOption(args, "--tags", 1000);
        var runs = IntOption(args, "--runs", 5);
        var repositories = IntOption(args, "--repositories", 10);
        var multiPercent = IntOption(args, "--multi-percent", 10);
        var cli = StringOption(args, "--cli") ?? CliPaths.BuiltCli();

        // Another build of the CLI (say, before a change) timed in the same runs, so that two builds
        // are compared under the same load rather than across runs hours apart.
        var baseline = StringOption(args, "--baseline-cli");

        // One more run of the CLI under dotnet-trace (sampled thread time, speedscope beside it),
        // after the measured runs so that tracing slows none of them.
        var trace = StringOption(args, "--trace");

        // Keeps the seeded registry and the working copy for this many seconds before the runs, for
        // profiling by hand against the same data; the benchmark then goes on and cleans up.
        var hold = IntOption(args, "--hold", 0);
        if (!File.Exists(cli))
        {
            Console.Error.WriteLine($"{cli} not found: dotnet build src/GitStreamSync.Cli -c Release first (or pass --cli)");
            return 2;
        }

        var work = Directory.CreateTempSubdirectory("gss-bench-plan-cli-").FullName;
        await using var registry = await RegistryServer.StartAsync();
        try
        {
            var clock = Stopwatch.StartNew();
            IReadOnlyList<SeededTag> seeded;
            using (var seeder = RegistrySeeder.For(registry))
            {
                seeded = await BenchmarkSeed.SeedAsync(seeder, new ResolveBenchmarkOptions(tags, repositories, multiPercent, runs, false));
            }

            Console.WriteLine($"plan-cli: {seeded.Count} tags ({seeded.Count(t => t.MultiPlatform)} multi-platform, Legacy import) in {files} files, "
                + $"registry {registry.HostPort}; seeded in {clock.Elapsed.TotalSeconds:0.0} s; load average {LoadAverage()}");
            var repository = Path.Combine(work, "streams");
            WriteRepository(repository, registry.HostPort, seeded, files);
            var curlConfig = CurlFloor.WriteConfig(work, registry.BaseUri, seeded, _ => null);
            var warm = await CurlFloor.RunAsync(curlConfig);
            if (warm.Ok != seeded.Count)
            {
                Console.Error.WriteLine($"curl got {warm.Ok} answers 200 of {seeded.Count}; stopping");
                return 1;
            }

            string[] planArgs = ["plan", "-o", "json", "--insecure-registry", registry.HostPort];
            if (hold > 0)
            {
                Console.WriteLine($"holding {hold} s: cd {repository} && dotnet {cli} {string.Join(' ', planArgs)} --registry-cache DIR");
                await Task.Delay(TimeSpan.FromSeconds(hold));
            }

            var floors = new List<double>();
            var plans = new List<CliMeasure.Result>();
            var baselines = new List<CliMeasure.Result>();
            for (var run = 1; run <= runs; run++)
            {
                var floor = await CurlFloor.RunAsync(curlConfig);
                floors.Add(floor.Elapsed.TotalMilliseconds);
                var plan = CliMeasure.Run(cli, [.. planArgs, "--registry-cache", Path.Combine(work, $"cache-{run}")], repository);
                plans.Add(plan);
                var other = "";
                if (baseline is not null)
                {
                    var before = CliMeasure.Run(baseline, [.. planArgs, "--registry-cache", Path.Combine(work, $"cache-baseline-{run}")], repository);
                    baselines.Add(before);
                    other = $" | baseline {before.WallMs:0} ms, cpu {before.CpuMs:0} ms, peak {before.PeakKilobytes / 1024} MiB, exit {before.ExitCode}";
                }

                Console.WriteLine($"run {run}: curl {floor.Elapsed.TotalMilliseconds:0} ms | plan {plan.WallMs:0} ms, cpu {plan.CpuMs:0} ms, "
                    + $"peak {plan.PeakKilobytes / 1024} MiB, exit {plan.ExitCode}{other} | load {LoadAverage()}");
            }

            if (trace is not null)
            {
                TraceOnce(cli, [.. planArgs, "--registry-cache", Path.Combine(work, "cache-trace")], repository, Path.GetFullPath(trace));
            }

            // Requests as the registry saw them: a second registry process over the same storage, access log on.
            await using var logged = await RegistryServer.StartAsync(new RegistryServerOptions { AccessLog = true, StorageDirectory = registry.StorageDirectory });
            var loggedRepository = Path.Combine(work, "streams-logged");
            WriteRepository(loggedRepository, logged.HostPort, seeded, files);
            var counted = CliMeasure.Run(cli, ["plan", "-o", "json", "--insecure-registry", logged.HostPort, "--registry-cache", Path.Combine(work, "cache-logged")], loggedRepository);
            var counts = logged.CountLoggedRequests();

            var floorMedian = Median(floors);
            var planMedian = Median(plans.Select(p => p.WallMs).ToList());
            Console.WriteLine();
            Console.WriteLine($"curl --parallel-max 16 HEAD   median {floorMedian:0} ms ({Join(floors)})");
            Console.WriteLine($"plan, fresh process           median {planMedian:0} ms ({Join(plans.Select(p => p.WallMs))})");
            Console.WriteLine($"ratio plan/floor              {planMedian / floorMedian:0.00}");
            Console.WriteLine($"plan CPU per 1,000 tags       median {Median(plans.Select(p => p.CpuMs * 1000 / seeded.Count).ToList()):0} ms (user+sys, start-up included)");
            Console.WriteLine($"plan peak resident memory     median {Median(plans.Select(p => (double)p.PeakKilobytes).ToList()) / 1024:0} MiB, max {plans.Max(p => p.PeakKilobytes) / 1024} MiB");
            Console.WriteLine($"requests per tag, cold cache  {(double)counts.Values.Sum() / seeded.Count:0.000} ({string.Join(" ", counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"))}; exit {counted.ExitCode})");
            if (baselines.Count > 0)
            {
                var baselineMedian = Median(baselines.Select(p => p.WallMs).ToList());
                Console.WriteLine($"baseline plan, fresh process  median {baselineMedian:0} ms ({Join(baselines.Select(p => p.WallMs))}), ratio to floor {baselineMedian / floorMedian:0.00}");
                Console.WriteLine($"baseline CPU per 1,000 tags   median {Median(baselines.Select(p => p.CpuMs * 1000 / seeded.Count).ToList()):0} ms; "
                    + $"peak resident memory median {Median(baselines.Select(p => (double)p.PeakKilobytes).ToList()) / 1024:0} MiB");
            }

            Console.WriteLine($"load average at the end       {LoadAverage()}");
            return plans.Concat(baselines).Append(counted).All(p => p.ExitCode == 0) ? 0 : 1;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void TraceOnce(string cli, IReadOnlyList<string> args, string repository, string output)
    {
        var start = new ProcessStartInfo("dotnet-trace") { UseShellExecute = false, WorkingDirectory = repository, RedirectStandardOutput = true, RedirectStandardError = true };
        IEnumerable<string> command = cli.EndsWith(".dll", StringComparison.Ordinal) ? ["dotnet", cli] : [cli];
        foreach (var arg in new[] { "collect", "--profile", "dotnet-sampled-thread-time", "--format", "Speedscope", "-o", output, "--" }.Concat(command).Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet-trace did not start (dotnet tool install --global dotnet-trace)");
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Console.WriteLine($"trace of one more plan: {output} (and its .speedscope.json), dotnet-trace exit {process.ExitCode} {error.Result.Trim()}");
    }

    /// <summary>A working copy with one commit: F files, the seeded tags spread over them in order.</summary>
    private static void WriteRepository(string root, string host, IReadOnlyList<SeededTag> tags, int files)
    {
        var perFile = (tags.Count + files - 1) / files;
        var contents = new Dictionary<string, string>();
        for (var file = 0; file * perFile < tags.Count; file++)
        {
            var text = new StringBuilder($"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: is{file:D5}\nspec:\n  tags:\n");
            foreach (var (tag, j) in tags.Skip(file * perFile).Take(perFile).Select((t, j) => (t, j)))
            {
                text.Append(CultureInfo.InvariantCulture, $"  - name: \"t{j}\"\n    from:\n      kind: DockerImage\n      name: {host}/{tag.Repository}:{tag.Tag}\n");
            }

            contents[$"streams/g{file / 100:D3}/is{file:D5}.yaml"] = text.ToString();
        }

        Directory.CreateDirectory(root);
        GitCli.Run(root, "init", "-q", "--initial-branch=main");
        GitCli.WriteFiles(root, contents);
        GitCli.Run(root, "add", "-A");
        GitCli.Run(root, "commit", "-q", "-m", "streams");
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    internal static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    internal static string Join(IEnumerable<double> values) => string.Join(", ", values.Select(v => v.ToString("0", CultureInfo.InvariantCulture)));

    internal static int IntOption(string[] args, string name, int fallback) =>
        StringOption(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    internal static string? StringOption(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
