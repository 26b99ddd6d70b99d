using System.Collections;

namespace GitStreamSync.Cli;

/// <summary>
/// The composition root: the only place that reads the real console, the process environment and
/// the system clock, and hands them to <see cref="CliApplication"/>.
/// </summary>
internal static class Program
{
    // Not async: an async Main's state machine is a generic instantiation ReadyToRun cannot hold,
    // compiled at run time before the first line; waiting here is what an async Main does anyway.
    public static int Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        var environment = new CliEnvironment(
            Console.Out,
            Console.Error,
            ReadEnvironmentVariables(),
            TimeProvider.System,
            Directory.GetCurrentDirectory())
        {
            ErrorIsTerminal = !Console.IsErrorRedirected,
        };
        return CliApplication.RunAsync(args, environment, cancellation.Token).GetAwaiter().GetResult();
    }

    private static Dictionary<string, string> ReadEnvironmentVariables()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                variables[key] = value;
            }
        }

        return variables;
    }
}
