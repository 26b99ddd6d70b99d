
using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
namespace GitStreamSync.Core.Ports;

/// <summary>
/// Opens, updates and closes the tool's pull requests on a hosting service (Adapters/GitHub).
/// One head branch has at most one open pull request: publishing again updates it in place.
/// Run-level failures (credentials, permissions, missing repository, rate limits that outlast
/// the bounded retries) throw <see cref="PullRequestPublishException"/>; everything else is a value.
/// </summary>
internal interface IPullRequestPublisher
{
    /// <summary>
    /// Finds the open pull request for <see cref="PullRequestDraft.HeadBranch"/>; creates it when
    /// there is none (unless the open-PR limit is reached), else updates title, body and labels.
    /// </summary>
    Task<PublishedPullRequest> PublishAsync(PullRequestDraft draft, CancellationToken cancellationToken);

    /// <summary>
    /// Closes the tool's open pull request for <paramref name="headBranch"/> with <paramref name="comment"/>
    /// as the reason, marking its marker <c>closed-by-tool</c> so the close rejects no digest;
    /// returns null when no such pull request of the tool (by <paramref name="ownership"/>) is open.
    /// </summary>
    Task<ToolPullRequest?> CloseAsync(string headBranch, string comment, PullRequestOwnership ownership, CancellationToken cancellationToken);

    /// <summary>
    /// The tool's pull requests (a hidden marker, and <paramref name="ownership"/>'s branch, repository
    /// and author): every open one and the most recent closed ones, with the marker read back.
    /// Rollback detection reads the closed-unmerged ones. A marker on anyone else's pull request counts
    /// for nothing and is reported once per run as a warning.
    /// </summary>
    Task<IReadOnlyList<ToolPullRequest>> ListToolPullRequestsAsync(PullRequestOwnership ownership, CancellationToken cancellationToken);

    /// <summary>
    /// The tool's pull requests (by <paramref name="ownership"/>): every open one and the closed ones
    /// <paramref name="closed"/> asks for. Rollback detection asks only for those closed since the
    /// newest close its record holds.
    /// </summary>
    Task<IReadOnlyList<ToolPullRequest>> ListToolPullRequestsAsync(PullRequestOwnership ownership, ClosedPullRequestWindow closed, CancellationToken cancellationToken);
}

/// <summary>
/// Which closed pull requests a listing reads: those updated at or after <see cref="ClosedSince"/>
/// (a pull request's last update is never before its close), newest first, at most
/// <see cref="MaxPages"/> pages of 100, so a first run on a repository with thousands of closed pull
/// requests stays bounded.
/// </summary>
internal sealed record ClosedPullRequestWindow(DateTimeOffset? ClosedSince, int MaxPages)
{
    /// <summary>The most recently updated closed pull requests, enough for the pull-request step.</summary>
    public static ClosedPullRequestWindow Recent { get; } = new(null, 3);

    /// <summary>What rollback detection reads beyond its record: everything closed since its newest entry, up to 2,000 pull requests.</summary>
    public static ClosedPullRequestWindow Since(DateTimeOffset? closedSince) => new(closedSince, 20);
}

/// <summary>What to publish for one head branch.</summary>
internal sealed record PullRequestDraft
{
    public required string HeadBranch { get; init; }
    public required string BaseBranch { get; init; }
    public required string Title { get; init; }
    public required string Body { get; init; }
    public IReadOnlyList<string> Labels { get; init; } = [];
    public IReadOnlyList<string> Reviewers { get; init; } = [];

    /// <summary>Teams asked for review as the settings write them (<c>org/team</c> or <c>team</c>); the publisher sends slugs.</summary>
    public IReadOnlyList<string> TeamReviewers { get; init; } = [];
    public IReadOnlyList<string> Assignees { get; init; } = [];
    public bool Draft { get; init; }

    /// <summary>No new pull request is opened while this many of the tool's are open (null: no limit).</summary>
    public int? MaxOpenPullRequests { get; init; }

    /// <summary>Which pull requests are the tool's: only those are updated and count towards <see cref="MaxOpenPullRequests"/>.</summary>
    public PullRequestOwnership Ownership { get; init; } = PullRequestOwnership.Default;
}

internal enum PullRequestOutcome
{
    Created,
    Updated,
    Unchanged,

    /// <summary>Nothing opened: the tool already has the configured number of open pull requests.</summary>
    LimitReached,
}

/// <summary>The result of <see cref="IPullRequestPublisher.PublishAsync"/>; number and URL are null for <see cref="PullRequestOutcome.LimitReached"/>.</summary>
internal sealed record PublishedPullRequest(PullRequestOutcome Outcome, int? Number, Uri? Url, string HeadBranch);

internal enum ToolPullRequestState
{
    Open,
    Merged,

    /// <summary>Closed without merging by a person: the digests it proposed were rejected.</summary>
    ClosedUnmerged,

    /// <summary>Closed by the tool because nothing was left to propose: rejects nothing.</summary>
    ClosedByTool,
}

/// <summary>One of the tool's pull requests as the hosting service reports it.</summary>
internal sealed record ToolPullRequest(
    int Number,
    Uri Url,
    string HeadBranch,
    string BaseBranch,
    ToolPullRequestState State,
    DateTimeOffset? ClosedAt,
    PullRequestMarker Marker);

/// <summary>A run-level pull-request failure; the message says what to fix. The CLI maps it to exit 3.</summary>
internal sealed class PullRequestPublishException(PullRequestFailureKind kind, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public PullRequestFailureKind Kind { get; } = kind;
}

internal enum PullRequestFailureKind
{
    MissingCredentials,
    BadCredentials,
    Forbidden,
    RepositoryNotFound,
    Validation,
    RateLimited,
    Unreachable,
}
