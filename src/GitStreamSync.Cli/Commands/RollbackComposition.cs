using GitStreamSync.Core.Rollback;
using GitStreamSync.Adapters.Git;

namespace GitStreamSync.Cli.Commands;

/// <summary>
/// Rollback detection for a run: the base branch's history, the record of rejections on
/// <c>refs/gitstreamsync/rejections</c>, and the closed pull requests of the run's one listing.
/// </summary>
internal static class RollbackComposition
{
    public static RollbackDetection Create(CommandRun run) => new(new CommitHistoryReader(), run.CreateLogger<RollbackDetection>(), new GitRejectionLog());
}
