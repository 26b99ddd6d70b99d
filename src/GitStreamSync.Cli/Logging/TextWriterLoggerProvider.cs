using Microsoft.Extensions.Logging;
using GitStreamSync.Core.Read;

namespace GitStreamSync.Cli.Logging;

/// <summary>
/// Writes log lines synchronously to the command's stderr writer, as text or one JSON object per
/// line. Synchronous on purpose: a one-shot command must not lose lines at exit, and tests read
/// the same writer.
/// </summary>
internal sealed class TextWriterLoggerProvider(TextWriter writer, LogLevel minimum, LogFormat format, TimeProvider time) : ILoggerProvider
{
    private readonly Lock gate = new();

    private LogLevel Minimum { get; } = minimum;

    public ILogger CreateLogger(string categoryName) => new TextWriterLogger(this, categoryName);

    public void Dispose()
    {
    }

    private void Write(string category, LogLevel level, EventId eventId, string message, Exception? exception, IReadOnlyList<KeyValuePair<string, object?>>? fields)
    {
        var timestamp = time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        string line;
        if (format == LogFormat.Json)
        {
            var entry = new Dictionary<string, object?>
            {
                ["time"] = timestamp,
                ["level"] = level.ToString(),
                ["category"] = category,
                ["message"] = message,
            };
            if (eventId.Id != 0)
            {
                entry["eventId"] = eventId.Id;
            }

            if (exception is not null)
            {
                entry["exception"] = exception.ToString();
            }

            // The message template's values (reference, host, status, duration...) as properties of
            // their own, so that a log pipeline can filter on them without parsing the message.
            foreach (var (key, value) in fields ?? [])
            {
                if (key == "{OriginalFormat}" || key.Length == 0)
                {
                    continue;
                }

                var name = char.ToLowerInvariant(key[0]) + key[1..];
                entry[entry.ContainsKey(name) ? name + "Field" : name] = JsonValue(value);
            }

            line = JsonTree.ToText(entry, indented: false);
        }
        else
        {
            line = $"{timestamp} {ShortLevel(level)} {category}: {message}";
            if (exception is not null)
            {
                line += Environment.NewLine + exception;
            }
        }

        lock (gate)
        {
            writer.WriteLine(line);
        }
    }

    private static object? JsonValue(object? value) => value switch
    {
        null or string or bool or int or long or short or byte or uint or ulong or ushort or double or float or decimal => value,
        TimeSpan span => span.TotalSeconds,
        DateTimeOffset at => at.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        Enum => value.ToString(),
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string ShortLevel(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private sealed class TextWriterLogger(TextWriterLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= provider.Minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(category, logLevel, eventId, formatter(state, exception), exception, state as IReadOnlyList<KeyValuePair<string, object?>>);
            }
        }
    }
}
