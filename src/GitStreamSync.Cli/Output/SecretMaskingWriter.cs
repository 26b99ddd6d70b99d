using System.Text;
using GitStreamSync.Adapters.Secrets;

namespace GitStreamSync.Cli.Output;

/// <summary>
/// Everything the command line writes to stdout or stderr goes through this writer: each line is
/// passed through <see cref="SecretSanitizer.Mask"/> before it reaches the real writer, so a secret
/// that a server echoed into a message, a library put into an exception or a log line quoted
/// never leaves the process. Text is held until its line ends (a newline, or the carriage return
/// of a progress line) or <see cref="Flush"/>, because a secret may arrive in pieces.
/// </summary>
internal sealed class SecretMaskingWriter : TextWriter
{
    // Characters masked and written at a time when a large text arrives (always whole lines); a
    // piece stays below the large object heap's 85,000 bytes, so it is a short-lived small object.
    private const int PieceLength = 16 * 1024;

    private readonly TextWriter inner;
    private readonly SecretSanitizer secrets;
    private StringBuilder pending = new();
    private readonly Lock gate = new();

    // Whether the last text that reached the real writer left a line unfinished (a flushed prompt, a progress line's carriage return).
    private bool lineOpen;

    public SecretMaskingWriter(TextWriter inner, SecretSanitizer secrets)
        : base(inner.FormatProvider)
    {
        this.inner = inner;
        this.secrets = secrets;
        NewLine = inner.NewLine;
    }

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value) => Write(new ReadOnlySpan<char>(in value));

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> buffer)
    {
        if (buffer.IsEmpty)
        {
            return;
        }

        lock (gate)
        {
            var end = buffer.LastIndexOfAny('\n', '\r') + 1;
            if (end > 0)
            {
                WriteLines(buffer[..end]);
            }

            pending.Append(buffer[end..]);
        }
    }

    public override void WriteLine(string? value) => Write((value ?? "") + NewLine);

    public override Task WriteAsync(char value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    public override Task WriteLineAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        WriteLine(new string(buffer.Span));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Writes a workflow command (<c>::add-mask::</c>) unmasked, on a line of its own, before any
    /// text still held: the runner reads a command only at the start of a line.
    /// </summary>
    public void WriteCommand(string line)
    {
        lock (gate)
        {
            inner.Write((lineOpen ? NewLine : "") + line + NewLine);
            lineOpen = false;
            inner.Flush();
        }
    }

    public override Task FlushAsync()
    {
        Flush();
        return Task.CompletedTask;
    }

    public override void Flush()
    {
        lock (gate)
        {
            if (pending.Length > 0)
            {
                Emit(pending.ToString());
                ClearPending();
            }

            inner.Flush();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
        }

        base.Dispose(disposing);
    }

    // Writes complete lines (a progress line ends in a carriage return), masked, after what was pending.
    // A large report (plan -o json of ten thousand tags is tens of megabytes) goes out in pieces that
    // end at a line end, so the writer never holds more than a piece beside the caller's text.
    private void WriteLines(ReadOnlySpan<char> lines)
    {
        while (!lines.IsEmpty)
        {
            var cut = lines.Length;
            if (cut > PieceLength)
            {
                cut = lines[..PieceLength].LastIndexOfAny('\n', '\r') + 1;
                if (cut == 0)
                {
                    // One line longer than a piece is masked whole.
                    cut = lines.IndexOfAny('\n', '\r') + 1;
                }
            }

            if (pending.Length == 0 && !secrets.MayMask(lines[..cut]))
            {
                // Nothing in it to mask (most lines): written as it is, without a copy.
                inner.Write(lines[..cut]);
                lineOpen = lines[cut - 1] != '\n';
            }
            else
            {
                pending.Append(lines[..cut]);
                Emit(pending.ToString());
                ClearPending();
            }

            lines = lines[cut..];
        }

        inner.Flush();
    }

    // A builder that held a long line (a JSON report's diff is one line of megabytes) is let go:
    // clearing it would copy its capacity into one new array that the next short lines do not need.
    private void ClearPending()
    {
        if (pending.Capacity > PieceLength)
        {
            pending = new StringBuilder();
        }
        else
        {
            pending.Clear();
        }
    }

    private void Emit(string text)
    {
        inner.Write(secrets.Mask(text));
        lineOpen = text.Length > 0 ? text[^1] != '\n' : lineOpen;
    }
}
