using System.Diagnostics;
using System.Text;

namespace GitStreamSync.Benchmarks.Resolve;

/// <summary>
/// The floor: <c>curl --parallel --parallel-max 16</c> HEAD of every tag with the four manifest
/// types in Accept, as test-infrastructure.md measured it (1.55 s for 1,000 tags on this machine).
/// </summary>
internal static class CurlFloor
{
    private const string Accept = "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, "
        + "application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json";

    /// <param name="authorization">An Authorization header value per repository (tokens fetched beforehand), or null.</param>
    public static string WriteConfig(string directory, Uri registry, IReadOnlyList<SeededTag> tags, Func<string, string?> authorization)
    {
        var config = new StringBuilder();
        foreach (var tag in tags)
        {
            if (config.Length > 0)
            {
                // "next" separates transfers; one after the last would start an empty one.
                config.Append("next\n");
            }

            config.Append($"url = \"{registry}v2/{tag.Repository}/manifests/{tag.Tag}\"\nhead\nheader = \"Accept: {Accept}\"\n");
            if (authorization(tag.Repository) is { } value)
            {
                config.Append($"header = \"Authorization: {value}\"\n");
            }

            config.Append("output = \"/dev/null\"\nwrite-out = \"%{http_code}\\n\"\n");
        }

        var path = Path.Combine(directory, "curl-head.cfg");
        File.WriteAllText(path, config.ToString());
        return path;
    }

    /// <summary>One timed run; returns the elapsed time, curl's CPU time (user + system) and how many answers were 200.</summary>
    public static async Task<(TimeSpan Elapsed, TimeSpan Cpu, int Ok)> RunAsync(string configPath)
    {
        var times = configPath + ".time";
        var start = new ProcessStartInfo("/usr/bin/time", ["-f", "%U %S", "-o", times, "curl", "-sS", "--no-progress-meter", "--parallel", "--parallel-max", "16", "-K", configPath])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var clock = Stopwatch.StartNew();
        using var curl = Process.Start(start) ?? throw new InvalidOperationException("curl did not start");
        var output = await curl.StandardOutput.ReadToEndAsync();
        await curl.WaitForExitAsync();
        clock.Stop();
        var codes = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var ok = codes.Count(l => l == "200");
        if (ok != codes.Length)
        {
            Console.Error.WriteLine("curl answers: " + string.Join(", ", codes.GroupBy(c => c).Select(g => $"{g.Key} x{g.Count()}")));
        }

        var cpu = File.ReadAllText(times).Trim().Split(' ').Sum(t => double.Parse(t, System.Globalization.CultureInfo.InvariantCulture));
        return (clock.Elapsed, TimeSpan.FromSeconds(cpu), ok);
    }
}
