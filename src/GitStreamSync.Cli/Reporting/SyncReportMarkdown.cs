using GitStreamSync.Core.Run;
using System.Text;

namespace GitStreamSync.Cli.Reporting;

/// <summary>The run report as Markdown for <c>$GITHUB_STEP_SUMMARY</c>; text from files and registries is escaped.</summary>
internal static class SyncReportMarkdown
{
    /// <param name="repository">One of many repositories of the run: named in the heading, so each has its own section.</param>
    public static string Render(SyncReport report, string? repository = null)
    {
        var text = new StringBuilder(repository is null ? "## GitStreamSync sync\n\n" : $"## GitStreamSync sync of {Code(repository)}\n\n");
        text.Append(Escape(SyncReportText.Headline(report))).Append("\n\n");
        if (report.ByStream && report.Branches.Count > 0)
        {
            text.Append("| Branch | Outcome | Commit | Tags |\n|---|---|---|---|\n");
            foreach (var branch in report.Branches)
            {
                text.Append("| ").Append(Code(branch.Branch))
                    .Append(" | ").Append(SyncReportText.Outcome(branch.Outcome))
                    .Append(" | ").Append(Code(SyncReportFormat.ShortCommit(branch.CommitId)))
                    .Append(" | ").Append(branch.Changes.Count)
                    .Append(" |\n");
            }

            text.Append('\n');
        }

        if (report.Changes.Count > 0)
        {
            text.Append("| File | Stream:tag | Change | Old | New |\n|---|---|---|---|---|\n");
            foreach (var change in report.Changes)
            {
                text.Append("| ").Append(Code(change.FilePath))
                    .Append(" | ").Append(Code($"{change.Stream}:{change.Tag}"))
                    .Append(" | ").Append(SyncReportFormat.Kind(change.Kind))
                    .Append(" | ").Append(Code(SyncReportFormat.Short(change.OldImage)))
                    .Append(" | ").Append(Code(SyncReportFormat.Short(change.NewImage)))
                    .Append(" |\n");
            }

            text.Append('\n');
        }

        Section(text, SyncReportFormat.ImportedTitle, SyncReportFormat.Imported(report.Changes));
        Section(text, "Deleted (in the way of the new branches)", report.DeletedBranches);
        Section(text, "Problems", report.Problems.Select(p => p.ToString()));
        Section(text, "Failed", report.Failures.Select(f => $"{f.StreamKey}:{f.Tag} {f.Reason}: {f.Message}"));
        Section(text, "Deferred (retried next run)", report.Deferred.Select(d => $"{d.StreamKey}:{d.Tag} {d.Explanation}"));
        Section(text, "Held on a rejected digest", report.Held.Select(h => $"{h.StreamKey}:{h.Tag} {h.Digest.Abbreviated} ({h.Source})"));
        Section(text, "Waiting for the minimum age", report.Waiting.Select(w => $"{w.StreamKey}:{w.Tag} {w.Digest.Abbreviated} {w.Explanation}"));
        return text.ToString();
    }

    private static void Section(StringBuilder text, string title, IEnumerable<string> lines)
    {
        var list = lines.ToList();
        if (list.Count == 0)
        {
            return;
        }

        text.Append("### ").Append(title).Append("\n\n");
        foreach (var line in list)
        {
            text.Append("- ").Append(Escape(line.ReplaceLineEndings(" "))).Append('\n');
        }

        text.Append('\n');
    }

    /// <summary>The section of a repository whose run failed as a whole (a bad clone, a refused push, a bad settings file).</summary>
    public static string Failed(string repository, string message) =>
        $"## GitStreamSync sync of {Code(repository)}\n\nFailed: {Escape(message)}\n\n";

    /// <summary>The last line of a run over many repositories.</summary>
    public static string Totals(string line) => Escape(line) + "\n\n";

    // Inline code cannot hold a backtick or a pipe inside a table: those are replaced.
    internal static string Code(string value) => "`" + value.Replace('`', '\'').Replace("|", "\\|", StringComparison.Ordinal) + "`";

    private static string Escape(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if ("\\`*_{}[]()<>#+!|@~".Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
