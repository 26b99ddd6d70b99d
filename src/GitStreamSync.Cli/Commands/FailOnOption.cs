using System.CommandLine;
using GitStreamSync.Core.Run;

namespace GitStreamSync.Cli.Commands;

/// <summary>Which tag failures make a run exit 1: the <c>--fail-on</c> choice.</summary>
internal enum FailOn
{
    /// <summary>Tags that failed for good and files with problems (the default): a transient failure is retried next run.</summary>
    Permanent,

    /// <summary>Also tags deferred after a transient failure (timeout, 5xx, 429, the run's registry budget).</summary>
    Transient,

    /// <summary>No tag failure changes the exit code; Git, GitHub and usage errors still do.</summary>
    Never,
}

/// <summary>
/// <c>--fail-on transient|permanent|never</c> of the commands that resolve tags, and the exit code
/// and warning a report gets under it.
/// </summary>
internal sealed class FailOnOption
{
    public Option<string> Option { get; } = new("--fail-on")
    {
        Description = "Which tag failures exit 1: permanent (default: not found, unauthorized, invalid, unreadable files), transient (also tags deferred after timeouts, 5xx, 429), never",
        HelpName = "KIND",
        DefaultValueFactory = _ => "permanent",
    };

    public FailOn Read(ParseResult parse) => Parse(parse.GetValue(Option));

    internal static FailOn Parse(string? text) => (text ?? "permanent").ToLowerInvariant() switch
    {
        "permanent" => FailOn.Permanent,
        "transient" => FailOn.Transient,
        "never" => FailOn.Never,
        _ => throw new UsageException($"--fail-on '{text}' is not one of transient, permanent, never"),
    };

    /// <summary>The exit code of a run that produced <paramref name="report"/>.</summary>
    public static int ExitCodeFor(SyncReport report, FailOn failOn)
    {
        var permanent = report.Failures.Count > 0 || report.Problems.Any(problem => !problem.IsWarning);
        var transient = report.Deferred.Count > 0;
        return failOn switch
        {
            FailOn.Never => ExitCodes.Success,
            FailOn.Transient when permanent || transient => ExitCodes.TagsFailed,
            FailOn.Permanent when permanent => ExitCodes.TagsFailed,
            _ => ExitCodes.Success,
        };
    }

    /// <summary>
    /// The warning for tags deferred to the next run when they do not fail the run: on
    /// stderr, and under GitHub Actions also as a <c>::warning</c> annotation so the green step
    /// still shows it.
    /// </summary>
    public static async Task WarnAsync(CommandRun run, SyncReport report, FailOn failOn)
    {
        if (report.Deferred.Count == 0 || failOn == FailOn.Transient)
        {
            return;
        }

        var tags = report.Deferred.Count == 1 ? "1 tag" : $"{report.Deferred.Count} tags";
        var message = $"{tags} deferred after transient registry failures, retried on the next run (--fail-on transient makes this exit 1)";
        await run.Error.WriteLineAsync($"{CliApplication.ToolName}: warning: {message}").ConfigureAwait(false);
        if (run.Environment.IsGitHubActions)
        {
            await run.Error.WriteLineAsync($"::warning title=GitStreamSync::{message}").ConfigureAwait(false);
        }
    }
}
