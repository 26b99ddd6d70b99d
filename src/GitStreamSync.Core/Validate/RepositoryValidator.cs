using GitStreamSync.Core.Images;
using GitStreamSync.Core.Read;
namespace GitStreamSync.Core.Validate;

/// <summary>What <c>validate</c> found: every problem in file order, and the counts of the summary.</summary>
internal sealed record ValidationReport(IReadOnlyList<Problem> Problems, ValidationSummary Summary)
{
    public bool IsClean => Problems.Count == 0;
}

/// <summary>
/// Counts for the summary line. Tags are counted by <c>from.kind</c>; <see cref="ReferenceTags"/>
/// counts <c>reference: true</c> tags among them, which never contact a registry.
/// </summary>
internal sealed record ValidationSummary(
    int Files,
    int Streams,
    int Tags,
    int DockerImageTags,
    int ImageStreamTagTags,
    int ImageStreamImageTags,
    int ReferenceTags,
    int TagsWithoutSource);

/// <summary>
/// Checks the reader's result further, with no network: every <c>DockerImage</c> source must be a
/// valid image reference (semantics doc section 3), <c>ImageStreamTag</c> sources must be
/// <c>stream[:tag]</c> and <c>ImageStreamImage</c> sources <c>stream@digest</c> (section 2.4), and a
/// stream name may be defined only once per namespace in the repository.
/// </summary>
internal static class RepositoryValidator
{
    public static ValidationReport Validate(IReadOnlyList<ImageStreamDocument> streams, IReadOnlyList<Problem> readProblems, int fileCount)
    {
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(readProblems);
        var problems = new List<Problem>(readProblems);
        var firstByName = new Dictionary<(string?, string), ImageStreamDocument>();
        foreach (var stream in streams)
        {
            if (!firstByName.TryAdd((stream.Namespace, stream.Name), stream))
            {
                var first = firstByName[(stream.Namespace, stream.Name)];
                problems.Add(new Problem(stream.FilePath, stream.Location,
                    $"ImageStream \"{stream.Name}\" is defined twice; the first is at {first.FilePath}:{first.Location.Line}:{first.Location.Column}"));
            }

            foreach (var tag in stream.SpecTags)
            {
                if (CheckSource(tag) is { } message)
                {
                    problems.Add(new Problem(stream.FilePath, tag.Location, $"ImageStream \"{stream.Name}\", spec tag \"{tag.Name}\": {message}"));
                }
            }
        }

        var tags = streams.SelectMany(stream => stream.SpecTags).ToList();
        var summary = new ValidationSummary(
            fileCount,
            streams.Count,
            tags.Count,
            tags.Count(t => t.From?.Kind == TagSourceKind.DockerImage),
            tags.Count(t => t.From?.Kind == TagSourceKind.ImageStreamTag),
            tags.Count(t => t.From?.Kind == TagSourceKind.ImageStreamImage),
            tags.Count(t => t.Reference),
            tags.Count(t => t.From is null));
        var ordered = problems
            .OrderBy(p => p.FilePath, StringComparer.Ordinal)
            .ThenBy(p => p.Location.Line)
            .ThenBy(p => p.Location.Column)
            .ToList();
        return new ValidationReport(ordered, summary);
    }

    private static string? CheckSource(SpecTag tag)
    {
        if (tag.From is not { } from)
        {
            return null;
        }

        switch (from.Kind)
        {
            case TagSourceKind.DockerImage:
                return ImageReference.TryParse(from.Name, out _, out var error) ? null : $"from.name \"{from.Name}\" is not an image reference: {error}";
            case TagSourceKind.ImageStreamTag:
                var parts = from.Name.Split(':');
                return parts.Length <= 2 && parts.All(part => part.Length > 0) && StreamName.Check(parts[0]) is null
                    ? null
                    : $"from.name \"{from.Name}\" is not STREAM:TAG for an ImageStreamTag";
            default:
                var at = from.Name.IndexOf('@', StringComparison.Ordinal);
                return at > 0 && StreamName.Check(from.Name[..at]) is null && Digest.TryParse(from.Name[(at + 1)..], out _)
                    ? null
                    : $"from.name \"{from.Name}\" is not STREAM@DIGEST for an ImageStreamImage";
        }
    }
}
