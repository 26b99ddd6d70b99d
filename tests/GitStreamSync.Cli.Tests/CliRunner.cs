using GitStreamSync.Cli;
using Microsoft.Extensions.Time.Testing;

namespace GitStreamSync.Cli.Tests;

/// <summary>The outcome of one in-process command run.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error);

/// <summary>Runs <c>gitstreamsync</c> in-process with captured output, a fixed clock and chosen environment variables.</summary>
internal static class CliRunner
{
    public static readonly DateTimeOffset FixedNow = new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);

    public static async Task<CliResult> RunAsync(
        IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string>? variables = null,
        string? workingDirectory = null,
        IEnumerable<Func<CliContext, System.CommandLine.Command>>? commands = null,
        TimeProvider? time = null)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var environment = new CliEnvironment(
            output,
            error,
            variables ?? new Dictionary<string, string>(),
            time ?? new FakeTimeProvider(FixedNow),
            workingDirectory ?? RepositoryRoot.Path);
        var exitCode = await CliApplication.RunAsync(args, environment, commands ?? CommandCatalog.Factories, CancellationToken.None);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    public static Task<CliResult> RunAsync(params string[] args) => RunAsync((IReadOnlyList<string>)args);
}
