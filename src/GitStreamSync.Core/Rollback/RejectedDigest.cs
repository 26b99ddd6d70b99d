using GitStreamSync.Core.Images;
using GitStreamSync.Core.Record;
namespace GitStreamSync.Core.Rollback;

/// <summary>What rejected a digest; the README's "three ways to roll back" plus a person's edit.</summary>
internal enum RejectionKind
{
    /// <summary>(a) a commit reverted the tool's commit that set the digest.</summary>
    Reverted,

    /// <summary>(b) a person's commit moved <c>items[0]</c> away from the digest.</summary>
    ChangedByHand,

    /// <summary>(c) the tool's pull request proposing the digest was closed without merging.</summary>
    ClosedPullRequest,

    /// <summary><c>gitstreamsync rollback</c> recorded it in a <c>Rejected-Digest</c> trailer.</summary>
    RolledBack,
}

/// <summary>
/// <see cref="Digest"/> is not to be proposed again for the tag <see cref="Key"/>. <see cref="Source"/>
/// is the sentence people read (<c>reverted in 1a2b3c4 (Revert "Update 1 image digest ...")</c>,
/// <c>closed pull request #12</c>); <see cref="By"/> is the commit id or the pull-request number.
/// </summary>
internal sealed record RejectedDigest(TagKey Key, Digest Digest, RejectionKind Kind, string By, string Source)
{
    /// <summary>The planner's stream key (<c>FilePath#Name</c>).</summary>
    public string StreamKey => $"{Key.FilePath}#{Key.Stream}";
}
