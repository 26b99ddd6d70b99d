using GitStreamSync.Core.Read;
using GitStreamSync.Core.Rollback;
namespace GitStreamSync.Cli.Reporting;

/// <summary>A rollback run as JSON (<c>-o json</c>): the same facts as the text, with full digests.</summary>
internal static class RollbackReportJson
{
    public static string Render(RollbackReport report)
    {
        var shape = ReportJson.Head(report.Outcome, report.Location, report.BaseBranch, report.BaseCommit, report.Branch, report.CommitId);
        shape["attempts"] = report.Attempts;
        shape["file"] = report.Key?.FilePath;
        shape["stream"] = report.Key?.Stream;
        shape["tag"] = report.Key?.Tag;
        shape["index"] = report.Index;
        shape["from"] = Item(report.From);
        shape["to"] = Item(report.To);
        shape["written"] = Item(report.Written);
        shape["followers"] = report.Followers.Select(f => new Dictionary<string, object?> { ["file"] = f.FilePath, ["stream"] = f.Stream, ["tag"] = f.Tag, ["oldImage"] = f.OldImage, ["newImage"] = f.NewImage });
        shape["held"] = report.FromDigest?.ToString();
        shape["changedFiles"] = report.ChangedFiles;
        shape["diff"] = report.Diff;
        return ReportJson.Serialize(shape);
    }

    private static Dictionary<string, object?>? Item(TagEvent? item) => item is null ? null : new()
    {
        ["created"] = item.Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["dockerImageReference"] = item.DockerImageReference,
        ["image"] = item.Image,
        ["generation"] = item.Generation,
    };
}
