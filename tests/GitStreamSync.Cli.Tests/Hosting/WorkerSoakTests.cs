using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using GitStreamSync.Core.Images;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Registry;
using Xunit.Abstractions;

namespace GitStreamSync.Cli.Tests.Hosting;

/// <summary>The soak runs alone: its memory and handle figures must not be other tests'.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoakRunsAlone
{
    public const string Name = "worker soak";
}

/// <summary>
/// The worker over many cycles on a fake clock against the real registry (behind a proxy that, on
/// randomly chosen cycles, seeded, answers the tag's manifest with 404 or with bytes of the wrong
/// shape typed as a manifest) and the real Git server: every cycle's
/// outcome is logged, /healthz says degraded exactly while the registry fails and ok after, and
/// memory and open handles stay flat. <c>GITSTREAMSYNC_SOAK_CYCLES</c> sets the number of cycles
/// (default 150 to keep CI short; thousands for a real soak).
/// </summary>
[Collection(SoakRunsAlone.Name)]
public sealed partial class WorkerSoakTests(ITestOutputHelper output)
{
    private const int Seed = 20261206;
    private const int WarmUpCycles = 30;

    [Fact]
    public async Task The_worker_stays_flat_and_reports_every_cycle_under_random_registry_faults()
    {
        var cycles = int.TryParse(Environment.GetEnvironmentVariable("GITSTREAMSYNC_SOAK_CYCLES"), CultureInfo.InvariantCulture, out var n) && n > WarmUpCycles ? n : 150;
        await using var registry = await RegistryServer.StartAsync();
        await using var proxy = RegistryFaultProxy.Start(registry.BaseUri);
        using var seeder = RegistrySeeder.For(registry);
        await seeder.PushImageAsync("team/app", "1.0", ManifestFormat.Oci, Platform.Parse("linux/amd64"), unique: "soak");
        using var git = GitHttpServer.Start();
        using var cache = new TemporaryDirectory("gss-soak");
        var proxyHost = proxy.BaseUri.Authority;
        var url = git.CreateRepository("soak", new Dictionary<string, string>
        {
            ["streams/app.yaml"] = $"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: app\nspec:\n  tags:\n  - name: \"1.0\"\n    from:\n      kind: DockerImage\n      name: {proxyHost}/team/app:1.0\n",
        });
        var variables = new Dictionary<string, string>
        {
            ["GITSTREAMSYNC_GIT_USERNAME"] = git.User,
            ["GITSTREAMSYNC_GIT_PASSWORD"] = git.Password,
            ["GITSTREAMSYNC_CACHE_DIR"] = Path.Combine(cache.Path, "registry"),
        };
        var port = WorkerCommandTests.FreeLoopbackPort();
        var time = new WatchedTime(new DateTimeOffset(2026, 11, 28, 10, 0, 30, TimeSpan.Zero));
        using var stop = new CancellationTokenSource();
        string[] args = ["worker", url, "--schedule", "* * * * *", "--no-pull-request", "--insecure-registry", proxyHost, "--cache-dir", Path.Combine(cache.Path, "git"), "--health-port", port.ToString(CultureInfo.InvariantCulture)];
        var worker = ScheduledSyncEndToEndTests.RunWorkerWithRealSyncAsync(args, time, variables, stop.Token);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        var random = new Random(Seed);
        var injected = new List<bool>();
        var health = new List<string>();
        (long Heap, int Handles, int Threads) warm = default, end = default;
        var clock = Stopwatch.StartNew();
        var warmAt = TimeSpan.Zero;

        TimeSpan? pending = null;
        try
        {
            for (var cycle = 1; cycle <= cycles; cycle++)
            {
                var fault = random.NextDouble() < 0.3;
                injected.Add(fault);
                if (!fault)
                {
                    proxy.Fail(null);
                }
                else if (random.Next(2) == 0)
                {
                    proxy.FailManifest("team/app", "1.0", 404);
                }
                else
                {
                    // A proxy's garbage typed as the manifest: the tag fails with its reason, the run goes on.
                    proxy.Fail(request => request.Path == "/v2/team/app/manifests/1.0"
                        ? new LoopbackResponse { Headers = [new("Content-Type", RegistrySeeder.OciManifest)], Body = "[\"not\",\"a\",\"manifest\"]"u8.ToArray() }
                        : null);
                }

                // Fire the worker's wait, then wait until it waits again: the cycle's run is over.
                time.Advance(pending ?? await time.NextTimerAsync());
                pending = await time.NextTimerAsync();
                using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri("healthz", UriKind.Relative)));
                health.Add(json.RootElement.GetProperty("status").GetString()!);
                if (cycle == WarmUpCycles)
                {
                    warm = Measure();
                    warmAt = clock.Elapsed;
                }
            }

            end = Measure();
        }
        catch (TimeoutException)
        {
            await stop.CancelAsync();
            var (_, _, log) = await worker.WaitAsync(TimeSpan.FromSeconds(60));
            throw new TimeoutException($"the worker stopped waiting for its next occurrence after {injected.Count} cycles; its log:\n{log[^Math.Min(log.Length, 4000)..]}");
        }

        await stop.CancelAsync();
        var (exitCode, _, error) = await worker.WaitAsync(TimeSpan.FromSeconds(60));

        var perCycle = (clock.Elapsed - warmAt) / (cycles - WarmUpCycles);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{cycles} cycles, {injected.Count(f => f)} with the registry failing; {perCycle.TotalMilliseconds:0} ms per cycle; after cycle {WarmUpCycles}: heap {warm.Heap / 1e6:0.0} MB, {warm.Handles} handles, {warm.Threads} threads; at the end: heap {end.Heap / 1e6:0.0} MB, {end.Handles} handles, {end.Threads} threads"));

        Assert.Equal(0, exitCode);
        var outcomes = RunLine().Matches(error).ToDictionary(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m => m.Groups[2].Value);
        Assert.Equal(Enumerable.Range(1, cycles), outcomes.Keys.Order());
        Assert.Equal(injected.Select(f => f ? "tags_failed" : "succeeded"), Enumerable.Range(1, cycles).Select(c => outcomes[c]));
        Assert.Equal(injected.Select(f => f ? "degraded" : "ok"), health);

        // Generous bounds a leak would break: a clone, a connection or a file left open per cycle
        // adds a handle per cycle; a kept report or buffer per cycle adds megabytes over thousands.
        Assert.InRange(end.Handles - warm.Handles, int.MinValue, 64);
        Assert.InRange(end.Threads - warm.Threads, int.MinValue, 32);
        Assert.InRange(end.Heap - warm.Heap, long.MinValue, 64L * 1024 * 1024);
    }

    private static (long Heap, int Handles, int Threads) Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        var handles = Directory.Exists("/proc/self/fd") ? Directory.GetFiles("/proc/self/fd").Length : process.HandleCount;
        return (GC.GetTotalMemory(forceFullCollection: true), handles, process.Threads.Count);
    }

    [GeneratedRegex(@"Run (\d+) (succeeded|tags_failed|failed|cancelled) in")]
    private static partial Regex RunLine();
}
