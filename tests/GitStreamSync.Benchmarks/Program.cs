namespace GitStreamSync.Benchmarks;

internal static class Program
{
    public static int Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "rollback-history":
                return RollbackHistoryBenchmark.Run(args[1..]);
            default:
                Console.Error.WriteLine("usage: dotnet run --project tests/GitStreamSync.Benchmarks -c Release -- <benchmark> [options]");
                Console.Error.WriteLine("benchmarks: rollback-history [--commits 10000] [--reverts 20] [--runs 5]");
                return 2;
        }
    }
}
