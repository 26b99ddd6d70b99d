using GitStreamSync.Core.Images;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Benchmarks;

/// <summary>
/// Wall time and peak memory of <c>gitstreamsync sync</c>, from clone to push, on a generated
/// repository (default 1,000 files / 10,000 tags) served by the loopback Git server, resolving
/// through a loopback registry set up as the docker.io mirror. Two cases: a share of the tags
/// moved upstream (default 1%), and nothing to change. Each measured run is a separate process
/// under /usr/bin/time; the median of the runs is reported, and for the moved case its ratio to
/// <c>plan</c> of the same state measured in the same run, and a check that the commit rewrote
/// only the files holding a moved tag.
/// </summary>
internal static class SyncBenchmark
{
    private const int Repositories = 100;

    public static async Task<int> RunAsync(string[] args)
    {
        var files = IntOption(args, "--files", 1000);
        var tagsPerFile = IntOption(args, "--tags-per-file", 10);
        var movedPercent = IntOption(args, "--moved-percent", 1);
        var runs = IntOption(args, "--runs", 5);
        var cli = StringOption(args, "--cli") ?? Path.Combine(RepositoryRoot(), "src/GitStreamSync.Cli/bin/Release/net10.0/gitstreamsync.dll");
        if (!File.Exists(cli))
        {
            Console.Error.WriteLine($"{cli} not found: dotnet build src/GitStreamSync.Cli -c Release first (or pass --cli)");
            return 2;
        }

        var tags = files * tagsPerFile;
        Console.WriteLine($"sync benchmark: {files} files, {tags} tags, {movedPercent}% moved, {runs} runs per case");
        await using var registry = await RegistryServer.StartAsync();
        using var git = GitHttpServer.Start();
        using var seeder = RegistrySeeder.For(registry);
        var clock = Stopwatch.StartNew();
        await SeedAsync(seeder, Enumerable.Range(0, tags), "v1");
        Console.WriteLine($"seeded {tags} tags in {clock.Elapsed.TotalSeconds:F1} s");
        var url = git.CreateRepository("bench", GenerateFiles(files, tagsPerFile));
        var environment = new Dictionary<string, string> { ["GITSTREAMSYNC_GIT_USERNAME"] = git.User, ["GITSTREAMSYNC_GIT_PASSWORD"] = git.Password };
        var mirror = $"docker.io={registry.BaseUri.ToString().TrimEnd('/')}";
        string[] syncArgs = ["sync", url, "--registry-mirror", mirror, "--mirror-only", "docker.io"];

        // Setup, not measured: the first run writes a status for every tag straight to the base.
        var setup = Measure(cli, [.. syncArgs, "--push-to-base"], environment);
        Console.WriteLine($"setup run (every tag new, pushed to base): {setup.Seconds:F2} s, {setup.PeakKilobytes / 1024} MiB, exit {setup.ExitCode}");

        var moved = Enumerable.Range(0, tags).Where(i => i % (100 / Math.Max(1, movedPercent)) == 0).ToList();
        await SeedAsync(seeder, moved, "v2");
        var movedFiles = moved.Select(i => i / tagsPerFile).Distinct().Count();
        var movedRuns = new List<RunMeasure>();
        var planRuns = new List<RunMeasure>();
        for (var run = 0; run < runs; run++)
        {
            // The floor of the same run: plan of the same repository and registry, which writes nothing.
            planRuns.Add(Measure(cli, ["plan", url, "--registry-mirror", mirror, "--mirror-only", "docker.io", "-o", "json"], environment));

            // Every measured run starts with no tool branch, so each one commits and pushes.
            GitCli.Run(git.RepositoryPath("bench"), "update-ref", "-d", "refs/heads/gitstreamsync/main");
            movedRuns.Add(Measure(cli, syncArgs, environment));
            var rewritten = GitCli.Run(git.RepositoryPath("bench"), "diff", "--name-only", "main", "gitstreamsync/main").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            Console.WriteLine($"run {run + 1}: plan {planRuns[^1].Seconds:F2} s, sync {movedRuns[^1].Seconds:F2} s (ratio {movedRuns[^1].Seconds / planRuns[^1].Seconds:F2}); "
                + $"{rewritten} files rewritten, {movedFiles} hold a moved tag; load {Resolve.PlanCliBenchmark.LoadAverage()}");
            if (rewritten != movedFiles)
            {
                Console.Error.WriteLine($"sync rewrote {rewritten} files; only the {movedFiles} with a moved tag should change");
                return 1;
            }
        }

        Report($"plan of the same state (floor)", planRuns);
        Report($"{moved.Count} tags moved (commit + push)", movedRuns);
        var planMedian = planRuns.Select(r => r.Seconds).Order().ToList()[runs / 2];
        var syncMedian = movedRuns.Select(r => r.Seconds).Order().ToList()[runs / 2];
        Console.WriteLine($"ratio sync/plan (medians): {syncMedian / planMedian:F2}; files rewritten: {movedFiles} of {files}, the ones holding a moved tag");
        var catchUp = Measure(cli, [.. syncArgs, "--push-to-base"], environment);
        Console.WriteLine($"catch-up run to base: {catchUp.Seconds:F2} s, exit {catchUp.ExitCode}");
        var quietRuns = Enumerable.Range(0, runs).Select(_ => Measure(cli, syncArgs, environment)).ToList();
        Report("nothing to change", quietRuns);
        return movedRuns.Concat(quietRuns).All(r => r.ExitCode == 0) ? 0 : 1;
    }

    private static void Report(string title, List<RunMeasure> runs)
    {
        var seconds = runs.Select(r => r.Seconds).Order().ToList();
        var memory = runs.Select(r => r.PeakKilobytes).Order().ToList();
        var cpu = runs.Select(r => r.CpuSeconds).Order().ToList();
        Console.WriteLine($"{title}: median {seconds[seconds.Count / 2]:F2} s (runs {string.Join(", ", runs.Select(r => r.Seconds.ToString("F2", CultureInfo.InvariantCulture)))}), " +
            $"CPU (user+sys) median {cpu[cpu.Count / 2]:F2} s, peak RSS median {memory[memory.Count / 2] / 1024} MiB, exit codes {string.Join(",", runs.Select(r => r.ExitCode))}, last: {runs[^1].Headline}");
    }

    private static async Task SeedAsync(RegistrySeeder seeder, IEnumerable<int> tags, string generation)
    {
        await Parallel.ForEachAsync(tags, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, token) =>
            await seeder.PushImageAsync(Repository(i), Tag(i), ManifestFormat.Oci, Platform.LinuxAmd64, $"{generation}:{i}", token));
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

    private sealed record RunMeasure(double Seconds, long PeakKilobytes, int ExitCode, string Headline, double CpuSeconds);

    private static RunMeasure Measure(string cli, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-f", "GSS-TIME %e %M %U %S" }.Concat(CliMeasure.Command(cli)).Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var timing = error.Split('\n').Last(l => l.StartsWith("GSS-TIME ", StringComparison.Ordinal)).Split(' ');
        var headline = output.Result.Split('\n')[0];
        var exitCode = process.ExitCode;
        if (exitCode != 0)
        {
            Console.Error.WriteLine(error);
        }

        var cpu = double.Parse(timing[3], CultureInfo.InvariantCulture) + double.Parse(timing[4], CultureInfo.InvariantCulture);
        return new RunMeasure(double.Parse(timing[1], CultureInfo.InvariantCulture), long.Parse(timing[2], CultureInfo.InvariantCulture), exitCode, headline, cpu);
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

        return folder?.FullName ?? Directory.GetCurrentDirectory();
    }
}
