using System.Text.Encodings.Web;
using System.Text.Json;
using GitStreamSync.Core.Read;

namespace GitStreamSync.Cli.Reporting;

/// <summary>
/// What the JSON reports of the runs that write (<c>sync</c>, <c>rollback</c>) share: the same
/// serializer settings, and the same first keys, so scripts read both the same way.
/// </summary>
internal static class ReportJson
{
    // Digests, URLs and paths stay readable: no \u002B for '+' or \u0026 for '&'.
    internal static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>outcome, location, baseBranch, baseCommit, branch, commit; the caller adds its own keys after these.</summary>
    public static Dictionary<string, object?> Head(Enum outcome, string location, string baseBranch, string baseCommit, string branch, string? commit) => new()
    {
        ["outcome"] = JsonNamingPolicy.CamelCase.ConvertName(outcome.ToString()),
        ["location"] = location,
        ["baseBranch"] = baseBranch,
        ["baseCommit"] = baseCommit,
        ["branch"] = branch,
        ["commit"] = commit,
    };

    public static string Serialize(Dictionary<string, object?> shape) => JsonTree.ToText(shape, indented: true, Encoder) + "\n";

    /// <summary>
    /// The same text as <see cref="Serialize"/>, written to <paramref name="output"/> as it is made: a
    /// report of ten thousand tags is tens of megabytes, which then never exists whole in memory.
    /// </summary>
    public static void Write(Dictionary<string, object?> shape, TextWriter output)
    {
        using (var stream = new TextWriterStream(output))
        {
            JsonTree.Write(stream, shape, indented: true, Encoder);
        }

        output.Write('\n');
    }

    /// <summary>
    /// UTF-8 bytes in, characters out to a text writer (a character split across two writes is kept
    /// whole). The serializer streams only to a <see cref="Stream"/>, and the framework has no stream
    /// over a <see cref="TextWriter"/>; the output must stay a writer so that it passes the secret
    /// masking. Write-only: reading, seeking and length are not supported, as for any output stream.
    /// </summary>
    private sealed class TextWriterStream(TextWriter output) : Stream
    {
        private readonly System.Text.Decoder decoder = new System.Text.UTF8Encoding(false).GetDecoder();
        private readonly char[] chars = new char[8 * 1024];

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            while (!buffer.IsEmpty)
            {
                decoder.Convert(buffer, chars, flush: false, out var used, out var produced, out _);
                output.Write(chars.AsSpan(0, produced));
                buffer = buffer[used..];
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
