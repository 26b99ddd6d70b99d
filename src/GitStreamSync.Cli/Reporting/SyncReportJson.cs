using GitStreamSync.Core.Run;
using System.Text.Json;

namespace GitStreamSync.Cli.Reporting;

/// <summary>The run report as JSON (<c>-o json</c>): the same facts as the table, with full digests.</summary>
internal static class SyncReportJson
{
    public static string Render(SyncReport report) => ReportJson.Serialize(Shape(report));

    /// <summary>The text of <see cref="Render"/>, written to <paramref name="output"/> as it is made.</summary>
    public static void Write(SyncReport report, TextWriter output) => ReportJson.Write(Shape(report), output);

    private static Dictionary<string, object?> Shape(SyncReport report)
    {
        var shape = ReportJson.Head(report.Outcome, report.Location, report.BaseBranch, report.BaseCommit, report.Branch, report.CommitId);
        shape["branches"] = report.Branches.Select(b => new Dictionary<string, object?>
        {
            ["branch"] = b.Branch,
            ["stream"] = b.Stream,
            ["outcome"] = JsonNamingPolicy.CamelCase.ConvertName(b.Outcome.ToString()),
            ["commit"] = b.CommitId,
            ["changedFiles"] = b.ChangedFiles,
            ["tags"] = b.Changes.Count,
        });
        shape["deletedBranches"] = report.DeletedBranches;
        shape["attempts"] = report.Attempts;
        if (report.ResolutionFiles > 0)
        {
            shape["resolutions"] = new Dictionary<string, object?>
            {
                ["files"] = report.ResolutionFiles,
                ["fromFiles"] = report.Resolutions.Count - report.AskedOfRegistries,
                ["askedOfRegistries"] = report.AskedOfRegistries,
            };
        }

        shape["changedFiles"] = report.ChangedFiles;
        shape["changes"] = report.Changes.Select(c => WithImported(c.Imported, new Dictionary<string, object?>
        {
            ["file"] = c.FilePath,
            ["stream"] = c.Stream,
            ["tag"] = c.Tag,
            ["change"] = SyncReportFormat.Kind(c.Kind),
            ["oldReference"] = c.OldReference,
            ["oldImage"] = c.OldImage,
            ["newReference"] = c.NewReference,
            ["newImage"] = c.NewImage,
            ["platform"] = c.Platform?.ToString(),
        }));
        shape["problems"] = report.Problems.Select(p => new Dictionary<string, object?>
        {
            ["file"] = p.FilePath,
            ["line"] = p.Location.Line,
            ["column"] = p.Location.Column,
            ["message"] = p.Message,
        });
        shape["failed"] = report.Failures.Select(f => new Dictionary<string, object?> { ["stream"] = f.StreamKey, ["tag"] = f.Tag, ["reason"] = f.Reason, ["message"] = f.Message });
        shape["deferred"] = report.Deferred.Select(d => new Dictionary<string, object?> { ["stream"] = d.StreamKey, ["tag"] = d.Tag, ["reference"] = d.Reference, ["reason"] = d.Failure.Kind.ToString(), ["message"] = d.Failure.Message });
        shape["held"] = report.Held.Select(h => new Dictionary<string, object?> { ["stream"] = h.StreamKey, ["tag"] = h.Tag, ["digest"] = h.Digest.ToString(), ["source"] = h.Source });
        shape["waiting"] = report.Waiting.Select(w => new Dictionary<string, object?> { ["stream"] = w.StreamKey, ["tag"] = w.Tag, ["digest"] = w.Digest.ToString(), ["until"] = w.Until.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), ["basis"] = w.Basis });
        shape["diff"] = report.Diff;
        shape["pullRequests"] = report.PullRequests.PullRequests.Select(p => new Dictionary<string, object?>
        {
            ["number"] = p.Number,
            ["url"] = p.Url?.ToString(),
            ["action"] = JsonNamingPolicy.CamelCase.ConvertName(p.Action.ToString()),
            ["branch"] = p.HeadBranch,
            ["why"] = p.Why,
        });
        // Why no pull request was opened at all: the option that skipped the step, or what was missing.
        shape["pullRequestsSkipped"] = report.PullRequests.Skipped is { } skipped ? "no pull request: " + skipped : report.PullRequests.NotOpened;
        return shape;
    }

    /// <summary>A tag from a <c>spec.dockerImageRepository</c> listing says so (<c>"imported": true</c>); other changes stay as they were.</summary>
    private static Dictionary<string, object?> WithImported(bool imported, Dictionary<string, object?> change)
    {
        if (imported)
        {
            change["imported"] = true;
        }

        return change;
    }
}
