namespace GitStreamSync.Benchmarks;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "sync":
                return await SyncBenchmark.RunAsync(args[1..]);
            case "seed-example":
                return await ExampleSeeding.SeedAsync(args[1..]);
            case "example-hosts":
                return ExampleSeeding.Hosts(args[1..]);
            default:
                Console.Error.WriteLine("usage: dotnet run --project tests/GitStreamSync.Benchmarks -c Release -- <benchmark> [options]");
                Console.Error.WriteLine("benchmarks: sync [--files 1000] [--tags-per-file 10] [--moved-percent 1] [--runs 5] [--cli gitstreamsync.dll]");
                return 2;
        }
    }
}
