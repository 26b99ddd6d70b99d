using GitStreamSync.Core.Read;
namespace GitStreamSync.Core.Ports;

/// <summary>Opens the repository a run works on (Adapters/Git): a clone, a cached clone, or a working copy in place.</summary>
public interface IRepositoryWorkspaceFactory
{
    /// <summary>Clones or fetches <see cref="WorkspaceRequest.Location"/>; throws <see cref="RepositoryException"/> on any Git failure.</summary>
    Task<IRepositoryWorkspace> OpenAsync(WorkspaceRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// Where the repository is (an http(s) or file:// URL, a bare repository path, or a working copy
/// used in place) and which branch is the base (null: the remote's default branch, or the working
/// copy's current branch).
/// </summary>
public sealed record WorkspaceRequest(string Location, string? BaseBranch = null);

/// <summary>
/// One opened repository. Reads come from the base branch's tip commit, never from a work tree;
/// commits are built from that tip as objects and become visible only through
/// <see cref="PublishAsync"/>, so a failed run leaves no partial files and moves no branch.
/// </summary>
public interface IRepositoryWorkspace : IDisposable
{
    /// <summary>The location as shown to people: never holds credentials.</summary>
    string DisplayLocation { get; }

    string BaseBranch { get; }

    /// <summary>The base branch's tip as last fetched.</summary>
    string BaseCommit { get; }

    /// <summary>False for a working copy without an <c>origin</c> remote: publishing then only moves local branches.</summary>
    bool HasRemote { get; }

    /// <summary>Makes <paramref name="branch"/> the base (the repository's settings may name one); throws <see cref="RepositoryException"/> when it does not exist.</summary>
    void UseBaseBranch(string branch);

    /// <summary>Every file of the base tip whose path satisfies <paramref name="include"/>, as text (files that are not read are left out; <see cref="ReadSourceFiles"/> says why).</summary>
    IReadOnlyList<SourceFile> ReadFiles(Func<string, bool> include);

    /// <summary>
    /// Every file of the base tip whose path satisfies <paramref name="include"/>, as text, and a
    /// problem for each one that is not read (a symbolic link, too large, not UTF-8, a NUL byte):
    /// what a run reads, so that no file is skipped without a word.
    /// </summary>
    SourceFileSet ReadSourceFiles(Func<string, bool> include) => new(ReadFiles(include), []);

    /// <summary>
    /// The texts <paramref name="path"/> had along the base branch's first-parent history, newest
    /// first (the base tip's first), each text once where consecutive commits agree, walking at most
    /// <paramref name="maxCommits"/> commits and stopping where the file did not exist. A workspace
    /// without history (a plain folder) has only the current text, or none.
    /// </summary>
    IReadOnlyList<string> ReadFileVersions(string path, int maxCommits) => [];

    /// <summary>The tip of <paramref name="branch"/> where it is published (the remote, as last fetched; or the local branch without a remote), or null when it does not exist.</summary>
    BranchCommit? ReadPublishedBranch(string branch);

    /// <summary>Every branch where it is published (the remote's, as last fetched; or the local branches without a remote).</summary>
    IReadOnlyList<string> ReadPublishedBranchNames();

    /// <summary>
    /// Deletes the published <paramref name="branch"/> (the remote's, or the local one without a
    /// remote) when it is still at <paramref name="expectedTip"/>; throws
    /// <see cref="BranchMovedException"/> when it moved, <see cref="PushRejectedException"/> when the server refuses.
    /// </summary>
    Task DeleteBranchAsync(string branch, string expectedTip, CancellationToken cancellationToken);

    /// <summary>Writes a commit whose single parent is <see cref="BaseCommit"/> and whose tree is the base tree with <see cref="CommitRequest.Files"/> replaced. Moves no branch.</summary>
    Task<CreatedCommit> CommitAsync(CommitRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Makes <see cref="PublishRequest.CommitId"/> the tip of <see cref="PublishRequest.Branch"/>.
    /// Throws <see cref="BranchMovedException"/> when the branch is no longer at
    /// <see cref="PublishRequest.ExpectedTip"/>, <see cref="PushRejectedException"/> when the server refuses.
    /// </summary>
    Task<PublishOutcome> PublishAsync(PublishRequest request, CancellationToken cancellationToken);

    /// <summary>Fetches again (after a moved branch); <see cref="BaseCommit"/> and published branches move to what the remote has now.</summary>
    Task RefreshAsync(CancellationToken cancellationToken);
}

/// <summary>A commit as read from the repository: what the idempotency check and rollback detection look at.</summary>
public sealed record BranchCommit(string Id, string TreeId, IReadOnlyList<string> ParentIds, string Message);

/// <summary>A name and e-mail for a commit's author or committer.</summary>
public sealed record GitIdentity(string Name, string Email)
{
    public static GitIdentity Default { get; } = new("GitStreamSync", "gitstreamsync@users.noreply.github.com");
}

/// <summary>The files to replace (full new text; paths relative with '/'), message, identities and the run's single instant.</summary>
public sealed record CommitRequest(
    IReadOnlyList<SourceFile> Files,
    string Message,
    GitIdentity Author,
    GitIdentity Committer,
    DateTimeOffset When);

public sealed record CreatedCommit(string Id, string TreeId);

public enum PublishMode
{
    /// <summary>The tool's own branch: replaced (forced) when it is still where it was last seen.</summary>
    ReplaceToolBranch,

    /// <summary>The base branch itself: fast-forward only, never forced.</summary>
    FastForwardBase,
}

/// <summary><paramref name="ExpectedTip"/> is the lease: null means "the branch must not exist yet".</summary>
public sealed record PublishRequest(string Branch, string CommitId, PublishMode Mode, string? ExpectedTip);

public enum PublishOutcome
{
    /// <summary>The branch was pushed to the remote.</summary>
    Pushed,

    /// <summary>No remote: the local branch was moved.</summary>
    CommittedLocally,
}
