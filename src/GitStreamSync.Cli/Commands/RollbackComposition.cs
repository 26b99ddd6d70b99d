using GitStreamSync.Core.Rollback;
using GitStreamSync.Adapters.Git;

namespace GitStreamSync.Cli.Commands;

/// <summary>
/// Rollback detection for a run, so that a digest people rolled back is not proposed again: the base branch's history always; the tool's closed pull
/// requests when the run talks to GitHub and credentials are there.
/// </summary>
internal static class RollbackComposition
{
    public static RollbackDetection Create(CommandRun run, GitHubConnection? github) =>
        new(new CommitHistoryReader(), github is { HasCredentials: true } ? github : null, run.CreateLogger<RollbackDetection>());
}
