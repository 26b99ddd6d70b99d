namespace GitStreamSync.Core.Ports;

/// <summary>
/// The repository's record of rejections, a chain of commits on <see cref="RefName"/> (Adapters/Git):
/// not a branch, so it has no pull request and nobody checks it out. A workspace without Git history
/// (a plain folder) has no record: reading gives nothing and appending writes nothing.
/// </summary>
internal interface IRejectionLog
{
    public const string RefName = "refs/gitstreamsync/rejections";

    /// <summary>The record's commits as fetched with the workspace, oldest first; <paramref name="refresh"/> fetches the ref again first.</summary>
    Task<RejectionLogState> ReadAsync(IRepositoryWorkspace workspace, bool refresh, CancellationToken cancellationToken);

    /// <summary>
    /// Writes one commit per message on top of <see cref="RejectionLogAppend.ExpectedTip"/> and publishes
    /// the last one with a lease: throws <see cref="RejectionLogMovedException"/> when the record is no
    /// longer at the expected tip, <see cref="PushRejectedException"/> when the server refuses.
    /// Returns the new tip, or null when the workspace keeps no record.
    /// </summary>
    Task<string?> AppendAsync(IRepositoryWorkspace workspace, RejectionLogAppend append, CancellationToken cancellationToken);
}

/// <summary>One commit of the record.</summary>
internal sealed record RejectionLogCommit(string Id, string Message);

/// <summary>The record as read: its tip (null: none yet) and its commits, oldest first.</summary>
internal sealed record RejectionLogState(string? Tip, IReadOnlyList<RejectionLogCommit> Commits)
{
    public static RejectionLogState Empty { get; } = new(null, []);
}

/// <summary>The commits to add: messages in order, the tree's one file, who writes them and the run's instant.</summary>
internal sealed record RejectionLogAppend(
    string? ExpectedTip,
    IReadOnlyList<string> Messages,
    string ReadmeFileName,
    string ReadmeText,
    GitIdentity Committer,
    DateTimeOffset When);

/// <summary>
/// Another run (or a person) moved the record since this run read it: read again and append again.
/// </summary>
internal sealed class RejectionLogMovedException(string? expected, string? actual)
    : RepositoryException($"{IRejectionLog.RefName} moved during the run (expected {Show(expected)}, found {Show(actual)})")
{
    private static string Show(string? commit) => commit is null ? "no record" : CommitId.Short(commit);
}
