using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using System.Text.Json;
using GitStreamSync.Adapters.Registry.Transport;

namespace GitStreamSync.Adapters.Registry;

/// <summary>One entry of an OCI image index or Docker manifest list.</summary>
internal sealed record IndexEntry(Digest Digest, string MediaType, Platform? Platform);

/// <summary>The entries of an index or manifest list, and the Legacy platform choice over them.</summary>
internal static class ManifestIndex
{
    public static IReadOnlyList<IndexEntry> Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("manifests", out var manifests) || manifests.ValueKind != JsonValueKind.Array)
            {
                throw Unsupported("the index has no manifests list");
            }

            var entries = new List<IndexEntry>();
            foreach (var m in manifests.EnumerateArray())
            {
                if (m.ValueKind != JsonValueKind.Object)
                {
                    throw Unsupported("an index entry is not an object");
                }

                if (!Digest.TryParse(Text(m, "digest"), out var digest) || !digest.IsSha256)
                {
                    throw Unsupported("an index entry has no valid sha256 digest");
                }

                Platform? platform = null;
                if (m.TryGetProperty("platform", out var p) && p.ValueKind == JsonValueKind.Object && Text(p, "os") is { } os && Text(p, "architecture") is { } arch)
                {
                    platform = new Platform(os.ToLowerInvariant(), arch.ToLowerInvariant(), Text(p, "variant")?.ToLowerInvariant());
                }

                entries.Add(new IndexEntry(digest, Text(m, "mediaType") ?? "", platform));
            }

            return entries;
        }
        catch (JsonException)
        {
            throw Unsupported("the index is not valid JSON");
        }
        catch (InvalidOperationException)
        {
            // The JSON reader checks UTF-8 only when a string is read: a field of invalid UTF-8.
            throw Unsupported("the index is not valid UTF-8 JSON");
        }
    }

    /// <summary>
    /// Legacy import (semantics doc 2.9): the tag's prefer-os/prefer-arch
    /// annotations (by tag only), then the configured platform (variant when given), then
    /// linux/amd64, then the first entry that names a real platform.
    /// </summary>
    public static IndexEntry? Choose(IReadOnlyList<IndexEntry> entries, PlatformPreference preference, bool byTag)
    {
        if (byTag && (preference.PreferOs is not null || preference.PreferArch is not null))
        {
            var os = preference.PreferOs?.ToLowerInvariant();
            var arch = preference.PreferArch?.ToLowerInvariant();
            var preferred = entries.FirstOrDefault(e => e.Platform is { } p && (os is null || p.Os == os) && (arch is null || p.Architecture == arch));
            if (preferred is not null)
            {
                return preferred;
            }
        }

        return First(entries, preference.Configured)
            ?? First(entries, Platform.LinuxAmd64)
            ?? entries.FirstOrDefault(e => e.Platform is { Os: not "unknown", Architecture: not "unknown" })
            ?? (entries.Count > 0 ? entries[0] : null);
    }

    private static IndexEntry? First(IReadOnlyList<IndexEntry> entries, Platform wanted) =>
        entries.FirstOrDefault(e => e.Platform is { } p && p.Os == wanted.Os && p.Architecture == wanted.Architecture
            && (wanted.Variant is null || p.Variant == wanted.Variant));

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static RegistryRequestException Unsupported(string what) => new(ResolutionFailureKind.UnsupportedManifest, what);
}
