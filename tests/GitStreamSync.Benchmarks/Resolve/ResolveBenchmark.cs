using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Benchmarks.Resolve;

/// <summary>
/// How close the resolver comes to the network's floor: seed N tags into a real loopback registry, then in the same run time
/// (a) curl --parallel HEAD of every tag, the floor, and (b) the resolver, each in a fresh process
/// with a cold index cache; print both medians, their ratio, peak memory, and the requests per tag
/// counted by a second registry process with its access log on over the same storage.
/// </summary>
internal static class ResolveBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = ResolveBenchmarkOptions.Parse(args);
        var work = Directory.CreateTempSubdirectory("gss-bench-resolve-").FullName;
        await using var issuer = options.TokenAuth ? await TokenIssuer.StartAsync() : null;
        var serverOptions = new RegistryServerOptions { Token = issuer };
        await using var registry = await RegistryServer.StartAsync(serverOptions);
        try
        {
            Console.WriteLine($"registry {registry.HostPort} (docker-registry, pid {registry.ProcessId}), auth: {(issuer is null ? "none" : "bearer token")}");
            var clock = Stopwatch.StartNew();
            IReadOnlyList<SeededTag> tags;
            using (var seeder = RegistrySeeder.For(registry, serverOptions))
            {
                tags = await BenchmarkSeed.SeedAsync(seeder, options);
            }

            Console.WriteLine($"seeded {tags.Count} tags in {tags.Select(t => t.Repository).Distinct().Count()} repositories ({tags.Count(t => t.MultiPlatform)} multi-platform) in {clock.Elapsed.TotalSeconds:0.0} s");
            var refs = Path.Combine(work, "refs.tsv");
            await File.WriteAllLinesAsync(refs, tags.Select(t => $"{t.Repository}\t{t.Tag}\t{t.Expected}"));
            var curlConfig = CurlFloor.WriteConfig(work, registry.BaseUri, tags, repository => issuer is null ? null : "Bearer " + issuer.CreateToken([repository]));

            // Warm the registry (its blob descriptor cache) and the file system once, unmeasured.
            var warm = await CurlFloor.RunAsync(curlConfig);
            if (warm.Ok != tags.Count)
            {
                Console.Error.WriteLine($"curl got {warm.Ok} answers 200 of {tags.Count}; stopping");
                return 1;
            }

            var floors = new List<double>();
            var floorCpu = new List<double>();
            var resolver = new List<ResolveWorker.Result>();
            var warmProcess = new List<ResolveWorker.Result>();
            for (var run = 1; run <= options.Runs; run++)
            {
                var floor = await CurlFloor.RunAsync(curlConfig);
                floors.Add(floor.Elapsed.TotalMilliseconds);
                floorCpu.Add(floor.Cpu.TotalMilliseconds);
                var result = await RunWorkerAsync(refs, registry.HostPort, Path.Combine(work, $"cache-{run}"));
                resolver.Add(result);
                var again = await RunWorkerAsync(refs, registry.HostPort, Path.Combine(work, $"cache-warm-{run}"), twice: true);
                warmProcess.Add(again);
                Console.WriteLine($"run {run}: curl {floor.Elapsed.TotalMilliseconds:0} ms (cpu {floor.Cpu.TotalMilliseconds:0} ms, {floor.Ok} x 200) | resolver {result.ElapsedMs:0} ms (cpu {result.CpuMs:0} ms), "
                    + $"{result.Resolved} resolved, {result.Mismatched} wrong, {result.Failed} failed, {result.Requests} requests, peak {result.PeakBytes / 1048576.0:0.0} MiB"
                    + (result.FirstFailure is null ? "" : $" (first failure: {result.FirstFailure})")
                    + $" | resolver again in the same process {again.ElapsedMs:0} ms");
            }

            // Requests as the registry saw them: a second process over the same storage, access log on.
            var counting = new RegistryServerOptions { Token = issuer, AccessLog = true, StorageDirectory = registry.StorageDirectory };
            await using var logged = await RegistryServer.StartAsync(counting);
            var scopesBefore = issuer?.RequestedScopes.Count ?? 0;
            var countingCache = Path.Combine(work, "cache-counting");
            await RunWorkerAsync(refs, logged.HostPort, countingCache);
            var cold = logged.CountLoggedRequests();
            var tokenRequests = (issuer?.RequestedScopes.Count ?? 0) - scopesBefore;
            await RunWorkerAsync(refs, logged.HostPort, countingCache);
            var both = logged.CountLoggedRequests();
            var warmCounts = both.ToDictionary(kv => kv.Key, kv => kv.Value - cold.GetValueOrDefault(kv.Key));

            var floorMedian = Median(floors);
            var resolverMedian = Median(resolver.Select(r => r.ElapsedMs).ToList());
            Console.WriteLine();
            Console.WriteLine($"tags                      {tags.Count} in {options.Repositories} repositories, {options.MultiPercent}% multi-platform (Legacy: linux/amd64 child)");
            Console.WriteLine($"curl --parallel-max 16    median {floorMedian:0} ms over {options.Runs} runs ({string.Join(", ", floors.Select(f => f.ToString("0", CultureInfo.InvariantCulture)))})");
            Console.WriteLine($"resolver, fresh process   median {resolverMedian:0} ms over {options.Runs} runs ({string.Join(", ", resolver.Select(r => r.ElapsedMs.ToString("0", CultureInfo.InvariantCulture)))})");
            var warmMedian = Median(warmProcess.Select(r => r.ElapsedMs).ToList());
            Console.WriteLine($"ratio resolver/floor      {resolverMedian / floorMedian:0.00}");
            Console.WriteLine($"resolver, JIT-warm process median {warmMedian:0} ms: ratio {warmMedian / floorMedian:0.00} (second run in one process: new client, new connections, cold index cache)");
            Console.WriteLine($"CPU time, medians         curl {Median(floorCpu):0} ms; load average {string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ')[..3])}; resolver {Median(resolver.Select(r => r.CpuMs).ToList()):0} ms fresh process, {Median(warmProcess.Select(r => r.CpuMs).ToList()):0} ms JIT-warm");
            Console.WriteLine($"allocated per tag, medians {Median(resolver.Select(r => (double)r.AllocatedBytes / tags.Count).ToList()) / 1024:0.0} KB fresh process, {Median(warmProcess.Select(r => (double)r.AllocatedBytes / tags.Count).ToList()) / 1024:0.0} KB JIT-warm; "
                + $"collections {Median(resolver.Select(r => (double)r.Collections).ToList()):0} and {Median(warmProcess.Select(r => (double)r.Collections).ToList()):0}");
            Console.WriteLine($"requests per tag (log)    cold {PerTag(cold, tags.Count)}; warm index cache {PerTag(warmCounts, tags.Count)}");
            Console.WriteLine($"token requests            {(issuer is null ? "n/a (anonymous registry)" : $"{tokenRequests} for {tags.Select(t => t.Repository).Distinct().Count()} repository scopes")}");
            Console.WriteLine($"resolver peak memory      {resolver.Max(r => r.PeakBytes) / 1048576.0:0.0} MiB (VmHWM of the resolver process)");
            Console.WriteLine($"correct digests           {resolver.Min(r => r.Resolved - r.Mismatched)} of {tags.Count} in every run");
            return resolver.Concat(warmProcess).All(r => r.Mismatched == 0 && r.Failed == 0) ? 0 : 1;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string PerTag(IReadOnlyDictionary<string, int> counts, int tags)
    {
        var total = counts.Values.Sum();
        var detail = string.Join(" ", counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"));
        return $"{(double)total / tags:0.000} ({detail})";
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static async Task<ResolveWorker.Result> RunWorkerAsync(string refs, string host, string cache, bool twice = false)
    {
        // The same executable in worker mode: through the apphost, or dotnet + this assembly.
        var self = Environment.ProcessPath!;
        var arguments = new List<string>();
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            arguments.Add(Assembly.GetEntryAssembly()!.Location);
        }

        arguments.AddRange([ResolveWorker.Mode, refs, host, cache]);
        if (twice)
        {
            arguments.Add("twice");
        }

        var start = new ProcessStartInfo(self, arguments) { RedirectStandardOutput = true, UseShellExecute = false };
        using var worker = Process.Start(start) ?? throw new InvalidOperationException("worker did not start");
        var output = await worker.StandardOutput.ReadToEndAsync();
        await worker.WaitForExitAsync();
        return JsonSerializer.Deserialize<ResolveWorker.Result>(output.Trim().Split('\n')[^1])
            ?? throw new InvalidOperationException("worker printed no result");
    }
}
