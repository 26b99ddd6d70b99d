using System.Globalization;
using System.Text;
using System.Text.Json;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Select;

namespace GitStreamSync.Adapters.Files;

/// <summary>
/// A shard's resolutions as a JSON file (<c>plan --shard K/N --resolutions-out FILE</c>, read back by
/// <c>sync --resolutions FILE...</c>). It travels between machines as a CI artifact or on a shared
/// volume, so it is read as outside input: bounded in size and depth, every field checked, and any
/// fault named with the file and the line and column (syntax) or the JSON path (content).
/// </summary>
internal static class ResolutionsFile
{
    public const string Format = "gitstreamsync-resolutions";
    public const int Version = 1;

    /// <summary>About 150,000 answers; a file larger than this was not written by a shard.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    private const int MaxText = 4096;

    public static void Write(string path, ResolutionSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        try
        {
            using (var stream = File.Create(temporary))
            using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                WriteSet(json, set);
            }

            // Renamed into place: a reader on a shared volume never sees half a file.
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public static ResolutionSet Read(string path)
    {
        var name = path;
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"{name}: no such resolutions file", path);
        }

        if (info.Length > MaxBytes)
        {
            throw new FormatException($"{name}: {info.Length} bytes, more than a resolutions file may have ({MaxBytes})");
        }

        var bytes = File.ReadAllBytes(path);
        return Parse(name, bytes);
    }

    internal static ResolutionSet Parse(string name, ReadOnlyMemory<byte> bytes)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 8, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException error)
        {
            var line = (error.LineNumber ?? 0) + 1;
            var column = (error.BytePositionInLine ?? 0) + 1;
            throw new FormatException($"{name}:{line}:{column}: not a resolutions file: {FirstSentence(error.Message)}");
        }

        using (document)
        {
            return new Reader(name).Set(document.RootElement);
        }
    }

    private static void WriteSet(Utf8JsonWriter json, ResolutionSet set)
    {
        json.WriteStartObject();
        json.WriteString("format", Format);
        json.WriteNumber("version", Version);
        json.WriteString("repository", set.Repository);
        json.WriteString("baseBranch", set.BaseBranch);
        json.WriteString("baseCommit", set.BaseCommit);
        json.WriteString("madeAt", set.MadeAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        json.WriteString("shard", set.Shard.ToString());
        json.WriteStartArray("streams");
        foreach (var stream in set.Streams.Order(StringComparer.Ordinal))
        {
            json.WriteStringValue(stream);
        }

        json.WriteEndArray();
        json.WriteStartArray("resolutions");
        foreach (var (request, outcome) in set.Resolutions.OrderBy(r => r.Key.Reference.ToString(), StringComparer.Ordinal).ThenBy(r => r.Key.ImportMode).ThenBy(r => r.Key.Platform.ToString(), StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("reference", request.Reference.ToString());
            json.WriteString("importMode", request.ImportMode.ToString());
            json.WriteString("platform", request.Platform.Configured.ToString());
            WriteOptional(json, "preferOs", request.Platform.PreferOs);
            WriteOptional(json, "preferArch", request.Platform.PreferArch);
            if (request.Insecure)
            {
                json.WriteBoolean("insecure", true);
            }

            switch (outcome)
            {
                case Resolved resolved:
                    json.WriteString("digest", resolved.Digest.ToString());
                    json.WriteString("mediaType", resolved.MediaType);
                    WriteOptional(json, "indexDigest", resolved.IndexDigest?.ToString());
                    WriteOptional(json, "chosenPlatform", resolved.Platform?.ToString());
                    WriteOptional(json, "answeredBy", resolved.AnsweredBy);
                    break;
                case ResolutionFailed failed:
                    json.WriteString("failure", failed.Kind.ToString());
                    json.WriteString("message", failed.Message);
                    break;
                default:
                    throw new InvalidOperationException($"no file form for {outcome.GetType().Name}");
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteListings(json, set.Listings);
        json.WriteEndObject();
    }

    /// <summary>Each repository listing of the shard's streams: its tags as the registry sent them, or why it failed.</summary>
    private static void WriteListings(Utf8JsonWriter json, IReadOnlyDictionary<TagListRequest, TagListing> listings)
    {
        json.WriteStartArray("listings");
        foreach (var (request, listing) in listings.OrderBy(l => l.Key.Repository.ToString(), StringComparer.Ordinal).ThenBy(l => l.Key.Insecure))
        {
            json.WriteStartObject();
            json.WriteString("repository", request.Repository.ToString());
            if (request.Insecure)
            {
                json.WriteBoolean("insecure", true);
            }

            if (listing.Failure is { } failed)
            {
                json.WriteString("failure", failed.Kind.ToString());
                json.WriteString("message", failed.Message);
            }
            else
            {
                json.WriteStartArray("tags");
                foreach (var tag in listing.Tags)
                {
                    json.WriteStringValue(tag);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut < 0 ? message : message[..cut]).Trim();
    }

    /// <summary>Reads one document, naming the file and the JSON path of the first fault.</summary>
    private sealed class Reader(string name)
    {
        public ResolutionSet Set(JsonElement root)
        {
            Object(root, "$");
            var format = Text(root, "$", "format");
            if (format != Format)
            {
                throw Fault("$.format", $"'{format}' is not {Format}");
            }

            var version = root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : -1;
            if (version != Version)
            {
                throw Fault("$.version", $"version {(version < 0 ? "missing" : version.ToString(CultureInfo.InvariantCulture))}; this GitStreamSync reads version {Version}: make the shards' files with the same release as the sync");
            }

            var baseCommit = Text(root, "$", "baseCommit");
            if (baseCommit.Length is not (40 or 64) || !baseCommit.All(char.IsAsciiHexDigitLower))
            {
                throw Fault("$.baseCommit", $"'{baseCommit}' is not a commit id");
            }

            var madeAtText = Text(root, "$", "madeAt");
            if (!DateTimeOffset.TryParseExact(madeAtText, "yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var madeAt))
            {
                throw Fault("$.madeAt", $"'{madeAtText}' is not a time like 2026-01-15T09:30:00Z");
            }

            var shardText = Text(root, "$", "shard");
            if (!Shard.TryParse(shardText, out var shard, out var shardError))
            {
                throw Fault("$.shard", shardError);
            }

            var streams = new List<string>();
            var seenStreams = new HashSet<string>(StringComparer.Ordinal);
            var streamArray = Array(root, "$", "streams");
            var i = 0;
            foreach (var item in streamArray.EnumerateArray())
            {
                var path = $"$.streams[{i++}]";
                var stream = item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Fault(path, "not a string");
                Clean(path, stream);
                var (file, streamName) = ImageStreamDocument.SplitDisplayName(stream);
                if (!stream.Contains('#', StringComparison.Ordinal) || file.Length == 0 || streamName.Length == 0)
                {
                    throw Fault(path, $"'{stream}' is not FILE#STREAM");
                }

                if (!shard.Contains(file, streamName))
                {
                    throw Fault(path, $"{stream} is not in shard {shard}");
                }

                if (!seenStreams.Add(stream))
                {
                    throw Fault(path, $"{stream} is listed twice");
                }

                streams.Add(stream);
            }

            var resolutions = new Dictionary<ResolveRequest, ResolutionOutcome>();
            i = 0;
            foreach (var item in Array(root, "$", "resolutions").EnumerateArray())
            {
                var path = $"$.resolutions[{i++}]";
                var (request, outcome) = Resolution(item, path);
                if (!resolutions.TryAdd(request, outcome))
                {
                    throw Fault(path, $"{request.Reference} ({request.ImportMode}, {request.Platform.Configured}) is answered twice");
                }
            }

            var listings = new Dictionary<TagListRequest, TagListing>();
            if (root.TryGetProperty("listings", out _))
            {
                i = 0;
                foreach (var item in Array(root, "$", "listings").EnumerateArray())
                {
                    var path = $"$.listings[{i++}]";
                    var (request, listing) = Listing(item, path);
                    if (!listings.TryAdd(request, listing))
                    {
                        throw Fault(path, $"{request.Repository} is listed twice");
                    }
                }
            }

            return new ResolutionSet
            {
                Source = name,
                Repository = Text(root, "$", "repository"),
                BaseBranch = Text(root, "$", "baseBranch"),
                BaseCommit = baseCommit,
                MadeAt = madeAt,
                Shard = shard,
                Streams = streams,
                Resolutions = resolutions,
                Listings = listings,
            };
        }

        private (TagListRequest Request, TagListing Listing) Listing(JsonElement item, string path)
        {
            Object(item, path);
            var repositoryText = Text(item, path, "repository");
            if (!ImageReference.TryParse(repositoryText, out var repository, out var repositoryError))
            {
                throw Fault(path + ".repository", $"'{repositoryText}' is not a repository: {repositoryError}");
            }

            if (repository.Tag is not null || repository.Digest is not null)
            {
                throw Fault(path + ".repository", $"'{repositoryText}' is a repository with a tag or digest; a listing names the repository only");
            }

            var request = new TagListRequest(repository, Boolean(item, path, "insecure"));
            var hasTags = item.TryGetProperty("tags", out _);
            if (hasTags == item.TryGetProperty("failure", out _))
            {
                throw Fault(path, "needs exactly one of 'tags' and 'failure'");
            }

            if (!hasTags)
            {
                return (request, TagListing.Failed(Failure(item, path)));
            }

            // The names stay as the registry sent them: the import checks each against the tag grammar.
            var tags = new List<string>();
            var j = 0;
            foreach (var tag in Array(item, path, "tags").EnumerateArray())
            {
                var tagPath = $"{path}.tags[{j++}]";
                var text = tag.ValueKind == JsonValueKind.String ? tag.GetString()! : throw Fault(tagPath, "not a string");
                if (text.Length > MaxText)
                {
                    throw Fault(tagPath, $"longer than {MaxText} characters");
                }

                Clean(tagPath, text);
                tags.Add(text);
            }

            return (request, TagListing.Listed(tags));
        }

        private ResolutionFailed Failure(JsonElement item, string path)
        {
            var kindText = Text(item, path, "failure");
            if (!Enum.TryParse<ResolutionFailureKind>(kindText, ignoreCase: false, out var kind) || !Enum.IsDefined(kind) || kindText != kind.ToString())
            {
                throw Fault(path + ".failure", $"'{kindText}' is not one of {string.Join(", ", Enum.GetNames<ResolutionFailureKind>())}");
            }

            return new ResolutionFailed(kind, Printable(Text(item, path, "message", allowControl: true)));
        }

        private bool Boolean(JsonElement item, string path, string property) =>
            item.TryGetProperty(property, out var element) && (element.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Fault($"{path}.{property}", "not true or false"),
            });

        private (ResolveRequest Request, ResolutionOutcome Outcome) Resolution(JsonElement item, string path)
        {
            Object(item, path);
            var referenceText = Text(item, path, "reference");
            if (!ImageReference.TryParse(referenceText, out var reference, out var referenceError))
            {
                throw Fault(path + ".reference", $"'{referenceText}' is not an image reference: {referenceError}");
            }

            var modeText = Text(item, path, "importMode");
            if (!Enum.TryParse<ImportMode>(modeText, ignoreCase: false, out var mode) || !Enum.IsDefined(mode) || modeText != mode.ToString())
            {
                throw Fault(path + ".importMode", $"'{modeText}' is not Legacy or PreserveOriginal");
            }

            var configured = PlatformOf(item, path, "platform", required: true)!;
            var preference = new PlatformPreference(OptionalText(item, path, "preferOs"), OptionalText(item, path, "preferArch"), configured);
            var request = new ResolveRequest(reference, mode, preference, Boolean(item, path, "insecure"));

            var hasDigest = item.TryGetProperty("digest", out _);
            var hasFailure = item.TryGetProperty("failure", out _);
            if (hasDigest == hasFailure)
            {
                throw Fault(path, "needs exactly one of 'digest' and 'failure'");
            }

            if (hasFailure)
            {
                return (request, Failure(item, path));
            }

            var digest = DigestOf(item, path, "digest")!;
            var mediaType = Text(item, path, "mediaType");
            return (request, new Resolved(digest, mediaType, DigestOf(item, path, "indexDigest"), PlatformOf(item, path, "chosenPlatform", required: false), OptionalText(item, path, "answeredBy")));
        }

        private Digest? DigestOf(JsonElement item, string path, string property)
        {
            if (OptionalText(item, path, property) is not { } text)
            {
                return property == "digest" ? throw Fault($"{path}.{property}", "missing") : null;
            }

            return Digest.TryParse(text, out var digest, out var error) ? digest : throw Fault($"{path}.{property}", $"'{text}' is not a digest: {error}");
        }

        private Platform? PlatformOf(JsonElement item, string path, string property, bool required)
        {
            var text = required ? Text(item, path, property) : OptionalText(item, path, property);
            if (text is null)
            {
                return null;
            }

            return Platform.TryParse(text, out var platform) ? platform : throw Fault($"{path}.{property}", $"'{text}' is not OS/ARCH[/VARIANT]");
        }

        private void Object(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw Fault(path, $"an object was expected, not {element.ValueKind.ToString().ToLowerInvariant()}");
            }

            // A repeated key would let one reader see one value and another reader the other.
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                if (!names.Add(property.Name))
                {
                    throw Fault($"{path}.{property.Name}", "given twice");
                }
            }
        }

        private JsonElement Array(JsonElement element, string path, string property) =>
            element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array
                ? value
                : throw Fault($"{path}.{property}", "an array is required");

        private string Text(JsonElement element, string path, string property, bool allowControl = false) =>
            OptionalText(element, path, property, allowControl) ?? throw Fault($"{path}.{property}", "missing");

        private string? OptionalText(JsonElement element, string path, string property, bool allowControl = false)
        {
            if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                throw Fault($"{path}.{property}", "not a string");
            }

            var text = value.GetString()!;
            if (text.Length > MaxText)
            {
                throw Fault($"{path}.{property}", $"longer than {MaxText} characters");
            }

            if (!allowControl)
            {
                Clean($"{path}.{property}", text);
            }

            return text;
        }

        private void Clean(string path, string text)
        {
            if (text.Any(char.IsControl))
            {
                throw Fault(path, "holds a control character");
            }
        }

        private static string Printable(string text)
        {
            var builder = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                builder.Append(char.IsControl(c) ? ' ' : c);
            }

            return builder.ToString();
        }

        private FormatException Fault(string path, string message) => new($"{name}: {path}: {message}");
    }
}
