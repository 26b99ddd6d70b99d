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
            await File.AppendAllTextAsync(summary, run.Environment.Secrets.Mask(SyncReportMarkdown.Render(report)), cancellationToken).ConfigureAwait(false);
        }
    }
}
