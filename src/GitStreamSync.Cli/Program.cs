namespace GitStreamSync.Cli;

internal static class Program
{
    public static int Main(string[] args)
    {
        Console.Out.WriteLine("gitstreamsync: commands are being assembled");
        return args.Length == 0 ? 0 : 2;
    }
}
