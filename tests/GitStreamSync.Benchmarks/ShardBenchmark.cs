using System.Diagnostics;
using System.Globalization;
using System.Text;
using GitStreamSync.Core.Images;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Benchmarks;

/// <summary>
/// The speed-up of sharded resolution: a generated repository (default 200 files, 2,000 tags in
/// 20 registry repositories) on the loopback Git server, its images in a loopback registry behind a
/// proxy that adds a fixed latency to every request (default 20 ms; loopback has none, a real
/// registry has tens of milliseconds). For each N the N shards run as N concurrent processes
/// (<c>plan --shard K/N --resolutions-out</c>, each with a cold cache, as N machines would), then
/// one <c>sync --resolutions</c> writes the commit. With <c>--sequential</c> the shards run one
/// after another and the slowest counts, as on N machines, where this machine has too few cores. Prints the median of the runs for each N: the
/// shards' wall time (the slowest shard), the sync's, and the round's.
/// </summary>
internal static class ShardBenchmark
{
    private const int Repositories = 20;

    public static async Task<int> RunAsync(string[] args)
    {
        var files = IntOption(args, "--files", 200);
        var tagsPerFile = IntOption(args, "--tags-per-file", 10);
        var latency = TimeSpan.FromMilliseconds(IntOption(args, "--latency-ms", 20));
        var runs = IntOption(args, "--runs", 3);
        var counts = (StringOption(args, "--shards") ?? "1,2,4").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
        var sequential = args.Contains("--sequential");
        var cli = StringOption(args, "--cli") ?? Path.Combine(RepositoryRoot(), "src/GitStreamSync.Cli/bin/Release/net10.0/gitstreamsync.dll");
        if (!File.Exists(cli))
        {
            Console.Error.WriteLine($"{cli} not found: dotnet build src/GitStreamSync.Cli -c Release first (or pass --cli)");
            return 2;
        }

        var tags = files * tagsPerFile;
        Console.WriteLine($"shard benchmark: {files} files, {tags} tags, {latency.TotalMilliseconds:F0} ms added per registry request, N = {string.Join(", ", counts)}, {runs} runs each, shards {(sequential ? "one after another, the slowest counted (as on N machines)" : "side by side on this machine")}");
        await using var registry = await RegistryServer.StartAsync();
        await using var proxy = RegistryFaultProxy.StartWithLatency(registry.BaseUri, latency);
        using var git = GitHttpServer.Start();
        using (var seeder = RegistrySeeder.For(registry))
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, tags), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, token) =>
                await seeder.PushImageAsync(Repository(i), Tag(i), ManifestFormat.Oci, Platform.LinuxAmd64, $"v1:{i}", token));
        }

        using var work = new TemporaryDirectory("shard-bench");
        var environment = new Dictionary<string, string> { ["GITSTREAMSYNC_GIT_USERNAME"] = git.User, ["GITSTREAMSYNC_GIT_PASSWORD"] = git.Password };
        string[] mirror = ["--registry-mirror", $"docker.io={proxy.BaseUri.ToString().TrimEnd('/')}", "--mirror-only", "docker.io"];
        var exit = 0;
        foreach (var count in counts)
        {
            var rounds = new List<(double Shards, double Sync)>();
            for (var run = 0; run < runs; run++)
            {
                var name = $"bench-{count}-{run}";
                var url = git.CreateRepository(name, GenerateFiles(files, tagsPerFile));
                var folder = Path.Combine(work.Path, name);
                Task<RunResult> Shard(int index) => RunAsync(
                    cli,
                    ["plan", url, "--shard", $"{index}/{count}", "--resolutions-out", Path.Combine(folder, $"shard-{index}.json"), .. mirror],
                    With(environment, "GITSTREAMSYNC_CACHE_DIR", Path.Combine(folder, $"cache-{index}")));
                var watch = Stopwatch.StartNew();
                RunResult[] shards;
                double shardSeconds;
                if (sequential)
                {
                    // One shard after another, each timed alone: what the slowest of N machines would take,
                    // on a machine with too few cores to run N processes side by side.
                    var results = new List<RunResult>();
                    shardSeconds = 0;
                    for (var index = 0; index < count; index++)
                    {
                        watch.Restart();
                        results.Add(await Shard(index));
                        shardSeconds = Math.Max(shardSeconds, watch.Elapsed.TotalSeconds);
                    }

                    shards = [.. results];
                }
                else
                {
                    shards = await Task.WhenAll(Enumerable.Range(0, count).Select(Shard));
                    shardSeconds = watch.Elapsed.TotalSeconds;
                }

                watch.Restart();
                var sync = await RunAsync(cli, ["sync", url, "--no-pull-request", "--resolutions", folder, .. mirror], With(environment, "GITSTREAMSYNC_CACHE_DIR", Path.Combine(folder, "cache-sync")));
                var syncSeconds = watch.Elapsed.TotalSeconds;
                foreach (var failed in shards.Append(sync).Where(r => r.ExitCode != 0))
                {
                    Console.Error.WriteLine($"N={count}: exit {failed.ExitCode}: {failed.Error}");
                    exit = 1;
                }

                rounds.Add((shardSeconds, syncSeconds));
                Console.WriteLine($"  N={count} run {run + 1}: shards {shardSeconds:F2} s, sync {syncSeconds:F2} s ({sync.Headline})");
            }

            double Median(IEnumerable<double> values) => values.Order().ElementAt(rounds.Count / 2);
            Console.WriteLine($"N={count}: shards median {Median(rounds.Select(r => r.Shards)):F2} s, sync --resolutions median {Median(rounds.Select(r => r.Sync)):F2} s, round median {Median(rounds.Select(r => r.Shards + r.Sync)):F2} s");
        }

        return exit;
    }

    private static Dictionary<string, string> With(IReadOnlyDictionary<string, string> environment, string name, string value) =>
        new(environment) { [name] = value };

    private sealed record RunResult(int ExitCode, string Headline, string Error);

    private static async Task<RunResult> RunAsync(string cli, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment)
    {
        // A .dll through dotnet, or an executable (the Native AOT binary) as it is.
        var viaDotnet = cli.EndsWith(".dll", StringComparison.Ordinal);
        var start = new ProcessStartInfo(viaDotnet ? "dotnet" : cli) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (viaDotnet)
        {
            start.ArgumentList.Add(cli);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new RunResult(process.ExitCode, (await output).Split('\n')[0], await error);
    }

    private static string Repository(int tag) => $"bench/app{tag % Repositories:D2}";

    private static string Tag(int tag) => $"t{tag}";

    private static Dictionary<string, string> GenerateFiles(int files, int tagsPerFile)
    {
        var result = new Dictionary<string, string>();
        for (var file = 0; file < files; file++)
        {
            var text = new StringBuilder($"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: is{file:D4}\nspec:\n  tags:\n");
            for (var j = 0; j < tagsPerFile; j++)
            {
                var tag = file * tagsPerFile + j;
                text.Append(CultureInfo.InvariantCulture, $"  - name: \"{Tag(tag)}\"\n    from:\n      kind: DockerImage\n      name: {Repository(tag)}:{Tag(tag)}\n");
            }

            result[$"streams/g{file / 100:D2}/is{file:D4}.yaml"] = text.ToString();
        }

        return result;
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        StringOption(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? StringOption(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "GitStreamSync.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("GitStreamSync.sln not found above " + AppContext.BaseDirectory);
    }
}
