using System.Buffers;
using System.Collections;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitStreamSync.Core.Read;

/// <summary>
/// Writes the untyped documents the tool prints and stores (reports, <c>-o json</c>, the oc-style
/// views, log lines, health answers): maps, sequences and plain values, the same text as
/// <see cref="JsonSerializer"/> gave for them, without its reflection serializer, so that a trimmed or
/// Native AOT build writes every document too. Maps keep their keys in insertion order; a value of a
/// kind the documents never hold is refused by name rather than written some other way.
/// </summary>
internal static class JsonTree
{
    // Strings up to this length are written whole; longer ones in pieces of this length.
    private const int LongText = 4 * 1024;

    /// <summary>The document as text: indented or on one line, with <paramref name="encoder"/> (null: the serializer's default escaping).</summary>
    public static string ToText(object? value, bool indented, JavaScriptEncoder? encoder = null)
    {
        using var buffer = new MemoryStream();
        Write(buffer, value, indented, encoder);
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The document as UTF-8 bytes.</summary>
    public static byte[] ToUtf8Bytes(object? value, bool indented, JavaScriptEncoder? encoder = null)
    {
        using var buffer = new MemoryStream();
        Write(buffer, value, indented, encoder);
        return buffer.ToArray();
    }

    /// <summary>
    /// The document written to <paramref name="stream"/> as it is made, in pieces of a few kilobytes:
    /// a report of ten thousand tags never exists whole in memory.
    /// </summary>
    public static void Write(Stream stream, object? value, bool indented, JavaScriptEncoder? encoder = null)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, Encoder = encoder });
        WriteValue(writer, value);
        writer.Flush();
    }

    /// <summary>
    /// The document written to <paramref name="output"/> as it is made, as characters: the output stays
    /// a text writer, so that what the tool prints passes its secret masking.
    /// </summary>
    public static void Write(TextWriter output, object? value, bool indented, JavaScriptEncoder? encoder = null)
    {
        using var writer = new Utf8JsonWriter(new TextWriterBuffer(output), new JsonWriterOptions { Indented = indented, Encoder = encoder });
        WriteValue(writer, value);
        writer.Flush();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string { Length: > LongText } text: WriteLongString(writer, text); break;
            case string text: writer.WriteStringValue(text); break;
            case bool flag: writer.WriteBooleanValue(flag); break;
            case int number: writer.WriteNumberValue(number); break;
            case long number: writer.WriteNumberValue(number); break;
            case short number: writer.WriteNumberValue(number); break;
            case byte number: writer.WriteNumberValue(number); break;
            case uint number: writer.WriteNumberValue(number); break;
            case ulong number: writer.WriteNumberValue(number); break;
            case ushort number: writer.WriteNumberValue(number); break;
            case double number: writer.WriteNumberValue(number); break;
            case float number: writer.WriteNumberValue(number); break;
            case decimal number: writer.WriteNumberValue(number); break;
            case DateTime at: writer.WriteStringValue(at); break;
            case DateTimeOffset at: writer.WriteStringValue(at); break;
            case JsonElement element: element.WriteTo(writer); break;
            case JsonNode node: node.WriteTo(writer); break;
            case IDictionary map: WriteMap(writer, map); break;
            case IEnumerable items: WriteItems(writer, items); break;
            default: throw new NotSupportedException($"a JSON document holds no {value.GetType()}");
        }

        // A long document goes out as it is made (the serializer flushed at about the same size).
        if (writer.BytesPending > 16 * 1024)
        {
            writer.Flush();
        }
    }

    /// <summary>
    /// A long string (the diff of a large plan is megabytes) written in pieces, each escaped and sent
    /// on as it is done: written whole, the writer escapes it into a buffer of six times its length and
    /// asks for three times that in bytes, tens of megabytes for one value. The text is the same: a
    /// character pair split between two pieces is escaped whole.
    /// </summary>
    private static void WriteLongString(Utf8JsonWriter writer, string text)
    {
        for (var start = 0; start < text.Length; start += LongText)
        {
            var piece = text.AsSpan(start, Math.Min(LongText, text.Length - start));
            writer.WriteStringValueSegment(piece, isFinalSegment: start + piece.Length == text.Length);
            if (writer.BytesPending > 16 * 1024)
            {
                writer.Flush();
            }
        }
    }

    private static void WriteMap(Utf8JsonWriter writer, IDictionary map)
    {
        writer.WriteStartObject();
        var entries = map.GetEnumerator();
        while (entries.MoveNext())
        {
            writer.WritePropertyName(entries.Key as string ?? throw new NotSupportedException($"a JSON object's key is text, not {entries.Key.GetType()}"));
            WriteValue(writer, entries.Value);
        }

        writer.WriteEndObject();
    }

    private static void WriteItems(Utf8JsonWriter writer, IEnumerable items)
    {
        writer.WriteStartArray();
        foreach (var item in items)
        {
            WriteValue(writer, item);
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// The JSON writer's UTF-8 pieces decoded into a text writer as each is done; the decoder keeps a
    /// character split between two pieces whole.
    /// </summary>
    private sealed class TextWriterBuffer(TextWriter output) : IBufferWriter<byte>
    {
        private readonly Decoder decoder = new UTF8Encoding(false).GetDecoder();
        private readonly char[] chars = new char[8 * 1024];
        private byte[] bytes = new byte[8 * 1024];

        public void Advance(int count)
        {
            var pending = new ReadOnlySpan<byte>(bytes, 0, count);
            while (!pending.IsEmpty)
            {
                decoder.Convert(pending, chars, flush: false, out var used, out var produced, out _);
                output.Write(chars, 0, produced);
                pending = pending[used..];
            }
        }

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            if (sizeHint > bytes.Length)
            {
                bytes = new byte[sizeHint];
            }

            return bytes;
        }

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }
}
