namespace GitStreamSync.Benchmarks;

internal static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("usage: dotnet run --project tests/GitStreamSync.Benchmarks -c Release -- <benchmark> [options]");
        return args.Length == 0 ? 2 : 2;
    }
}
