
using GitStreamSync.Core.Rollback;
namespace GitStreamSync.Core.Ports;

/// <summary>
/// Reads the base branch's recent history for rollback detection (Adapters/Git): at most
/// <c>maxCommits</c> commits reachable from <see cref="IRepositoryWorkspace.BaseCommit"/>, newest first
/// in topological order, each with the <c>items[0]</c> changes that reveal a hand edit of <c>items[0]</c>.
/// </summary>
internal interface ICommitHistoryReader
{
    Task<CommitHistory> ReadAsync(IRepositoryWorkspace workspace, int maxCommits, CancellationToken cancellationToken);
}

/// <summary>The walked commits; <see cref="Truncated"/> when older ones were left unread at the depth limit.</summary>
internal sealed record CommitHistory(IReadOnlyList<HistoryCommit> Commits, bool Truncated)
{
    public static CommitHistory Empty { get; } = new([], false);

    /// <summary>The default depth (<c>rollback.historyDepth</c> in .gitstreamsync.yaml).</summary>
    public const int DefaultDepth = 500;
}
