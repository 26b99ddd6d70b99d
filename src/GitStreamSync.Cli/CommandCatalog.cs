using System.CommandLine;

namespace GitStreamSync.Cli;

/// <summary>
/// Every command of the tool, one line each, with the name it is called by. A command lives in its
/// own file under Commands/ and exposes <c>static Command Create(CliContext context)</c>.
/// </summary>
internal static class CommandCatalog
{
    /// <summary>The name of each command, in the order of <see cref="Factories"/>: a run builds only the commands it names.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["validate", "sync", "worker", "resolve", "plan", "get", "rollback", "render", "describe", "completion"];

    public static IReadOnlyList<Func<CliContext, Command>> Factories { get; } =
    [
        Commands.ValidateCommand.Create,
        Commands.SyncCommand.Create,
        Commands.WorkerCommand.Create,
        Commands.ResolveCommand.Create,
        Commands.PlanCommand.Create,
        Commands.GetCommand.Create,
        Commands.RollbackCommand.Create,
        Commands.RenderCommand.Create,
        Commands.DescribeCommand.Create,
        Completion.CompletionCommand.Create,
    ];

    /// <summary>
    /// The factories of the commands whose name is one of <paramref name="args"/>: every command the
    /// parser could match on this command line, and none that it could not.
    /// </summary>
    public static List<Func<CliContext, Command>> NamedIn(IReadOnlyList<string> args)
    {
        var named = new List<Func<CliContext, Command>>();
        for (var i = 0; i < Names.Count; i++)
        {
            foreach (var arg in args)
            {
                if (string.Equals(arg, Names[i], StringComparison.Ordinal))
                {
                    named.Add(Factories[i]);
                    break;
                }
            }
        }

        return named;
    }
}
