using System.Globalization;

namespace GitStreamSync.Cli.Output;

/// <summary>
/// "resolving 412/1000 tags" on stderr, rewritten in place with \r at most every 200 ms, when stderr
/// is a terminal; nothing otherwise (logs and CI output stay free of carriage returns).
/// </summary>
internal sealed class ProgressLine(TextWriter error, bool terminal, TimeProvider time) : IProgress<(int Done, int Total)>
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private readonly Lock gate = new();
    private long lastWritten = long.MinValue;

    public static string Format(int done, int total) =>
        string.Create(CultureInfo.InvariantCulture, $"resolving {done}/{total} tags");

    public void Report((int Done, int Total) value)
    {
        if (!terminal)
        {
            return;
        }

        lock (gate)
        {
            var now = time.GetTimestamp();
            var last = value.Done >= value.Total;
            if (!last && lastWritten != long.MinValue && time.GetElapsedTime(lastWritten, now) < Interval)
            {
                return;
            }

            lastWritten = now;
            error.Write("\r" + Format(value.Done, value.Total) + (last ? "\n" : ""));
        }
    }
}
