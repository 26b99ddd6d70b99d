
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
namespace GitStreamSync.Core.Propose;

/// <summary>
/// What one pull request proposes, in the words a reviewer needs: the sync run fills it from its
/// plan and report; <see cref="PullRequestBodyRenderer"/> and <see cref="PullRequestTitleTemplate"/>
/// turn it into text. Plain data, so the renderer does not depend on the planner's internals.
/// </summary>
internal sealed record PullRequestContent
{
    public required string BaseBranch { get; init; }
    public IReadOnlyList<PullRequestTagChange> Changes { get; init; } = [];
    public IReadOnlyList<PullRequestProblem> Problems { get; init; } = [];
    public IReadOnlyList<PullRequestDeferredTag> Deferred { get; init; } = [];

    /// <summary>Tags kept on their current digest because the newer one was rejected.</summary>
    public IReadOnlyList<PullRequestHeldTag> Held { get; init; } = [];

    /// <summary>Tags whose newer digest is younger than its minimum age.</summary>
    public IReadOnlyList<PullRequestWaitingTag> Waiting { get; init; } = [];

    /// <summary>Tags whose newer digest's signature did not verify; <see cref="PullRequestWaitingTag.Why"/> holds the reason.</summary>
    public IReadOnlyList<PullRequestWaitingTag> Unverified { get; init; } = [];

    /// <summary>The run that produced it (the commit's <c>GitStreamSync-Run</c> trailer), or null.</summary>
    public string? RunId { get; init; }

    /// <summary>The grouping key (<c>pullRequests.groupBy: stream</c> gives the stream name), or null for one PR per base.</summary>
    public string? Group { get; init; }

    public int StreamCount => Changes.Select(c => (c.Key.FilePath, c.Key.Stream)).Distinct().Count();
}

/// <summary>
/// One tag's new digest. <see cref="Source"/> is <c>from.name</c> as written; <see cref="Platform"/>
/// is the platform chosen from a multi-arch index (null for a plain manifest); <see cref="FirstSeen"/>
/// is when the new digest was first recorded for the tag.
/// </summary>
internal sealed record PullRequestTagChange(
    TagKey Key,
    string Source,
    Digest? OldDigest,
    Digest NewDigest,
    Platform? Platform,
    DateTimeOffset FirstSeen)
{
    /// <summary>The new digest is a multi-platform index kept whole (<c>importMode: PreserveOriginal</c>).</summary>
    public bool AllPlatforms { get; init; }

    /// <summary>What the old and new images say about themselves; null when the run read nothing about them.</summary>
    public TagProvenance? Provenance { get; init; }

    /// <summary>The tag comes from the listing of the stream's <c>spec.dockerImageRepository</c>, not from <c>spec.tags</c>.</summary>
    public bool Imported { get; init; }
}

/// <summary>A problem worth a reviewer's attention; file, stream and tag are null when unknown.</summary>
internal sealed record PullRequestProblem(string? FilePath, string? Stream, string? Tag, string Message);

/// <summary>A tag that was due but not resolved in this run (budget, deadline, transient failure).</summary>
internal sealed record PullRequestDeferredTag(TagKey Key, string Reason);

/// <summary>A tag held on its digest: <see cref="RejectedDigest"/> was rejected by <see cref="RejectedBy"/> (a commit or PR).</summary>
internal sealed record PullRequestHeldTag(TagKey Key, Digest RejectedDigest, string RejectedBy);

/// <summary>A tag whose <see cref="Digest"/> waits for its minimum age; <see cref="Why"/> says until when and counted from what.</summary>
internal sealed record PullRequestWaitingTag(TagKey Key, Digest Digest, string Why);
