using System.Runtime.CompilerServices;
using GitStreamSync.Cli.Logging;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Cli;

/// <summary>
/// One command invocation: the environment, the checked common options and a logger factory that
/// writes to stderr. Commands get it from <see cref="CliContext.Start"/> and dispose it at the end.
/// </summary>
internal sealed class CommandRun : IDisposable
{
    // Made when a command first asks for a logger: `validate`, `get` and `render` never log, and
    // a run should not pay for what it does not use. Held as the interface and made in a method of
    // its own, so that a run that never logs does not even load the logging library.
    private ILoggerFactory? loggerFactory;
    private object? loggerFactoryLock;

    public CommandRun(CliEnvironment environment, RunSettings settings)
    {
        Environment = environment;
        Settings = settings;
    }

    public CliEnvironment Environment { get; }
    public RunSettings Settings { get; }
    public ILoggerFactory LoggerFactory => LazyInitializer.EnsureInitialized(ref loggerFactory, ref loggerFactoryLock, () => CreateLoggerFactory(Environment, Settings));

    public TextWriter Out => Environment.Out;
    public TextWriter Error => Environment.Error;
    public TimeProvider Time => Environment.Time;

    public ILogger CreateLogger<T>() => LoggerFactory.CreateLogger<T>();

    public void Dispose() => loggerFactory?.Dispose();

    // Built directly rather than through LoggerFactory.Create, which sets up a dependency
    // injection container for one provider and one filter: a fifth of the start-up of a
    // command that reads a repository, for nothing the command uses.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static LoggerFactory CreateLoggerFactory(CliEnvironment environment, RunSettings settings) => new LoggerFactory(
        [new TextWriterLoggerProvider(environment.Error, settings.LogLevel, settings.LogFormat, environment.Time)],
        new LoggerFilterOptions { MinLevel = settings.LogLevel });
}
