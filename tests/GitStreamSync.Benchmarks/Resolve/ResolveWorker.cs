using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using System.Diagnostics;
using System.Text.Json;
using GitStreamSync.Adapters.Registry;

namespace GitStreamSync.Benchmarks.Resolve;

/// <summary>
/// One resolver run in a process of its own, so its peak memory is the resolver's and nothing
/// else's: reads "repository TAB tag TAB expected digest" lines, resolves them all in one
/// <see cref="OciRegistryClient.ResolveAllAsync"/>, checks every digest and prints one JSON line.
/// </summary>
internal static class ResolveWorker
{
    public const string Mode = "resolve-worker";

    public sealed record Result(double ElapsedMs, double CpuMs, long PeakBytes, int Requests, int TokenRequests, int IndexFetches, int Resolved, int Mismatched, int Failed, string? FirstFailure)
    {
        /// <summary>Bytes the run allocated (all threads) and the garbage collections it caused (gen0 counted).</summary>
        public long AllocatedBytes { get; init; }

        public int Collections { get; init; }
    }

    /// <param name="args">refs file, registry host:port, cache directory or "-", and optionally "twice":
    /// a second run in the same process (JIT warm, new client, new connections, its own cold cache),
    /// or "repeat N": N runs in the same process, each with its own cold cache (for profiling the
    /// JIT-warm resolver by hand); the last run's figures are printed.</param>
    public static async Task<int> RunAsync(string[] args)
    {
        var lines = await File.ReadAllLinesAsync(args[0]);
        var host = args[1];
        var cache = args[2] == "-" ? null : args[2];
        var expected = new Dictionary<ResolveRequest, string>();
        foreach (var line in lines.Where(l => l.Length > 0))
        {
            var parts = line.Split('\t');
            expected[new ResolveRequest(ImageReference.Parse($"{host}/{parts[0]}:{parts[1]}"), ImportMode.Legacy, PlatformPreference.Default)] = parts[2];
        }

        var result = await ResolveOnceAsync(expected, host, cache);
        var repeat = args.Length > 3 && args[3] == "twice" ? 2 : args.Length > 4 && args[3] == "repeat" ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 1;
        for (var run = 2; run <= repeat; run++)
        {
            result = await ResolveOnceAsync(expected, host, cache is null ? null : cache + (run == 2 ? "-again" : $"-again-{run}"));
        }

        Console.Out.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private static async Task<Result> ResolveOnceAsync(Dictionary<ResolveRequest, string> expected, string host, string? cache)
    {
        var options = new RegistryClientOptions { CacheDirectory = cache, Registries = new RegistrySettings([], [host]) };
        using var client = new OciRegistryClient(options, Environment.GetEnvironmentVariable, TimeProvider.System);
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var collectionsBefore = GC.CollectionCount(0);
        var clock = Stopwatch.StartNew();
        var results = await client.ResolveAllAsync(expected.Keys, CancellationToken.None);
        clock.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
        var collections = GC.CollectionCount(0) - collectionsBefore;

        var resolved = results.Where(r => r.Value is Resolved).ToList();
        var failed = results.Values.OfType<ResolutionFailed>().ToList();
        return new Result(
            clock.Elapsed.TotalMilliseconds,
            cpu.TotalMilliseconds,
            process.PeakWorkingSet64,
            client.LastRun.TotalRequests,
            client.LastRun.TokenRequests,
            client.LastRun.IndexFetches,
            resolved.Count,
            resolved.Count(r => ((Resolved)r.Value).Digest.ToString() != expected[r.Key]),
            failed.Count,
            failed.FirstOrDefault()?.Message)
        {
            AllocatedBytes = allocated,
            Collections = collections,
        };
    }
}
