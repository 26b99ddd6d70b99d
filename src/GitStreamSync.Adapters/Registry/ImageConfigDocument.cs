using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using System.Globalization;
using System.Text.Json;
using GitStreamSync.Adapters.Registry.Transport;

namespace GitStreamSync.Adapters.Registry;

/// <summary>
/// The parts of an image manifest and its config a reviewer reads: the config's digest, the
/// manifest's annotations, the config's <c>created</c> and labels (OCI image-spec config.md; Docker's
/// config has the same <c>created</c> and <c>config.Labels</c>). Only the keys of
/// <see cref="ProvenanceLabels.Shown"/> are kept, each cut to a bounded length.
/// </summary>
internal static class ImageConfigDocument
{
    public static (Digest Config, IReadOnlyDictionary<string, string> Annotations) ReadManifest(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return ReadManifest(document.RootElement) ?? throw Unreadable("the manifest names no sha256 config");
        }
        catch (JsonException)
        {
            throw Unreadable("the manifest is not valid JSON");
        }
    }

    /// <summary>
    /// <see cref="ReadManifest(byte[])"/> of a manifest already parsed; null when it names no sha256
    /// config. A resolution's GET reads the same two facts in its own pass over the manifest
    /// (<see cref="ManifestReading"/>), held to this reading by the tests.
    /// </summary>
    public static (Digest Config, IReadOnlyDictionary<string, string> Annotations)? ReadManifest(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
            && root.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object
            && config.TryGetProperty("digest", out var digest) && digest.ValueKind == JsonValueKind.String
            && Digest.TryParse(digest.GetString(), out var parsed) && parsed.IsSha256
            ? (parsed, Shown(root, "annotations"))
            : null;

    public static (DateTimeOffset? Created, IReadOnlyDictionary<string, string> Labels) ReadConfig(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Unreadable("the image config is not a JSON object");
            }

            DateTimeOffset? created = root.TryGetProperty("created", out var c) && c.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(c.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var when)
                ? when : null;
            var labels = root.TryGetProperty("config", out var inner) && inner.ValueKind == JsonValueKind.Object
                ? Shown(inner, "Labels")
                : new Dictionary<string, string>();
            return (created, labels);
        }
        catch (JsonException)
        {
            throw Unreadable("the image config is not valid JSON");
        }
    }

    private static Dictionary<string, string> Shown(JsonElement parent, string property)
    {
        var shown = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!parent.TryGetProperty(property, out var map) || map.ValueKind != JsonValueKind.Object)
        {
            return shown;
        }

        foreach (var key in ProvenanceLabels.Shown)
        {
            if (map.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
            {
                shown[key] = ProvenanceLabels.Bounded(text);
            }
        }

        return shown;
    }

    private static RegistryRequestException Unreadable(string what) => new(ResolutionFailureKind.UnsupportedManifest, what);
}
