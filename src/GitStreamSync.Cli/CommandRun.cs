using GitStreamSync.Cli.Logging;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Cli;

/// <summary>
/// One command invocation: the environment, the checked common options and a logger factory that
/// writes to stderr. Commands get it from <see cref="CliContext.Start"/> and dispose it at the end.
/// </summary>
internal sealed class CommandRun : IDisposable
{
    public CommandRun(CliEnvironment environment, RunSettings settings)
    {
        Environment = environment;
        Settings = settings;
        LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(builder => builder
            .SetMinimumLevel(settings.LogLevel)
            .AddProvider(new TextWriterLoggerProvider(environment.Error, settings.LogLevel, settings.LogFormat, environment.Time)));
    }

    public CliEnvironment Environment { get; }
    public RunSettings Settings { get; }
    public ILoggerFactory LoggerFactory { get; }

    public TextWriter Out => Environment.Out;
    public TextWriter Error => Environment.Error;
    public TimeProvider Time => Environment.Time;

    public ILogger CreateLogger<T>() => LoggerFactory.CreateLogger<T>();

    public void Dispose() => LoggerFactory.Dispose();
}
