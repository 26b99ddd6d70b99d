using GitStreamSync.Core.Read;

namespace GitStreamSync.Core.Render;

/// <summary>
/// Which digest was reviewed for each spec tag: the current status item, unless the tag never got
/// one or OpenShift's <c>ImportSuccess: "False"</c> condition says its newest import failed (the
/// item then predates the failure and is not what the spec asks for). Reference tags are never
/// imported and are skipped.
/// </summary>
internal static class ReviewedDigestFinder
{
    public static (IReadOnlyList<ReviewedTag> Reviewed, IReadOnlyList<MissingDigest> Missing) Find(ImageStreamDocument stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reviewed = new List<ReviewedTag>();
        var missing = new List<MissingDigest>();
        foreach (var tag in stream.SpecTags)
        {
            if (tag.Reference || tag.From is null)
            {
                continue;
            }

            var history = stream.Status?.Tags.FirstOrDefault(t => t.Tag == tag.Name);
            var failure = history?.Conditions.FirstOrDefault(c => c is { Type: "ImportSuccess", Status: "False" });
            if (failure is not null)
            {
                missing.Add(new MissingDigest(stream, tag, $"the newest import failed ({failure.Reason}): {failure.Message}"));
            }
            else if (history?.Items is not [{ Image.Length: > 0, DockerImageReference.Length: > 0 } current, ..])
            {
                missing.Add(new MissingDigest(stream, tag, "no digest in status yet"));
            }
            else
            {
                reviewed.Add(new ReviewedTag(stream, tag, current));
            }
        }

        return (reviewed, missing);
    }
}
