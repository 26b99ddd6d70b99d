namespace GitStreamSync.Benchmarks;

/// <summary>Benchmark modes, one line each; every mode lives in its own folder.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "resolve":
                return await Resolve.ResolveBenchmark.RunAsync(args[1..]);
            case Resolve.ResolveWorker.Mode:
                return await Resolve.ResolveWorker.RunAsync(args[1..]);
            default:
                Console.Error.WriteLine("usage: dotnet run --project tests/GitStreamSync.Benchmarks -c Release -- <benchmark> [options]");
                Console.Error.WriteLine("  resolve [--tags N] [--repositories R] [--multi-percent P] [--runs K] [--auth none|token]");
                return 2;
        }
    }
}
