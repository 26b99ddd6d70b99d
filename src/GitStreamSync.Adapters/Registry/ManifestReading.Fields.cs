using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using System.Text.Json;

namespace GitStreamSync.Adapters.Registry;

/// <summary>The one pass over a manifest's bytes: the fields <see cref="ManifestReading"/>'s checks read, nothing else kept.</summary>
internal sealed partial record ManifestReading
{
    private enum LayerDigest
    {
        Valid,
        Invalid,
        Undecodable,
    }

    private enum Wanted
    {
        Nothing,
        MediaType,
        Manifest,
        Index,
    }

    /// <summary>
    /// A value the checks may read: its token (<see cref="JsonTokenType.None"/> when absent) and, for a
    /// string, its text, or that its bytes do not decode.
    /// </summary>
    private readonly struct TextValue
    {
        private static readonly byte[][] AcceptedBytes = [.. ManifestMediaTypes.Accepted.Select(System.Text.Encoding.ASCII.GetBytes)];


        private readonly string? text;
        private readonly bool undecodable;

        private TextValue(JsonTokenType token, string? text, bool undecodable)
        {
            Token = token;
            this.text = text;
            this.undecodable = undecodable;
        }

        public JsonTokenType Token { get; }

        public bool IsPresent => Token != JsonTokenType.None;

        public bool IsString => Token == JsonTokenType.String;

        /// <summary>The string, or null for any other value; throws, as decoding it would, when its bytes are not UTF-8.</summary>
        public string? Text => !IsString ? null : undecodable ? throw new InvalidOperationException("a string that is not valid UTF-8") : text;

        /// <summary>The value at the reader (which stands on its first token), read past its end.</summary>
        public static TextValue Read(ref Utf8JsonReader reader)
        {
            var token = reader.TokenType;
            if (token != JsonTokenType.String)
            {
                reader.Skip();
                return new TextValue(token, null, false);
            }

            // The four manifest types, as registries write them, are the strings already at hand:
            // bytes equal to their ASCII text decode to exactly that text.
            if (!reader.ValueIsEscaped)
            {
                for (var i = 0; i < AcceptedBytes.Length; i++)
                {
                    if (reader.ValueSpan.SequenceEqual(AcceptedBytes[i]))
                    {
                        return new TextValue(token, ManifestMediaTypes.Accepted[i], false);
                    }
                }
            }

            try
            {
                return new TextValue(token, reader.GetString(), false);
            }
            catch (InvalidOperationException)
            {
                return new TextValue(token, null, true);
            }
        }
    }

    /// <summary>An index entry as written: its own token, and the fields the checks read.</summary>
    private sealed class EntryFields
    {
        public JsonTokenType Token { get; init; }
        public TextValue Digest { get; set; }
        public TextValue MediaType { get; set; }
        public JsonTokenType Platform { get; set; }
        public TextValue Os { get; set; }
        public TextValue Architecture { get; set; }
        public TextValue Variant { get; set; }
    }

    /// <summary>What one pass over the bytes keeps; a repeated name overwrites what an earlier one gave.</summary>
    private sealed class Fields
    {
        public JsonTokenType Root { get; private set; }
        public bool SchemaVersionIsTwo { get; private set; }
        public TextValue MediaType { get; private set; }

        /// <summary>The config's digest value; null when config is absent or not an object.</summary>
        public TextValue? Config { get; private set; }

        /// <summary>What the first layer without a valid digest holds (<see cref="LayerDigest.Valid"/> when every layer has one); null when layers is absent or not a list.</summary>
        public LayerDigest? Layers { get; private set; }

        /// <summary>The annotations of <see cref="ProvenanceLabels.Shown"/>, in its order; null when annotations is absent or not an object.</summary>
        public TextValue[]? Annotations { get; private set; }

        public List<EntryFields>? Manifests { get; private set; }

        /// <summary>Reads the whole of <paramref name="body"/> (throwing <see cref="JsonException"/> where it is not one JSON value).</summary>
        public static Fields Read(ReadOnlySpan<byte> body, Wanted wanted)
        {
            var reader = new Utf8JsonReader(body, Options);
            var fields = new Fields();
            reader.Read();
            fields.Root = reader.TokenType;
            if (fields.Root != JsonTokenType.StartObject || wanted == Wanted.Nothing)
            {
                reader.Skip();
            }
            else
            {
                fields.ReadRoot(ref reader, wanted);
            }

            // Anything but whitespace after the value makes the reader throw here.
            return reader.Read() ? throw new JsonException("more than one JSON value") : fields;
        }

        private void ReadRoot(ref Utf8JsonReader reader, Wanted wanted)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("mediaType"u8))
                {
                    reader.Read();
                    MediaType = TextValue.Read(ref reader);
                    continue;
                }

                if (wanted == Wanted.MediaType)
                {
                    reader.Read();
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("schemaVersion"u8))
                {
                    reader.Read();
                    SchemaVersionIsTwo = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var version) && version == 2;
                    reader.Skip();
                }
                else if (wanted == Wanted.Manifest && reader.ValueTextEquals("config"u8))
                {
                    reader.Read();
                    Config = reader.TokenType == JsonTokenType.StartObject ? ReadDigestOf(ref reader) : Skipped(ref reader);
                }
                else if (wanted == Wanted.Manifest && reader.ValueTextEquals("layers"u8))
                {
                    reader.Read();
                    Layers = reader.TokenType == JsonTokenType.StartArray ? ReadLayers(ref reader) : SkippedLayers(ref reader);
                }
                else if (wanted == Wanted.Manifest && reader.ValueTextEquals("annotations"u8))
                {
                    reader.Read();
                    Annotations = reader.TokenType == JsonTokenType.StartObject ? ReadShown(ref reader) : Skipped<TextValue[]>(ref reader);
                }
                else if (wanted == Wanted.Index && reader.ValueTextEquals("manifests"u8))
                {
                    reader.Read();
                    Manifests = reader.TokenType == JsonTokenType.StartArray ? ReadEntries(ref reader) : Skipped<List<EntryFields>>(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        private static TextValue? Skipped(ref Utf8JsonReader reader)
        {
            reader.Skip();
            return null;
        }

        private static T? Skipped<T>(ref Utf8JsonReader reader)
            where T : class
        {
            reader.Skip();
            return null;
        }

        // The reader stands on an object's start; afterwards on its end.
        private static TextValue ReadDigestOf(ref Utf8JsonReader reader)
        {
            var digest = default(TextValue);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isDigest = reader.ValueTextEquals("digest"u8);
                reader.Read();
                if (isDigest)
                {
                    digest = TextValue.Read(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }

            return digest;
        }

        private static LayerDigest? SkippedLayers(ref Utf8JsonReader reader)
        {
            reader.Skip();
            return null;
        }

        // Only whether each layer's digest is valid is kept, in order: the first that is not decides.
        private static LayerDigest ReadLayers(ref Utf8JsonReader reader)
        {
            var first = LayerDigest.Valid;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var layer = LayerDigest.Invalid;
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    var digest = default(TextValue);
                    var canonical = false;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var isDigest = reader.ValueTextEquals("digest"u8);
                        reader.Read();
                        if (!isDigest)
                        {
                            reader.Skip();
                        }
                        else if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && IsCanonicalSha256(reader.ValueSpan))
                        {
                            (digest, canonical) = (default, true);
                        }
                        else
                        {
                            (digest, canonical) = (TextValue.Read(ref reader), false);
                        }
                    }

                    layer = canonical ? LayerDigest.Valid : LayerDigestOf(digest);
                }
                else
                {
                    reader.Skip();
                }

                first = first == LayerDigest.Valid ? layer : first;
            }

            return first;
        }

        private static LayerDigest LayerDigestOf(TextValue digest)
        {
            try
            {
                return Digest.TryParse(digest.Text, out _) ? LayerDigest.Valid : LayerDigest.Invalid;
            }
            catch (InvalidOperationException)
            {
                return LayerDigest.Undecodable;
            }
        }

        // sha256: and 64 lowercase hex digits, the form registries write: valid as ASCII, and a
        // digest Digest.TryParse accepts, so the bytes need not be decoded to know it.
        private static bool IsCanonicalSha256(ReadOnlySpan<byte> text) =>
            text.Length == 71 && text.StartsWith("sha256:"u8) && !text[7..].ContainsAnyExcept(LowercaseHex);

        private static readonly System.Buffers.SearchValues<byte> LowercaseHex = System.Buffers.SearchValues.Create("0123456789abcdef"u8);

        private static TextValue[] ReadShown(ref Utf8JsonReader reader)
        {
            var shown = new TextValue[ProvenanceLabels.Shown.Count];
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var at = -1;
                for (var i = 0; i < shown.Length && at < 0; i++)
                {
                    at = reader.ValueTextEquals(ProvenanceLabels.Shown[i]) ? i : -1;
                }

                reader.Read();
                if (at >= 0)
                {
                    shown[at] = TextValue.Read(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }

            return shown;
        }

        private static List<EntryFields> ReadEntries(ref Utf8JsonReader reader)
        {
            var entries = new List<EntryFields>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var entry = new EntryFields { Token = reader.TokenType };
                entries.Add(entry);
                if (entry.Token != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("digest"u8))
                    {
                        reader.Read();
                        entry.Digest = TextValue.Read(ref reader);
                    }
                    else if (reader.ValueTextEquals("mediaType"u8))
                    {
                        reader.Read();
                        entry.MediaType = TextValue.Read(ref reader);
                    }
                    else if (reader.ValueTextEquals("platform"u8))
                    {
                        reader.Read();
                        ReadPlatform(ref reader, entry);
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }

            return entries;
        }

        private static void ReadPlatform(ref Utf8JsonReader reader, EntryFields entry)
        {
            entry.Platform = reader.TokenType;
            (entry.Os, entry.Architecture, entry.Variant) = (default, default, default);
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("os"u8))
                {
                    reader.Read();
                    entry.Os = TextValue.Read(ref reader);
                }
                else if (reader.ValueTextEquals("architecture"u8))
                {
                    reader.Read();
                    entry.Architecture = TextValue.Read(ref reader);
                }
                else if (reader.ValueTextEquals("variant"u8))
                {
                    reader.Read();
                    entry.Variant = TextValue.Read(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
    }
}
