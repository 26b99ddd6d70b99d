using System.Text.Encodings.Web;
using System.Text.Json;
using GitStreamSync.Core.ImageStreams;
using GitStreamSync.Core.Rollback;

namespace GitStreamSync.Cli.Reporting;

/// <summary>A rollback run as JSON (<c>-o json</c>): the same facts as the text, with full digests.</summary>
internal static class RollbackReportJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Render(RollbackReport report)
    {
        var shape = new Dictionary<string, object?>
        {
            ["outcome"] = JsonNamingPolicy.CamelCase.ConvertName(report.Outcome.ToString()),
            ["location"] = report.Location,
            ["baseBranch"] = report.BaseBranch,
            ["baseCommit"] = report.BaseCommit,
            ["branch"] = report.Branch,
            ["commit"] = report.CommitId,
            ["attempts"] = report.Attempts,
            ["file"] = report.Key?.FilePath,
            ["stream"] = report.Key?.Stream,
            ["tag"] = report.Key?.Tag,
            ["index"] = report.Index,
            ["from"] = Item(report.From),
            ["to"] = Item(report.To),
            ["written"] = Item(report.Written),
            ["held"] = report.FromDigest?.ToString(),
            ["changedFiles"] = report.ChangedFiles,
            ["diff"] = report.Diff,
        };
        return JsonSerializer.Serialize(shape, Options) + "\n";
    }

    private static Dictionary<string, object?>? Item(TagEvent? item) => item is null ? null : new()
    {
        ["created"] = item.Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["dockerImageReference"] = item.DockerImageReference,
        ["image"] = item.Image,
        ["generation"] = item.Generation,
    };
}
