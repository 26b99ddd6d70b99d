using GitStreamSync.Core.Images;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Rollback;

namespace GitStreamSync.Core.Show;

/// <summary>One tag's history entry for a digest: when the tag got it, whether it is still current, and what rejected it.</summary>
internal sealed record ImageOccurrence(StreamTagEntry Tag, Read.TagEvent Event, bool Current, RejectedDigest? Rejected);

/// <summary>
/// <c>get isimage STREAM@DIGEST</c>: the image event, every tag of the stream whose history holds
/// the digest (current or past, with when), and whether that digest is rejected for the tag and by what.
/// </summary>
internal static class ImageStreamImageView
{
    public const string Resource = "imagestreamimage.image.openshift.io";

    public static IReadOnlyList<ImageOccurrence> Find(StoredStream stream, Digest digest, RejectionSet rejections)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(rejections);
        var text = digest.ToString();
        return StreamTagEntry.Of(stream)
            .SelectMany(tag => (tag.History?.Items ?? []).Select((item, index) => (tag, item, index)))
            .Where(found => found.item.Image == text)
            .Select(found => new ImageOccurrence(found.tag, found.item, found.index == 0,
                rejections.Find(new TagKey(stream.Document.FilePath, stream.Document.Name, found.tag.Tag), digest)))
            .ToList();
    }

    public static string Render(StoredStream stream, Digest digest, IReadOnlyList<ImageOccurrence> found, ViewFormat format, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(found);
        var name = $"{stream.Document.Name}@{digest}";
        return format switch
        {
            ViewFormat.Name => $"{Resource}/{name}\n",
            ViewFormat.Yaml => ObjectOutput.ToYaml(Object(stream, name, digest, found)),
            ViewFormat.Json => ObjectOutput.ToJson(Object(stream, name, digest, found)),
            _ => OcTable.Render(
                format == ViewFormat.Wide
                    ? ["NAME", "TAG", "CURRENT", "CREATED", "IMAGE REFERENCE", "REJECTED"]
                    : ["NAME", "TAG", "CURRENT", "CREATED", "REJECTED"],
                found.Select(f => Row(name, f, now, format == ViewFormat.Wide)).ToList()),
        };
    }

    private static IReadOnlyList<string> Row(string name, ImageOccurrence found, DateTimeOffset now, bool wide)
    {
        var rejected = found.Rejected?.Source ?? "no";
        string[] head = [name, found.Tag.Tag, found.Current ? "yes" : "no", HumanAge.Ago(found.Event.Created, now)];
        return wide ? [.. head, found.Event.DockerImageReference, rejected] : [.. head, rejected];
    }

    private static Dictionary<string, object?> Object(StoredStream stream, string name, Digest digest, IReadOnlyList<ImageOccurrence> found)
    {
        var metadata = new Dictionary<string, object?> { ["name"] = name };
        if (stream.Document.Namespace is { } ns)
        {
            metadata["namespace"] = ns;
        }

        var first = found.OrderBy(f => f.Event.Created).FirstOrDefault();
        return new Dictionary<string, object?>
        {
            ["apiVersion"] = "image.openshift.io/v1",
            ["kind"] = "ImageStreamImage",
            ["metadata"] = metadata,
            ["image"] = new Dictionary<string, object?>
            {
                ["metadata"] = new Dictionary<string, object?> { ["name"] = digest.ToString(), ["creationTimestamp"] = first is null ? null : ImageStreamTagView.Time(first.Event.Created) },
                ["dockerImageReference"] = first?.Event.DockerImageReference,
            },
            ["tags"] = found.Select(f => new Dictionary<string, object?>
            {
                ["tag"] = f.Tag.Tag,
                ["created"] = ImageStreamTagView.Time(f.Event.Created),
                ["current"] = f.Current,
                ["rejected"] = f.Rejected?.Source,
            }).ToList(),
        };
    }
}
