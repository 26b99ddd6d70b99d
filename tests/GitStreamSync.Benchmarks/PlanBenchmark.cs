using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Select;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace GitStreamSync.Benchmarks;

/// <summary>
/// Due selection plus planning over the generated repository (default 1,000 files, 10,000 tags),
/// read once; every distinct reference answers a new digest, the worst case (every tag written).
/// Prints the median of N runs of select+plan, in process.
/// </summary>
internal static class PlanBenchmark
{
    public static int Run(string[] args)
    {
        var files = ReadOption(args, "--files", 1000);
        var tags = ReadOption(args, "--tags", 10000);
        var runs = ReadOption(args, "--runs", 5);
        var root = Path.Combine(Path.GetTempPath(), $"gss-bench-plan-{Environment.ProcessId}");
        try
        {
            GeneratedRepository.Write(root, files, tags);
            var sources = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Select(path => new SourceFile(Path.GetRelativePath(root, path).Replace('\\', '/'), File.ReadAllText(path)))
                .Where(file => ImageStreamReader.IsCandidate(file.Path))
                .ToList();
            var readAllocated = GC.GetTotalAllocatedBytes(precise: true);
            var readCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var streams = ImageStreamReader.ReadRepository(sources).Streams;
            readCpu = Process.GetCurrentProcess().TotalProcessorTime - readCpu;
            readAllocated = GC.GetTotalAllocatedBytes(precise: true) - readAllocated;
            var now = new DateTimeOffset(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);

            var timings = new List<double>();
            SyncPlan? plan = null;
            for (var run = 0; run < runs; run++)
            {
                var watch = Stopwatch.StartNew();
                var selection = DueTagSelector.Select(streams, PlanSettings.Default);
                var resolutions = selection.Requests.ToDictionary(
                    r => r,
                    r => (ResolutionOutcome)new Resolved(Digest.ComputeSha256(Encoding.UTF8.GetBytes("new " + r.Reference)), "application/vnd.oci.image.manifest.v1+json"));
                plan = SyncPlanner.Plan(new PlanInput { Streams = streams, Resolutions = resolutions, Now = now });
                watch.Stop();
                timings.Add(watch.Elapsed.TotalMilliseconds);
            }

            // The edit of every changed file (splice, read back, verify) and the diff a plan prints.
            // CPU time as well as wall time: on a shared machine the wall time measures the load.
            var edits = new List<double>();
            var editCpu = new List<double>();
            var editAllocated = new List<long>();
            var diffAllocated = new List<long>();
            StatusEdits? edited = null;
            for (var run = 0; run < runs; run++)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var watch = Stopwatch.StartNew();
                edited = StatusEdits.Apply(sources, plan!);
                var afterEdit = GC.GetTotalAllocatedBytes(precise: true);
                _ = edited.Diff();
                watch.Stop();
                edits.Add(watch.Elapsed.TotalMilliseconds);
                editCpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
                editAllocated.Add(afterEdit - allocated);
                diffAllocated.Add(GC.GetTotalAllocatedBytes(precise: true) - afterEdit);
            }

            Console.WriteLine($"plan: {streams.Count} streams, {streams.Sum(s => s.SpecTags.Count)} tags; {plan!.Changes.Count()} tag changes in {plan.ChangedStreams.Count()} streams");
            var sorted = timings.Order().ToList();
            Console.WriteLine($"select+plan, in-process: median {sorted[sorted.Count / 2]:F0} ms of {runs} runs ({string.Join(", ", timings.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))})");
            var editSorted = edits.Order().ToList();
            Console.WriteLine($"edit+diff of {edited!.Files.Count} files, in-process: median {editSorted[editSorted.Count / 2]:F0} ms of {runs} runs ({string.Join(", ", edits.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))}); {edited.Problems.Count} refused; CPU median {editCpu.Order().ElementAt(runs / 2):F0} ms");
            Console.WriteLine($"allocated: read {readAllocated / 1_000_000.0:F1} MB (CPU {readCpu.TotalMilliseconds:F0} ms, one run); edit {editAllocated.Order().ElementAt(runs / 2) / 1_000_000.0:F1} MB; diff {diffAllocated.Order().ElementAt(runs / 2) / 1_000_000.0:F1} MB (medians)");
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

    private static int ReadOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
