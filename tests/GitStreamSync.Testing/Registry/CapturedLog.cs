using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Testing.Registry;

/// <summary>An <see cref="ILogger"/> that keeps every line at every level, with exception texts, for assertions.</summary>
public sealed class CapturedLog : ILogger
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyCollection<string> Lines => lines;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lines.Enqueue($"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : " | " + exception)}");
    }
}
