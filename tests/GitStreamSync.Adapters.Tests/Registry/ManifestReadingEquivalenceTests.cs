using GitStreamSync.Adapters.Registry;
using GitStreamSync.Core.Ports;
using System.Globalization;
using System.Text;

namespace GitStreamSync.Adapters.Tests.Registry;

/// <summary>
/// The streaming manifest reader against the reader over JsonDocument it replaced: for generated
/// manifests and indexes, well-formed and hostile (repeated and escaped names, wrong value kinds,
/// bytes that are not UTF-8, nesting past the limit, cut, padded or commented bodies), both give
/// the same document or the same problem, word for word, for every media type.
/// </summary>
public sealed class ManifestReadingEquivalenceTests
{
    private const string Sha = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 8)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Generated_documents_read_the_same_as_through_JsonDocument(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 2_500; i++)
        {
            var body = Mutate(random, Document(random));
            AssertSame(body);
        }
    }

    [Fact]
    public void The_fuzz_corpus_and_its_regressions_read_the_same_as_through_JsonDocument()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "GitStreamSync.Fuzz");
        var files = new[] { "corpus", "regressions" }
            .Select(folder => Path.Combine(root, folder, "manifest"))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateFiles)
            .ToList();
        Assert.NotEmpty(files);
        var random = new Random(99);
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            AssertSame(bytes);
            for (var cut = 0; cut <= bytes.Length; cut++)
            {
                AssertSame(bytes[..cut]);
            }

            for (var i = 0; i < 300; i++)
            {
                AssertSame(Mutate(random, bytes));
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData("<html>login</html>")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]} {}")]
    [InlineData("{\"schemaVersion\":2,\"schemaVersion\":3}")]
    [InlineData("{\"schemaVersion\":3,\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}")]
    [InlineData("{\"schemaVersion\":2.0}")]
    [InlineData("{\"schemaVersion\":2e0}")]
    [InlineData("{\"schem\\u0061Version\":2,\"manifests\":[{\"digest\":\"" + Sha + "\"}]}")]
    [InlineData("{\"schemaVersion\":2,\"manifests\":[{\"digest\":\"" + Sha + "\",\"platform\":{\"os\":\"Linux\",\"architecture\":\"AMD64\",\"variant\":\"V8\"}}],}")]
    [InlineData("{\"schemaVersion\":2,\"manifests\":[{\"digest\":\"" + Sha + "\",\"platform\":{\"os\":\"\\ud800\",\"architecture\":\"amd64\"}}]}")]
    [InlineData("{\"schemaVersion\":2,\"manifests\":[{\"digest\":\"" + Sha + "\",\"platform\":{\"architecture\":\"\\ud800\"}}]}")]
    [InlineData("{\"schemaVersion\":2,/*c*/\"manifests\":[]}")]
    [InlineData("[1,2")]
    [InlineData("\"text\"")]
    public void Hand_written_edges_read_the_same_as_through_JsonDocument(string text) =>
        AssertSame(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Bytes_that_are_not_UTF_8_are_refused_only_where_a_check_reads_them()
    {
        var bad = new byte[] { 0xC3, 0x28 };
        byte[] unread = [.. """{"schemaVersion":2,"manifests":[],"other":" """u8, .. bad, .. "\"}"u8];
        byte[] read = [.. """{"schemaVersion":2,"manifests":[{"digest":"sha256:"""u8, .. bad, .. "\"}]}"u8];
        AssertSame(unread);
        AssertSame(read);
        Assert.NotNull(ManifestReading.Read(unread, ManifestMediaTypes.OciIndex).Document);
        Assert.Equal("an index that is not an OCI index: a string in it is not valid UTF-8", ManifestReading.Read(read, ManifestMediaTypes.OciIndex).Problem);
    }

    private static void AssertSame(byte[] body)
    {
        foreach (var mediaType in ManifestMediaTypes.Accepted)
        {
            var expected = JsonDocumentManifestReading.Read(body, mediaType);
            var actual = ManifestReading.Read(body, mediaType);
            var shown = $"{mediaType} of {Show(body)}";
            Assert.True(expected.Problem == actual.Problem, $"problem '{actual.Problem}' instead of '{expected.Problem}' for {shown}");
            Assert.True(Describe(expected.Document) == Describe(actual.Document), $"document {Describe(actual.Document)} instead of {Describe(expected.Document)} for {shown}");
        }

        Assert.True(JsonDocumentManifestReading.MediaTypeField(body) == ManifestReading.MediaTypeField(body), $"media type field of {Show(body)}");
        Assert.True(JsonDocumentManifestReading.IsJsonObject(body) == ManifestReading.IsJsonObject(body), $"JSON object or not: {Show(body)}");
    }

    private static string Describe(ManifestDocument? document)
    {
        if (document is null)
        {
            return "none";
        }

        var text = new StringBuilder(document.MediaType);
        foreach (var entry in document.Entries ?? [])
        {
            text.Append(" | ").Append(entry.Digest).Append(' ').Append(entry.MediaType).Append(' ').Append(entry.Platform);
        }

        if (document.Config is { } config)
        {
            text.Append(" config ").Append(config.Config);
            foreach (var (key, value) in config.Annotations.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                text.Append(' ').Append(key).Append('=').Append(value);
            }
        }

        return text.Append(document.Entries is null ? " (manifest)" : " (index)").ToString();
    }

    private static string Show(byte[] body) => Convert.ToHexString(body.Length > 400 ? body[..400] : body) + $" ({Encoding.UTF8.GetString(body)})";

    // A manifest- or index-shaped object, each part sometimes left out, repeated or of another kind.
    private static byte[] Document(Random random)
    {
        var parts = new List<byte[]>();
        void Add(string name, byte[] value) => parts.Add([.. Name(random, name), (byte)':', .. value]);
        if (random.Next(10) > 0)
        {
            Add("schemaVersion", random.Next(6) switch { 0 => Value(random, 0), 1 => Ascii(Pick(random, "2.0", "2e0", "3", "-2", "2147483648", "\"2\"")), _ => Ascii("2") });
        }

        if (random.Next(5) > 0)
        {
            Add("mediaType", random.Next(5) == 0 ? Value(random, 0) : Text(random, Pick(random, [.. ManifestMediaTypes.Accepted, "application/json", "application/vnd.docker.distribution.manifest.v1+json"])));
        }

        if (random.Next(3) > 0)
        {
            Add("config", random.Next(6) == 0 ? Value(random, 0) : Descriptor(random));
        }

        if (random.Next(3) > 0)
        {
            Add("layers", random.Next(6) == 0 ? Value(random, 0) : List(random, () => random.Next(8) == 0 ? Value(random, 0) : Descriptor(random)));
        }

        if (random.Next(3) > 0)
        {
            Add("manifests", random.Next(6) == 0 ? Value(random, 0) : List(random, () => random.Next(8) == 0 ? Value(random, 0) : Entry(random)));
        }

        if (random.Next(3) > 0)
        {
            Add("annotations", random.Next(6) == 0 ? Value(random, 0) : Annotations(random));
        }

        if (random.Next(4) == 0)
        {
            Add(Pick(random, "other", "mediaType", "config", "schemaVersion", "manifests", "layers", "annotations"), Value(random, 0));
        }

        return Object(random, parts);
    }

    private static byte[] Descriptor(Random random)
    {
        var parts = new List<byte[]>();
        if (random.Next(8) > 0)
        {
            parts.Add([.. Name(random, "digest"), (byte)':', .. random.Next(8) == 0 ? Value(random, 1) : DigestText(random)]);
        }

        parts.Add([.. Name(random, "size"), (byte)':', .. Ascii("1234")]);
        if (random.Next(6) == 0)
        {
            parts.Add([.. Name(random, "digest"), (byte)':', .. DigestText(random)]);
        }

        return Object(random, parts);
    }

    private static byte[] Entry(Random random)
    {
        var parts = new List<byte[]>();
        if (random.Next(8) > 0)
        {
            parts.Add([.. Name(random, "digest"), (byte)':', .. random.Next(8) == 0 ? Value(random, 1) : DigestText(random)]);
        }

        if (random.Next(3) > 0)
        {
            parts.Add([.. Name(random, "mediaType"), (byte)':', .. random.Next(6) == 0 ? Value(random, 1) : Text(random, Pick(random, ManifestMediaTypes.Accepted))]);
        }

        if (random.Next(4) > 0)
        {
            var platform = new List<byte[]>();
            foreach (var (key, values) in new[] { ("os", new[] { "linux", "Windows", "" }), ("architecture", ["amd64", "ARM64", "s390x"]), ("variant", ["v8", "V7"]) })
            {
                if (random.Next(4) > 0)
                {
                    platform.Add([.. Name(random, key), (byte)':', .. random.Next(8) == 0 ? Value(random, 1) : Text(random, Pick(random, values))]);
                }
            }

            parts.Add([.. Name(random, "platform"), (byte)':', .. random.Next(8) == 0 ? Value(random, 1) : Object(random, platform)]);
        }

        if (random.Next(8) == 0)
        {
            parts.Add([.. Name(random, Pick(random, "digest", "platform", "mediaType")), (byte)':', .. Value(random, 1)]);
        }

        return Object(random, parts);
    }

    private static byte[] Annotations(Random random)
    {
        var parts = new List<byte[]>();
        foreach (var key in ProvenanceLabels.Shown.Append("org.example.other"))
        {
            if (random.Next(3) > 0)
            {
                var value = random.Next(5) switch
                {
                    0 => Value(random, 1),
                    1 => Text(random, new string('v', ProvenanceLabels.MaxValueCharacters + random.Next(-1, 3))),
                    2 => Text(random, ""),
                    _ => Text(random, "1.2." + random.Next(100).ToString(CultureInfo.InvariantCulture)),
                };
                parts.Add([.. Name(random, key), (byte)':', .. value]);
            }
        }

        return Object(random, parts);
    }

    private static byte[] DigestText(Random random) => Text(random, random.Next(10) switch
    {
        0 => "sha256:nope",
        1 => "sha512:" + new string('a', 128),
        2 => Sha.ToUpperInvariant(),
        3 => "",
        4 => "sha256:" + Sha[7..].ToUpperInvariant(),
        5 => Sha[..^1],
        6 => Sha + "0",
        _ => Sha,
    });

    // Any JSON value, nested a little.
    private static byte[] Value(Random random, int depth) => random.Next(depth > 3 ? 6 : 8) switch
    {
        0 => Ascii("null"),
        1 => Ascii(Pick(random, "true", "false")),
        2 => Ascii(Pick(random, "2", "0", "-1.5", "1e400")),
        3 => Text(random, "x"),
        4 => Text(random, Sha),
        5 => Ascii("{}"),
        6 => List(random, () => Value(random, depth + 1)),
        _ => Object(random, [[.. Name(random, Pick(random, "digest", "os", "a")), (byte)':', .. Value(random, depth + 1)]]),
    };

    private static byte[] Object(Random random, List<byte[]> parts)
    {
        Shuffle(random, parts);
        var text = new List<byte> { (byte)'{' };
        for (var i = 0; i < parts.Count; i++)
        {
            text.AddRange(i > 0 ? Ascii(random.Next(4) == 0 ? " ,\n " : ",") : []);
            text.AddRange(parts[i]);
        }

        text.Add((byte)'}');
        return [.. text];
    }

    private static byte[] List(Random random, Func<byte[]> item)
    {
        var count = random.Next(5);
        var text = new List<byte> { (byte)'[' };
        for (var i = 0; i < count; i++)
        {
            text.AddRange(i > 0 ? Ascii(",") : []);
            text.AddRange(item());
        }

        text.Add((byte)']');
        return [.. text];
    }

    // A name as written, or escaped, or of another case (which is another name).
    private static byte[] Name(Random random, string name) => random.Next(12) switch
    {
        0 => Ascii("\"" + string.Concat(name.Select(c => $"\\u{(int)c:x4}")) + "\""),
        1 => Ascii("\"" + char.ToUpperInvariant(name[0]) + name[1..] + "\""),
        _ => Ascii("\"" + name + "\""),
    };

    // A string as written, escaped, or with bytes that are not UTF-8 or an unpaired surrogate.
    private static byte[] Text(Random random, string value) => random.Next(16) switch
    {
        0 => [.. Ascii("\"" + value), 0xFF, .. Ascii("\"")],
        1 => [.. Ascii("\"" + value), 0xC3, .. Ascii("\"")],
        2 => Ascii("\"" + value + "\\ud800\""),
        3 => Ascii("\"" + string.Concat(value.Select(c => $"\\u{(int)c:X4}")) + "\""),
        4 => Encoding.UTF8.GetBytes("\"" + value + "é😀\""),
        _ => Ascii("\"" + value + "\""),
    };

    // Whole-body damage: cut, padded, commented, wrapped past the depth limit, a byte changed.
    private static byte[] Mutate(Random random, byte[] body)
    {
        switch (random.Next(14))
        {
            case 0:
                return body[..random.Next(body.Length + 1)];
            case 1:
                return [.. body, .. Ascii(Pick(random, " x", " {}", "\n", ",", "\0"))];
            case 2:
                return [0xEF, 0xBB, 0xBF, .. body];
            case 3:
                var at = body.AsSpan().IndexOf((byte)',');
                return at < 0 ? body : [.. body[..at], .. Ascii(Pick(random, "/* c */", ",,", ", ")), .. body[at..]];
            case 4:
                var depth = 14 + random.Next(4);
                return [.. Enumerable.Repeat((byte)'[', depth), .. body, .. Enumerable.Repeat((byte)']', depth)];
            case 5 when body.Length > 0:
                var copy = body.ToArray();
                copy[random.Next(copy.Length)] = (byte)random.Next(256);
                return copy;
            case 6:
                var nested = 12 + random.Next(6);
                byte[] deep = [.. Enumerable.Range(0, nested).SelectMany(_ => Ascii("{\"a\":")), .. Ascii("1"), .. Enumerable.Repeat((byte)'}', nested)];
                return body.Length > 1 && body[^1] == (byte)'}' ? [.. body[..^1], .. Ascii(body.Length > 2 ? ",\"deep\":" : "\"deep\":"), .. deep, (byte)'}'] : body;
            default:
                return body;
        }
    }

    private static void Shuffle<T>(Random random, List<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static T Pick<T>(Random random, params T[] choices) => choices[random.Next(choices.Length)];

    private static byte[] Ascii(string text) => Encoding.UTF8.GetBytes(text);
}
