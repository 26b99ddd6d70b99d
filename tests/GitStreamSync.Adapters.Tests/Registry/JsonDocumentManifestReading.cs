using GitStreamSync.Adapters.Registry;
using GitStreamSync.Core.Images;
using System.Text.Json;

namespace GitStreamSync.Adapters.Tests.Registry;

// The manifest reader as it was written over JsonDocument, kept as the reference the streaming
// reader is compared with: same documents, same problems, same messages.
internal static class JsonDocumentManifestReading
{
    // Real manifests nest four or five levels; the limit keeps a hostile answer cheap to refuse.
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16 };

    /// <summary>
    /// Reads <paramref name="body"/> as <paramref name="claimedMediaType"/> (one of
    /// <see cref="ManifestMediaTypes.Accepted"/>). Never throws for any input.
    /// </summary>
    public static ManifestReading Read(ReadOnlyMemory<byte> body, string claimedMediaType)
    {
        var what = Describe(claimedMediaType);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Options);
        }
        catch (JsonException)
        {
            return Invalid(what, body.IsEmpty ? "the body is empty" : $"the body is not JSON ({KindOfText(body.Span)})");
        }

        using (document)
        {
            try
            {
                return ReadDocument(document.RootElement, claimedMediaType, what);
            }
            catch (InvalidOperationException)
            {
                // The JSON reader checks a string's UTF-8 only when the string is read.
                return Invalid(what, "a string in it is not valid UTF-8");
            }
        }
    }

    private static ManifestReading ReadDocument(JsonElement root, string claimedMediaType, string what)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Invalid(what, $"it is a JSON {Kind(root)}, not an object");
        }

        if (!root.TryGetProperty("schemaVersion", out var schema) || schema.ValueKind != JsonValueKind.Number || !schema.TryGetInt32(out var version) || version != 2)
        {
            return Invalid(what, "schemaVersion is not 2");
        }

        if (root.TryGetProperty("mediaType", out var field))
        {
            if (field.ValueKind != JsonValueKind.String)
            {
                return Invalid(what, "mediaType is not a string");
            }

            if (!string.Equals(field.GetString(), claimedMediaType, StringComparison.Ordinal))
            {
                return Invalid(what, $"its mediaType field names another type{Named(field.GetString())}");
            }
        }
        else if (claimedMediaType is ManifestMediaTypes.DockerManifest or ManifestMediaTypes.DockerManifestList)
        {
            return Invalid(what, "mediaType is missing");
        }

        return ManifestMediaTypes.IsIndex(claimedMediaType) ? ReadIndex(root, claimedMediaType, what) : ReadManifest(root, claimedMediaType, what);
    }

    /// <summary>The <c>mediaType</c> field of a JSON object, for an answer whose Content-Type says nothing useful; null otherwise.</summary>
    public static string? MediaTypeField(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, Options);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("mediaType", out var m) && m.ValueKind == JsonValueKind.String
                ? m.GetString()
                : null;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Whether the bytes are one JSON object (of any content).</summary>
    public static bool IsJsonObject(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, Options);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static ManifestReading ReadManifest(JsonElement root, string mediaType, string what)
    {
        if (!root.TryGetProperty("config", out var config) || config.ValueKind != JsonValueKind.Object)
        {
            return Invalid(what, "config is missing or not an object");
        }

        if (!IsDescriptor(config))
        {
            return Invalid(what, "config has no valid digest");
        }

        if (!root.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array)
        {
            return Invalid(what, "layers is missing or not a list");
        }

        foreach (var layer in layers.EnumerateArray())
        {
            if (layer.ValueKind != JsonValueKind.Object || !IsDescriptor(layer))
            {
                return Invalid(what, "a layer has no valid digest");
            }
        }

        return new ManifestReading(new ManifestDocument(mediaType, null) { Config = ImageConfigDocument.ReadManifest(root) }, null);
    }

    private static ManifestReading ReadIndex(JsonElement root, string mediaType, string what)
    {
        if (!root.TryGetProperty("manifests", out var manifests) || manifests.ValueKind != JsonValueKind.Array)
        {
            return Invalid(what, "manifests is missing or not a list");
        }

        var entries = new List<IndexEntry>();
        foreach (var m in manifests.EnumerateArray())
        {
            if (m.ValueKind != JsonValueKind.Object)
            {
                return Invalid(what, $"an entry is a JSON {Kind(m)}, not an object");
            }

            if (!Digest.TryParse(Text(m, "digest"), out var digest) || !digest.IsSha256)
            {
                return Invalid(what, "an entry has no valid sha256 digest");
            }

            if (m.TryGetProperty("mediaType", out var entryType) && entryType.ValueKind != JsonValueKind.String)
            {
                return Invalid(what, "an entry's mediaType is not a string");
            }

            Platform? platform = null;
            if (m.TryGetProperty("platform", out var p))
            {
                if (p.ValueKind != JsonValueKind.Object)
                {
                    return Invalid(what, "an entry's platform is not an object");
                }

                if (Text(p, "os") is { } os && Text(p, "architecture") is { } arch)
                {
                    platform = new Platform(os.ToLowerInvariant(), arch.ToLowerInvariant(), Text(p, "variant")?.ToLowerInvariant());
                }
            }

            entries.Add(new IndexEntry(digest, Text(m, "mediaType") ?? "", platform));
        }

        return new ManifestReading(new ManifestDocument(mediaType, entries), null);
    }

    private static bool IsDescriptor(JsonElement element) =>
        Digest.TryParse(Text(element, "digest"), out _);

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static ManifestReading Invalid(string what, string problem) => new(null, $"{what}: {problem}");

    private static string Describe(string mediaType) => mediaType switch
    {
        ManifestMediaTypes.OciIndex => "an index that is not an OCI index",
        ManifestMediaTypes.DockerManifestList => "a manifest list that is not a Docker manifest list",
        ManifestMediaTypes.DockerManifest => "a manifest that is not a Docker v2 manifest",
        _ => "a manifest that is not an OCI manifest",
    };

    // Only a media type this tool knows is named; anything else the registry wrote is not repeated.
    private static string Named(string? mediaType) =>
        mediaType is not null && ManifestMediaTypes.IsSupported(mediaType) ? $" ({mediaType})" : "";

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "value",
    };

    private static string KindOfText(ReadOnlySpan<byte> body)
    {
        var start = body.TrimStart(" \t\r\n"u8);
        return start.IsEmpty ? "only whitespace"
            : start[0] == (byte)'<' ? "it looks like HTML"
            : start[0] is (byte)'{' or (byte)'[' ? "it is cut short or malformed"
            : "it is text or binary data";
    }
}
