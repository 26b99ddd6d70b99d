using System.CommandLine;

namespace GitStreamSync.Cli;

/// <summary>
/// Every command of the tool, one line each. A command lives in its own file under Commands/ and
/// exposes <c>static Command Create(CliContext context)</c>.
/// </summary>
internal static class CommandCatalog
{
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
}
