using System.CommandLine;

namespace GitStreamSync.Cli;

/// <summary>What a command factory in <see cref="CommandCatalog"/> receives: the environment and the common options.</summary>
internal sealed class CliContext(CliEnvironment environment, CommonOptions options)
{
    public CliEnvironment Environment { get; } = environment;
    public CommonOptions Options { get; } = options;

    /// <summary>Reads and checks the common options of this invocation; a bad value throws <see cref="UsageException"/>.</summary>
    public CommandRun Start(ParseResult parse) => new(Environment, Options.Read(parse));
}
