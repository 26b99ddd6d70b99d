namespace GitStreamSync.Adapters.Registry;

/// <summary>
/// The four manifest media types a resolver must accept. Measured on distribution 2.8.2: without
/// the OCI types an OCI tag answers 404, and with only the Docker v2 type a Docker list answers
/// with its linux/amd64 child instead of itself (test-infrastructure.md).
/// </summary>
internal static class ManifestMediaTypes
{
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

    public static readonly string[] Accepted = [OciIndex, OciManifest, DockerManifestList, DockerManifest];

    public static bool IsIndex(string mediaType) => mediaType is OciIndex or DockerManifestList;

    public static bool IsSupported(string mediaType) => Array.IndexOf(Accepted, mediaType) >= 0;

    /// <summary>The media type without parameters (<c>; charset=utf-8</c>), lowercased.</summary>
    public static string? Normalize(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var bare = (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim();
        return bare.ToLowerInvariant();
    }

    /// <summary>
    /// A media type from a registry's answer, fit to repeat in a message: only when it has the shape
    /// of a media type (type/subtype of letters, digits and . + - _), else a neutral word.
    /// </summary>
    public static string Quote(string mediaType) =>
        mediaType.Length <= 100 && mediaType.Count(c => c == '/') == 1 && mediaType.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '/' or '.' or '+' or '-' or '_')
            ? mediaType
            : "a content type that is not a media type";
}
