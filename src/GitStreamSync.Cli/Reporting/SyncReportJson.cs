using System.Text.Encodings.Web;
using System.Text.Json;
using GitStreamSync.Core.Sync;

namespace GitStreamSync.Cli.Reporting;

/// <summary>The run report as JSON (<c>-o json</c>): the same facts as the table, with full digests.</summary>
internal static class SyncReportJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Render(SyncReport report)
    {
        var shape = new Dictionary<string, object?>
        {
            ["outcome"] = JsonNamingPolicy.CamelCase.ConvertName(report.Outcome.ToString()),
            ["location"] = report.Location,
            ["baseBranch"] = report.BaseBranch,
            ["baseCommit"] = report.BaseCommit,
            ["branch"] = report.Branch,
            ["commit"] = report.CommitId,
            ["branches"] = report.Branches.Select(b => new Dictionary<string, object?>
            {
                ["branch"] = b.Branch,
                ["stream"] = b.Stream,
                ["outcome"] = JsonNamingPolicy.CamelCase.ConvertName(b.Outcome.ToString()),
                ["commit"] = b.CommitId,
                ["changedFiles"] = b.ChangedFiles,
                ["tags"] = b.Changes.Count,
            }),
            ["deletedBranches"] = report.DeletedBranches,
            ["attempts"] = report.Attempts,
            ["changedFiles"] = report.ChangedFiles,
            ["changes"] = report.Changes.Select(c => new Dictionary<string, object?>
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
            }),
            ["problems"] = report.Problems.Select(p => new Dictionary<string, object?>
            {
                ["file"] = p.FilePath,
                ["line"] = p.Location.Line,
                ["column"] = p.Location.Column,
                ["message"] = p.Message,
            }),
            ["failed"] = report.Failures.Select(f => new Dictionary<string, object?> { ["stream"] = f.StreamKey, ["tag"] = f.Tag, ["reason"] = f.Reason, ["message"] = f.Message }),
            ["deferred"] = report.Deferred.Select(d => new Dictionary<string, object?> { ["stream"] = d.StreamKey, ["tag"] = d.Tag, ["reference"] = d.Reference, ["reason"] = d.Failure.Kind.ToString(), ["message"] = d.Failure.Message }),
            ["held"] = report.Held.Select(h => new Dictionary<string, object?> { ["stream"] = h.StreamKey, ["tag"] = h.Tag, ["digest"] = h.Digest.ToString(), ["source"] = h.Source }),
            ["diff"] = report.Diff,
        };
        return JsonSerializer.Serialize(shape, Options) + "\n";
    }
}
