using GitStreamSync.Core.Run;
using GitStreamSync.Cli.Output;
using GitStreamSync.Cli.Reporting;

namespace GitStreamSync.Cli.Commands;

/// <summary>
/// Writes a sync report: table or JSON on stdout, and under GitHub Actions problems, failed and
/// deferred tags as annotations and the Markdown table to <c>$GITHUB_STEP_SUMMARY</c>.
/// </summary>
internal static class SyncOutput
{
    public static async Task WriteAsync(CommandRun run, SyncReport report, string format, CancellationToken cancellationToken)
    {
        if (format == "json")
        {
            SyncReportJson.Write(report, run.Out);
        }
        else
        {
            await run.Out.WriteAsync(SyncReportText.Render(report).AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        await AnnotateAsync(run, report, format, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Under GitHub Actions: the annotations and the job summary's section of one report (<paramref name="repository"/>: one of many, named in its heading).</summary>
    public static async Task AnnotateAsync(CommandRun run, SyncReport report, string format, string? repository, CancellationToken cancellationToken)
    {
        if (run.Environment.IsGitHubActions)
        {
            // The runner reads workflow commands from both streams; stderr keeps JSON output parseable.
            var annotations = format == "json" ? run.Error : run.Out;
            foreach (var line in SyncAnnotations.Of(report))
            {
                await annotations.WriteAsync((line + "\n").AsMemory(), cancellationToken).ConfigureAwait(false);
            }
        }

        if (run.Environment.IsGitHubActions && run.Environment.GetVariable("GITHUB_STEP_SUMMARY") is { } summary)
        {
            // The summary file is shared by every step of the job: append, never replace.
            await File.AppendAllTextAsync(summary, run.Environment.Secrets.Mask(SyncReportMarkdown.Render(report, repository)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Appends Markdown to the job summary under GitHub Actions, masked.</summary>
    public static async Task SummarizeAsync(CommandRun run, string markdown, CancellationToken cancellationToken)
    {
        if (run.Environment.IsGitHubActions && run.Environment.GetVariable("GITHUB_STEP_SUMMARY") is { } summary)
        {
            await File.AppendAllTextAsync(summary, run.Environment.Secrets.Mask(markdown), cancellationToken).ConfigureAwait(false);
        }
    }
}
