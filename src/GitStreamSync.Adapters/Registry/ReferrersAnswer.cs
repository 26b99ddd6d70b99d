using System.Text.Json;
using GitStreamSync.Core.Images;

namespace GitStreamSync.Adapters.Registry;

/// <summary>
/// The OCI referrers API's answer (distribution-spec 1.1: an image index whose entries are the manifests
/// that name the digest as their <c>subject</c>), read as untrusted input: anything but an OCI index is no
/// answer; only entries whose <c>artifactType</c> is cosign's signature type are taken (SBOMs, attestations
/// and other artifacts are not fetched at all), each must be an OCI manifest with a sha256 digest, listed
/// once, and at most <see cref="MaxSignatures"/> are taken from the first <see cref="MaxEntriesRead"/>.
/// The body's size was bounded when it was read. A <c>Link</c> to a next page is not followed.
/// </summary>
internal static class ReferrersAnswer
{
    public const string CosignSignature = "application/vnd.dev.cosign.artifact.sig.v1+json";
    public const int MaxSignatures = 16;
    public const int MaxEntriesRead = 256;

    public static IReadOnlyList<Digest> Signatures(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var found = new List<Digest>();
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || (root.TryGetProperty("mediaType", out var type) && (type.ValueKind != JsonValueKind.String || type.GetString() != ManifestMediaTypes.OciIndex))
                || !root.TryGetProperty("manifests", out var manifests) || manifests.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            foreach (var entry in manifests.EnumerateArray().Take(MaxEntriesRead))
            {
                if (entry.ValueKind == JsonValueKind.Object
                    && Text(entry, "artifactType") == CosignSignature
                    && Text(entry, "mediaType") == ManifestMediaTypes.OciManifest
                    && Digest.TryParse(Text(entry, "digest"), out var digest) && digest.IsSha256
                    && !found.Contains(digest))
                {
                    found.Add(digest);
                    if (found.Count == MaxSignatures)
                    {
                        break;
                    }
                }
            }
        }
        catch (JsonException)
        {
            return [];
        }

        return found;
    }

    /// <summary>Whether a manifest fetched through the referrers API names <paramref name="digest"/> as its subject, as a referrer must.</summary>
    public static bool Refers(byte[] manifest, Digest digest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        try
        {
            using var document = JsonDocument.Parse(manifest, new JsonDocumentOptions { MaxDepth = 16 });
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("subject", out var subject) && subject.ValueKind == JsonValueKind.Object
                && Text(subject, "digest") == digest.ToString();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
