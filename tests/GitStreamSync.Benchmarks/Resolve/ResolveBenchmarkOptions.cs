using System.Globalization;

namespace GitStreamSync.Benchmarks.Resolve;

/// <summary>Options of the resolve benchmark: N tags in R repositories, P% multi-platform, K runs.</summary>
internal sealed record ResolveBenchmarkOptions(int Tags, int Repositories, int MultiPercent, int Runs, bool TokenAuth)
{
    public static ResolveBenchmarkOptions Parse(string[] args)
    {
        var options = new ResolveBenchmarkOptions(1000, 10, 10, 5, false);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : "";
            options = args[i] switch
            {
                "--tags" => options with { Tags = Number(value) },
                "--repositories" => options with { Repositories = Number(value) },
                "--multi-percent" => options with { MultiPercent = Number(value) },
                "--runs" => options with { Runs = Number(value) },
                "--auth" => options with { TokenAuth = value == "token" },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
            i++;
        }

        return options;
    }

    private static int Number(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}
