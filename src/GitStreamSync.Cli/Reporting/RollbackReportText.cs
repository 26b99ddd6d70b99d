using GitStreamSync.Core.Rollback;
using System.Globalization;
using System.Text;

namespace GitStreamSync.Cli.Reporting;

/// <summary>A rollback run as a few sentences (and the diff, for a dry run).</summary>
internal static class RollbackReportText
{
    public static string Render(RollbackReport report)
    {
        var text = new StringBuilder();
        var from = report.FromDigest?.Abbreviated ?? "(no digest)";
        var to = report.ToDigest?.Abbreviated ?? "(no digest)";
        var created = report.To?.Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var verb = report.Outcome == RollbackOutcome.DryRun ? "Would roll back" : "Rolled back";
        text.Append(CultureInfo.InvariantCulture, $"{verb} {report.Key} from {from} to {to} (items[{report.Index}], recorded {created}).\n");
        if (report.Followers.Count > 0)
        {
            var followers = report.Followers.Select(f => $"{f.FilePath}#{f.Stream}:{f.Tag}");
            text.Append(CultureInfo.InvariantCulture, $"Tags that follow it move with it: {string.Join(", ", followers)}.\n");
        }
        // A plain folder (dry run only) has no commit to name.
        var baseText = report.BaseCommit.All(char.IsAsciiHexDigit)
            ? $"{report.BaseBranch} at {SyncReportFormat.ShortCommit(report.BaseCommit)}"
            : report.BaseBranch;
        text.Append(report.Outcome switch
        {
            RollbackOutcome.DryRun => $"Dry run: would commit to {report.Branch} (base {baseText}); nothing written.",
            RollbackOutcome.AlreadyProposed => $"{report.Branch} already proposes this rollback ({SyncReportFormat.ShortCommit(report.CommitId)}); nothing pushed.",
            RollbackOutcome.Pushed => $"Pushed {SyncReportFormat.ShortCommit(report.CommitId)} to {report.Branch} (base {baseText}).",
            RollbackOutcome.CommittedLocally => $"Committed {SyncReportFormat.ShortCommit(report.CommitId)} on local branch {report.Branch} (no remote to push to).",
            _ => report.Outcome.ToString(),
        }).Append('\n');
        if (report.FromDigest is not null)
        {
            var when = report.Branch == report.BaseBranch ? "From now on" : $"Once this is on {report.BaseBranch}";
            text.Append(CultureInfo.InvariantCulture,
                $"{when}, sync holds {from} for this tag until upstream publishes another digest; revert the commit to release it.\n");
        }

        if (report.Diff is { Length: > 0 } diff)
        {
            text.Append('\n').Append(diff);
        }

        return text.ToString();
    }
}
