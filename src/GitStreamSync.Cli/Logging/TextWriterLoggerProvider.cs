using System.Text.Json;
using Microsoft.Extensions.Logging;

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

    private void Write(string category, LogLevel level, EventId eventId, string message, Exception? exception)
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

            line = JsonSerializer.Serialize(entry);
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
                provider.Write(category, logLevel, eventId, formatter(state, exception), exception);
            }
        }
    }
}
