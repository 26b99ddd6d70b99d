using GitStreamSync.Core.Publish;
using GitStreamSync.Core.Run;
using System.Globalization;
using System.Text;

namespace GitStreamSync.Cli.Reporting;

/// <summary>The run report as a console table (and the diff, for a dry run).</summary>
internal static class SyncReportText
{
    public static string Render(SyncReport report)
    {
        var text = new StringBuilder();
        text.Append(Headline(report)).Append('\n');
        if (report.ResolutionFiles > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"Applied {SyncReportFormat.Count(report.ResolutionFiles, "resolutions file")}: {report.Resolutions.Count - report.AskedOfRegistries} answers from the files, {report.AskedOfRegistries} asked of registries.\n");
        }

        AppendSection(text, "Deleted (in the way of the new branches)", report.DeletedBranches);
        if (report.ByStream && report.Branches.Count > 0)
        {
            AppendTable(text, [.. report.Branches
                .Select(b => new[] { b.Branch, Outcome(b.Outcome), SyncReportFormat.ShortCommit(b.CommitId), SyncReportFormat.Count(b.Changes.Count, "tag") })
                .Prepend(["BRANCH", "OUTCOME", "COMMIT", "TAGS"])]);
        }

        if (report.Changes.Count > 0)
        {
            var rows = report.Changes
                .Select(c => new[] { c.FilePath, $"{c.Stream}:{c.Tag}", SyncReportFormat.Kind(c.Kind), SyncReportFormat.Short(c.OldImage), SyncReportFormat.Short(c.NewImage) })
                .Prepend(["FILE", "STREAM:TAG", "CHANGE", "OLD", "NEW"])
                .ToList();
            AppendTable(text, rows);
        }

        AppendSection(text, SyncReportFormat.ImportedTitle, SyncReportFormat.Imported(report.Changes));
        AppendSection(text, "Problems", report.Problems.Select(p => p.ToString()));
        AppendSection(text, "Failed", report.Failures.Select(f => $"{f.StreamKey}:{f.Tag} {f.Reason}: {f.Message}"));
        AppendSection(text, "Deferred (retried next run)", report.Deferred.Select(d => $"{d.StreamKey}:{d.Tag} {d.Explanation}"));
        AppendSection(text, "Held on a rejected digest", report.Held.Select(h => $"{h.StreamKey}:{h.Tag} {h.Digest.Abbreviated} ({h.Source})"));
        AppendSection(text, "Waiting for the minimum age", report.Waiting.Select(w => $"{w.StreamKey}:{w.Tag} {w.Digest.Abbreviated} {w.Explanation}"));
        if (report.Diff is { Length: > 0 } diff)
        {
            text.Append('\n').Append(diff);
        }

        return text.ToString();
    }

    public static string Headline(SyncReport report)
    {
        var baseText = $"{report.BaseBranch} at {SyncReportFormat.ShortCommit(report.BaseCommit)}";
        var tags = SyncReportFormat.Count(report.Changes.Count, "tag");
        var files = SyncReportFormat.Count(report.ChangedFiles.Count, "file");
        if (report.ByStream && report.Branches.Count > 0)
        {
            return ByStreamHeadline(report, tags, files, baseText);
        }

        return report.Outcome switch
        {
            SyncOutcome.NothingToChange => $"Nothing to change on {baseText}.",
            SyncOutcome.DryRun => $"Dry run: would change {tags} in {files} on {report.Branch} (base {baseText}).",
            SyncOutcome.AlreadyProposed => $"{report.Branch} already proposes these {tags} ({SyncReportFormat.ShortCommit(report.CommitId)}); nothing pushed.",
            SyncOutcome.Pushed => $"Pushed {SyncReportFormat.ShortCommit(report.CommitId)} to {report.Branch}: {tags} in {files} (base {baseText}).",
            SyncOutcome.CommittedLocally => $"Committed {SyncReportFormat.ShortCommit(report.CommitId)} on local branch {report.Branch}: {tags} in {files} (no remote to push to).",
            SyncOutcome.Kept => $"{report.Branch} left as it is ({SyncReportFormat.ShortCommit(report.CommitId)}): its pull request proposes tags this run did not resolve; nothing pushed (base {baseText}).",
            _ => report.Outcome.ToString(),
        };
    }

    /// <summary>One branch per ImageStream: the headline counts branches, the branch table names them.</summary>
    private static string ByStreamHeadline(SyncReport report, string tags, string files, string baseText)
    {
        int Count(SyncOutcome outcome) => report.Branches.Count(b => b.Outcome == outcome);
        var branches = SyncReportFormat.Count(report.Branches.Count, "branch", "branches");
        var proposed = Count(SyncOutcome.AlreadyProposed);
        var already = proposed > 0 ? $"; {SyncReportFormat.Count(proposed, "branch", "branches")} already {(proposed == 1 ? "proposes its" : "propose their")} changes" : "";
        return report.Outcome switch
        {
            SyncOutcome.DryRun => $"Dry run: would change {tags} in {files} on {branches}, one per ImageStream (base {baseText}).",
            SyncOutcome.AlreadyProposed => $"{branches} under {report.Branch}/ already propose these {tags}; nothing pushed.",
            SyncOutcome.Kept => $"{branches} under {report.Branch}/ left as they are: their pull requests propose tags this run did not resolve; nothing pushed (base {baseText}).",
            SyncOutcome.Pushed => $"Pushed {SyncReportFormat.Count(Count(SyncOutcome.Pushed), "branch", "branches")}, one per ImageStream: {tags} in {files} (base {baseText}){already}.",
            _ => $"Committed {SyncReportFormat.Count(Count(SyncOutcome.CommittedLocally), "local branch", "local branches")}, one per ImageStream: {tags} in {files} (no remote to push to){already}.",
        };
    }

    internal static string Outcome(SyncOutcome outcome) => outcome switch
    {
        SyncOutcome.Pushed => "pushed",
        SyncOutcome.AlreadyProposed => "already proposed",
        SyncOutcome.CommittedLocally => "committed locally",
        SyncOutcome.DryRun => "dry run",
        SyncOutcome.Kept => "kept",
        _ => "nothing to change",
    };

    private static void AppendTable(StringBuilder text, List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            var line = string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i])));
            text.Append(line.TrimEnd()).Append('\n');
        }
    }

    private static void AppendSection(StringBuilder text, string title, IEnumerable<string> lines)
    {
        var list = lines.ToList();
        if (list.Count == 0)
        {
            return;
        }

        text.Append(CultureInfo.InvariantCulture, $"{title}:\n");
        foreach (var line in list)
        {
            text.Append("  ").Append(line.ReplaceLineEndings(" ")).Append('\n');
        }
    }
}
