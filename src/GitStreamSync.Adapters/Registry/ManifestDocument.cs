using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using System.Text.Json;

namespace GitStreamSync.Adapters.Registry;

/// <summary>
/// A manifest or index whose bytes were read as what their media type claims: schema version 2,
/// a config and layers for a manifest, a list of entries with sha256 digests for an index.
/// <see cref="Entries"/> is null for a single-platform manifest.
/// </summary>
internal sealed record ManifestDocument(string MediaType, IReadOnlyList<IndexEntry>? Entries)
{
    /// <summary>
    /// A single-platform manifest's config digest and shown annotations, read while its bytes were
    /// checked, so that reading the image's facts later needs no second GET of the same manifest.
    /// Null for an index, or when the manifest names no sha256 config.
    /// </summary>
    public (Digest Config, IReadOnlyDictionary<string, string> Annotations)? Config { get; init; }
}

/// <summary>
/// The outcome of reading manifest bytes: a <see cref="Document"/>, or a <see cref="Problem"/> that
/// says what is wrong in the registry's answer (never quoting it: the bytes came from outside).
/// </summary>
/// <remarks>
/// The bytes are read once with <see cref="Utf8JsonReader"/>, keeping only the fields the checks
/// look at, and then checked in a fixed order. It accepts and refuses what a reading through
/// <see cref="JsonDocument"/> did, with the same messages: the same reader options (depth 16, no
/// comments, no trailing commas, nothing after the value), a repeated name taken at its last
/// occurrence as <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> takes it, and a
/// string that is not valid UTF-8 refused only when a check reads that string.
/// </remarks>
internal sealed partial record ManifestReading(ManifestDocument? Document, string? Problem)
{
    // Real manifests nest four or five levels; the limit keeps a hostile answer cheap to refuse.
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 16 };

    /// <summary>
    /// Reads <paramref name="body"/> as <paramref name="claimedMediaType"/> (one of
    /// <see cref="ManifestMediaTypes.Accepted"/>). Never throws for any input.
    /// </summary>
    public static ManifestReading Read(ReadOnlyMemory<byte> body, string claimedMediaType)
    {
        var what = Describe(claimedMediaType);
        var index = ManifestMediaTypes.IsIndex(claimedMediaType);
        Fields fields;
        try
        {
            fields = Fields.Read(body.Span, index ? Wanted.Index : Wanted.Manifest);
        }
        catch (JsonException)
        {
            return Invalid(what, body.IsEmpty ? "the body is empty" : $"the body is not JSON ({KindOfText(body.Span)})");
        }

        try
        {
            return Check(fields, claimedMediaType, index, what);
        }
        catch (InvalidOperationException)
        {
            // A string is decoded when it is met and refused only when a check reads it.
            return Invalid(what, "a string in it is not valid UTF-8");
        }
    }

    /// <summary>The <c>mediaType</c> field of a JSON object, for an answer whose Content-Type says nothing useful; null otherwise.</summary>
    public static string? MediaTypeField(ReadOnlyMemory<byte> body)
    {
        try
        {
            var fields = Fields.Read(body.Span, Wanted.MediaType);
            return fields.Root == JsonTokenType.StartObject ? fields.MediaType.Text : null;
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
            return Fields.Read(body.Span, Wanted.Nothing).Root == JsonTokenType.StartObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static ManifestReading Check(Fields fields, string claimedMediaType, bool index, string what)
    {
        if (fields.Root != JsonTokenType.StartObject)
        {
            return Invalid(what, $"it is a JSON {Kind(fields.Root)}, not an object");
        }

        if (!fields.SchemaVersionIsTwo)
        {
            return Invalid(what, "schemaVersion is not 2");
        }

        if (fields.MediaType.IsPresent)
        {
            if (!fields.MediaType.IsString)
            {
                return Invalid(what, "mediaType is not a string");
            }

            if (!string.Equals(fields.MediaType.Text, claimedMediaType, StringComparison.Ordinal))
            {
                return Invalid(what, $"its mediaType field names another type{Named(fields.MediaType.Text)}");
            }
        }
        else if (claimedMediaType is ManifestMediaTypes.DockerManifest or ManifestMediaTypes.DockerManifestList)
        {
            return Invalid(what, "mediaType is missing");
        }

        return index ? CheckIndex(fields, claimedMediaType, what) : CheckManifest(fields, claimedMediaType, what);
    }

    private static ManifestReading CheckManifest(Fields fields, string mediaType, string what)
    {
        if (fields.Config is not { } config)
        {
            return Invalid(what, "config is missing or not an object");
        }

        if (!Digest.TryParse(config.Text, out var configDigest))
        {
            return Invalid(what, "config has no valid digest");
        }

        if (fields.Layers is not { } layers)
        {
            return Invalid(what, "layers is missing or not a list");
        }

        if (layers == LayerDigest.Undecodable)
        {
            throw new InvalidOperationException("a layer's digest is not valid UTF-8");
        }

        if (layers == LayerDigest.Invalid)
        {
            return Invalid(what, "a layer has no valid digest");
        }

        // As ImageConfigDocument reads a manifest: the config digest when it is sha256, and the shown annotations.
        var shown = configDigest.IsSha256 ? (configDigest, Shown(fields.Annotations)) : ((Digest, IReadOnlyDictionary<string, string>)?)null;
        return new ManifestReading(new ManifestDocument(mediaType, null) { Config = shown }, null);
    }

    private static ManifestReading CheckIndex(Fields fields, string mediaType, string what)
    {
        if (fields.Manifests is not { } manifests)
        {
            return Invalid(what, "manifests is missing or not a list");
        }

        var entries = new List<IndexEntry>(manifests.Count);
        foreach (var m in manifests)
        {
            if (m.Token != JsonTokenType.StartObject)
            {
                return Invalid(what, $"an entry is a JSON {Kind(m.Token)}, not an object");
            }

            if (!Digest.TryParse(m.Digest.Text, out var digest) || !digest.IsSha256)
            {
                return Invalid(what, "an entry has no valid sha256 digest");
            }

            if (m.MediaType.IsPresent && !m.MediaType.IsString)
            {
                return Invalid(what, "an entry's mediaType is not a string");
            }

            Platform? platform = null;
            if (m.Platform != JsonTokenType.None)
            {
                if (m.Platform != JsonTokenType.StartObject)
                {
                    return Invalid(what, "an entry's platform is not an object");
                }

                if (m.Os.Text is { } os && m.Architecture.Text is { } arch)
                {
                    platform = new Platform(os.ToLowerInvariant(), arch.ToLowerInvariant(), m.Variant.Text?.ToLowerInvariant());
                }
            }

            entries.Add(new IndexEntry(digest, m.MediaType.Text ?? "", platform));
        }

        return new ManifestReading(new ManifestDocument(mediaType, entries), null);
    }

    private static Dictionary<string, string> Shown(TextValue[]? annotations)
    {
        var shown = new Dictionary<string, string>(StringComparer.Ordinal);
        if (annotations is null)
        {
            return shown;
        }

        for (var i = 0; i < ProvenanceLabels.Shown.Count; i++)
        {
            if (annotations[i].Text is { Length: > 0 } text)
            {
                var key = ProvenanceLabels.Shown[i];
                shown[key] = ProvenanceLabels.Bounded(text);
            }
        }

        return shown;
    }

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

    private static string Kind(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
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
