using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Record;
namespace GitStreamSync.Core.Rollback;

/// <summary>
/// One commit of the base branch's history as rollback detection needs it. <see cref="Transitions"/>
/// is filled only for commits whose message does not mark them as the tool's and that have at most one
/// parent (a hand edit of <c>items[0]</c> is looked for nowhere else); it lists the tags whose <c>items[0]</c> digest
/// differs between the first parent and this commit.
/// </summary>
internal sealed record HistoryCommit(
    string Id,
    IReadOnlyList<string> ParentIds,
    string Message,
    GitIdentity Author,
    GitIdentity Committer,
    DateTimeOffset CommittedAt)
{
    public IReadOnlyList<TagTransition> Transitions { get; init; } = [];

    public bool IsMerge => ParentIds.Count > 1;

    public string ShortId => Ports.CommitId.Short(Id);
}

/// <summary>
/// A tag's current image (<c>items[0].image</c>) before and after one commit; null when the tag (or its
/// file, or its stream) had no item, or the image is not a digest (<c>reference: true</c> tags).
/// </summary>
internal sealed record TagTransition(TagKey Key, Digest? Before, Digest? After);

/// <summary>
/// A pull request of the tool that a person closed without merging, with the digests its marker says
/// it proposed (<c>set file#stream:tag old new</c>).
/// </summary>
internal sealed record ClosedPullRequest(int Number, DateTimeOffset? ClosedAt, IReadOnlyList<ProposedDigest> Proposed);

/// <summary>One digest a closed pull request proposed for one tag.</summary>
internal sealed record ProposedDigest(TagKey Key, Digest Digest);

/// <summary>What rollback detection reads: the walked commits, newest first in topological order, and the closed pull requests.</summary>
internal sealed record RollbackEvidence(IReadOnlyList<HistoryCommit> Commits, IReadOnlyList<ClosedPullRequest> ClosedPullRequests)
{
    public static RollbackEvidence Empty { get; } = new([], []);

    /// <summary>True when the walk stopped at its depth limit with older commits left unread.</summary>
    public bool Truncated { get; init; }
}
