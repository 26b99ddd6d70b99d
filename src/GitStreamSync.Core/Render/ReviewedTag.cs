using GitStreamSync.Core.Read;

namespace GitStreamSync.Core.Render;

/// <summary>A spec tag and the status item that was reviewed for it (<c>items[0]</c>).</summary>
internal sealed record ReviewedTag(ImageStreamDocument Stream, SpecTag Tag, TagEvent Current)
{
    /// <summary><c>STREAM:TAG</c>, as OpenShift names an ImageStreamTag.</summary>
    public string Name => $"{Stream.Name}:{Tag.Name}";

    /// <summary>The repository part of the current <c>dockerImageReference</c> (before <c>@</c>).</summary>
    public string Repository
    {
        get
        {
            var at = Current.DockerImageReference.IndexOf('@', StringComparison.Ordinal);
            return at < 0 ? Current.DockerImageReference : Current.DockerImageReference[..at];
        }
    }
}

/// <summary>
/// A tag whose reviewed digest is not known: it has no status yet, or its last import failed.
/// Rendering never guesses one; the tag is reported and left as written.
/// </summary>
internal sealed record MissingDigest(ImageStreamDocument Stream, SpecTag Tag, string Reason)
{
    public override string ToString() =>
        $"{Stream.FilePath}:{Tag.Location.Line}:{Tag.Location.Column}: {Stream.Name}:{Tag.Name}: {Reason}";
}
