using GitStreamSync.Core.Images;
using GitStreamSync.Core.Read;
namespace GitStreamSync.Core.Validate;

/// <summary>
/// What <c>validate</c> found: every problem in file order, and the counts of the summary.
/// <see cref="Warnings"/> are things OpenShift accepts but that likely surprise (a stream name used
/// in two files): printed, never a failure.
/// </summary>
internal sealed record ValidationReport(IReadOnlyList<Problem> Problems, ValidationSummary Summary)
{
    public IReadOnlyList<Problem> Warnings { get; init; } = [];

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
/// Checks the reader's result further, with no network: every spec tag name follows the reference
/// tag grammar (section 3), every <c>DockerImage</c> source is a valid image reference (section 3),
/// <c>ImageStreamTag</c> sources are <c>tag</c> or <c>stream:tag</c> and <c>ImageStreamImage</c>
/// sources <c>id</c> or <c>stream@id</c> (section 2.4, openshift-apiserver's parseFromReference), and
/// a stream name is defined once per file. The same name in two files is a warning: OpenShift keeps
/// whichever is applied last, and repositories such as sclorg's keep a CentOS and a RHEL variant of
/// one stream side by side on purpose.
/// </summary>
internal static class RepositoryValidator
{
    public static ValidationReport Validate(IReadOnlyList<ImageStreamDocument> streams, IReadOnlyList<Problem> readProblems, int fileCount)
    {
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(readProblems);
        var problems = new List<Problem>(readProblems.Where(problem => !problem.IsWarning));
        var warnings = new List<Problem>(readProblems.Where(problem => problem.IsWarning));
        var firstByName = new Dictionary<(string?, string), ImageStreamDocument>();
        foreach (var stream in streams)
        {
            if (!firstByName.TryAdd((stream.Namespace, stream.Name), stream))
            {
                var first = firstByName[(stream.Namespace, stream.Name)];
                var where = $"{first.FilePath}:{first.Location.Line}:{first.Location.Column}";
                if (first.FilePath == stream.FilePath)
                {
                    problems.Add(new Problem(stream.FilePath, stream.Location, $"ImageStream \"{stream.Name}\" is defined twice; the first is at {where}"));
                }
                else
                {
                    warnings.Add(new Problem(stream.FilePath, stream.Location,
                        $"ImageStream \"{stream.Name}\" is also defined at {where}; applying both keeps the one applied last, and ImageStreamTag sources naming it are ambiguous") { IsWarning = true });
                }
            }

            foreach (var tag in stream.SpecTags)
            {
                if (TagName.Check(tag.Name) is { } badName)
                {
                    problems.Add(new Problem(stream.FilePath, tag.Location, $"ImageStream \"{stream.Name}\", spec tag \"{tag.Name}\": the tag name is invalid: {badName}"));
                }

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
        return new ValidationReport(InFileOrder(problems), summary) { Warnings = InFileOrder(warnings) };
    }

    private static List<Problem> InFileOrder(IEnumerable<Problem> problems) => problems
        .OrderBy(p => p.FilePath, StringComparer.Ordinal)
        .ThenBy(p => p.Location.Line)
        .ThenBy(p => p.Location.Column)
        .ToList();

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
                // A lone name is a tag of this stream (an alias such as latest -> 2.12.0.GA); with a
                // colon it is stream:tag. Tags follow the reference grammar, streams the name rules.
                var parts = from.Name.Split(':');
                var istError = parts.Length switch
                {
                    1 => TagName.Check(parts[0]),
                    2 when parts[1].Length == 0 => "the tag after ':' is empty",
                    2 => StreamName.Check(parts[0]) ?? TagName.Check(parts[1]),
                    _ => "more than one ':'",
                };
                return istError is null ? null : $"from.name \"{from.Name}\" is not TAG or STREAM:TAG for an ImageStreamTag: {istError}";
            default:
                // A lone id is an image of this stream; the id may be a prefix of the digest.
                var at = from.Name.IndexOf('@', StringComparison.Ordinal);
                var id = at < 0 ? from.Name : from.Name[(at + 1)..];
                var isiError = at == 0 ? "the stream before '@' is empty"
                    : at > 0 && StreamName.Check(from.Name[..at]) is { } badStream ? badStream
                    : !IsImageId(id) ? "the image id is not a digest or a prefix of one (sha256:<hex> or <hex>)"
                    : null;
                return isiError is null ? null : $"from.name \"{from.Name}\" is not ID or STREAM@ID for an ImageStreamImage: {isiError}";
        }
    }

    private static bool IsImageId(string id)
    {
        var colon = id.IndexOf(':', StringComparison.Ordinal);
        var hex = colon < 0 ? id : id[(colon + 1)..];
        return (colon < 0 || id[..colon] is "sha256" or "sha384" or "sha512")
            && hex.Length > 0 && hex.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
    }
}
