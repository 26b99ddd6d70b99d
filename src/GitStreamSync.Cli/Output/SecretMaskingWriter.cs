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
    private readonly TextWriter inner;
    private readonly SecretSanitizer secrets;
    private readonly StringBuilder pending = new();
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

    public override void Write(char value)
    {
        lock (gate)
        {
            pending.Append(value);
            if (value is '\n' or '\r')
            {
                Drain();
            }
        }
    }

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        lock (gate)
        {
            pending.Append(value);
            if (value.AsSpan().IndexOfAny('\n', '\r') >= 0)
            {
                Drain();
            }
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(ReadOnlySpan<char> buffer) => Write(new string(buffer));

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
                pending.Clear();
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

    // Writes every complete line (a progress line ends in a carriage return), masked; keeps the unfinished rest.
    private void Drain()
    {
        var text = pending.ToString();
        var end = text.AsSpan().LastIndexOfAny('\n', '\r') + 1;
        Emit(text[..end]);
        pending.Remove(0, end);
        inner.Flush();
    }

    private void Emit(string text)
    {
        inner.Write(secrets.Mask(text));
        lineOpen = text.Length > 0 ? text[^1] != '\n' : lineOpen;
    }
}
