using CsCheck;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using GitStreamSync.Core.Read;

namespace GitStreamSync.Core.Tests.Read;

/// <summary>
/// The untyped writer gives the same text as the reflection serializer gave for the tool's
/// documents (maps, sequences made by LINQ, numbers, times, nulls, text that needs escaping), with
/// both escapings the tool uses, and refuses a value no document holds.
/// </summary>
public sealed class JsonTreeTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static readonly Dictionary<(bool Indented, bool Relaxed), JsonSerializerOptions> Serializer = new()
    {
        [(true, true)] = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping },
        [(true, false)] = Indented,
        [(false, true)] = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping },
        [(false, false)] = new(),
    };

    private static Dictionary<string, object?> Document() => new()
    {
        ["outcome"] = "changed",
        ["commit"] = null,
        ["attempts"] = 2,
        ["size"] = 12_345_678_901L,
        ["ratio"] = 0.1 + 0.2,
        ["whole"] = 3.0,
        ["imported"] = true,
        ["at"] = new DateTime(2026, 12, 7, 1, 2, 3, DateTimeKind.Utc),
        ["seen"] = new DateTimeOffset(2026, 12, 7, 1, 2, 3, 456, TimeSpan.FromHours(2)),
        ["text"] = "a+b & <c> \"quoted\" é 日本 \u0001 \\ /",
        ["tags"] = Enumerable.Range(1, 3).Select(i => new Dictionary<string, object?> { ["tag"] = $"v{i}", ["line"] = i }),
        ["deleted"] = new List<string> { "one", "two" },
        ["empty"] = Array.Empty<object>(),
        ["nested"] = new Dictionary<string, object?> { ["inner"] = new List<object?> { 1, "x", null, new Dictionary<string, object?>() } },
        ["limits"] = new Dictionary<string, long> { ["iat"] = 1, ["exp"] = 2 },
    };

    public static TheoryData<bool, bool> Settings() => new() { { true, true }, { true, false }, { false, true }, { false, false } };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Writes_what_the_reflection_serializer_wrote(bool indented, bool relaxed)
    {
        var encoder = relaxed ? JavaScriptEncoder.UnsafeRelaxedJsonEscaping : null;
        var expected = JsonSerializer.Serialize(Document(), Serializer[(indented, relaxed)]);

        Assert.Equal(expected, JsonTree.ToText(Document(), indented, encoder));
        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(JsonTree.ToUtf8Bytes(Document(), indented, encoder)));
    }

    [Fact]
    public void Writes_a_parsed_node_as_the_serializer_did()
    {
        var node = new JsonObject { ["repositories"] = new JsonArray(JsonNode.Parse("{\"a\": [1, 2.5, \"x\"]}")), ["asked"] = 3 };

        Assert.Equal(JsonSerializer.Serialize(node, Indented), JsonTree.ToText(node, indented: true));
    }

    [Fact]
    public void Streams_a_long_document_whole()
    {
        var many = new Dictionary<string, object?> { ["changes"] = Enumerable.Range(0, 5_000).Select(i => new Dictionary<string, object?> { ["tag"] = $"t{i}" }) };
        using var stream = new MemoryStream();

        JsonTree.Write(stream, many, indented: true);

        Assert.Equal(JsonSerializer.Serialize(many, Indented), System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void Writes_a_long_document_to_a_text_writer_keeping_characters_split_between_pieces_whole()
    {
        // Three- and four-byte characters at every offset, so some fall across the writer's pieces.
        var many = new Dictionary<string, object?> { ["tags"] = Enumerable.Range(0, 20_000).Select(i => new string('x', i % 7) + "日本語😀") };
        using var written = new StringWriter();

        JsonTree.Write(written, many, indented: true, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);

        Assert.Equal(JsonTree.ToText(many, indented: true, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping), written.ToString());
        Assert.True(written.ToString().Length > 200_000);
    }

    // Pieces of text that the writer escapes differently, a character pair, and halves of a pair.
    private static readonly Gen<string> Piece = Gen.OneOfConst("a", "z ", "\n", "\r\n", "\t", "\"", "\\", "/", "<", ">", "&", "'", "+", "`", "é", "日", "\u2028", "\u0001", "\u007f", "😀", "\uD83D", "\uDE00", "\uFFFD", "\uFEFF");

    // Plain runs ending just before, on and after where a long string is cut, then pieces there.
    private static readonly Gen<string> Text = Gen.Select(
        Gen.OneOf(Gen.Int[4_090, 4_100], Gen.Int[8_186, 8_196], Gen.Int[12_280, 12_290], Gen.Int[0, 13_000]),
        Piece.Array[0, 12],
        Gen.Int[0, 5_000],
        Piece.Array[0, 6],
        (run, pieces, tail, last) => new string('d', run) + string.Concat(pieces) + new string('e', tail) + string.Concat(last));

    [Fact]
    public void Writes_a_long_string_as_the_serializer_did_wherever_it_is_cut()
    {
        Text.Sample(text =>
        {
            foreach (var (indented, relaxed) in Serializer.Keys)
            {
                var document = new Dictionary<string, object?> { ["diff"] = text };
                var expected = Written(() => JsonSerializer.Serialize(document, Serializer[(indented, relaxed)]));
                var encoder = relaxed ? JavaScriptEncoder.UnsafeRelaxedJsonEscaping : null;
                using var writer = new StringWriter();

                Assert.Equal(expected, Written(() => JsonTree.ToText(document, indented, encoder)));
                Assert.Equal(expected, Written(() =>
                {
                    JsonTree.Write(writer, document, indented, encoder);
                    return writer.ToString();
                }));
            }
        }, iter: 300);
    }

    // The text written, or the kind of refusal (a half of a character pair is refused either way).
    private static string Written(Func<string> write)
    {
        try
        {
            return write();
        }
        catch (ArgumentException e)
        {
            return "refused: " + e.GetType().Name;
        }
    }

    [Fact]
    public void Refuses_a_value_no_document_holds()
    {
        var error = Assert.Throws<NotSupportedException>(() => JsonTree.ToText(new Dictionary<string, object?> { ["at"] = new Uri("https://example.com") }, indented: false));

        Assert.Contains("System.Uri", error.Message, StringComparison.Ordinal);
    }
}
