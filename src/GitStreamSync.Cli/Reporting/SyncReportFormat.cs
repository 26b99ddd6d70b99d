using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using System.Globalization;

namespace GitStreamSync.Cli.Reporting;

/// <summary>Small wording shared by the report's table, Markdown and JSON forms.</summary>
internal static class SyncReportFormat
{
    public static string Kind(TagChangeKind kind) => kind switch
    {
        TagChangeKind.Updated => "updated",
        TagChangeKind.New => "new",
        TagChangeKind.ConditionSet => "import failed",
        TagChangeKind.ConditionCleared => "recovered",
        TagChangeKind.Reference => "reference",
        TagChangeKind.GenerationUpdated => "generation",
        _ => kind.ToString(),
    };

    public static string Short(string? image) =>
        string.IsNullOrEmpty(image) ? "-" : Digest.TryParse(image, out var digest) ? digest.Abbreviated : image;

    public static string ShortCommit(string? commit) => commit is null ? "-" : Core.Ports.CommitId.Short(commit);

    public const string ImportedTitle = "Imported from the repository listing (spec.dockerImageRepository), not from spec.tags";

    /// <summary>One line per stream naming its changed tags that come from a repository listing.</summary>
    public static IEnumerable<string> Imported(IEnumerable<TagChange> changes) =>
        changes.Where(c => c.Imported)
            .GroupBy(c => c.StreamKey, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(c => c.Tag).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))}");

    public static string Count(int count, string noun, string? plural = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? noun : plural ?? noun + "s")}");
}
