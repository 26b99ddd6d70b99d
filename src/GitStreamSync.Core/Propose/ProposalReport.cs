namespace GitStreamSync.Core.Propose;

/// <summary>What the propose stage did with one pull request.</summary>
public enum PullRequestAction
{
    Created,
    Updated,
    Unchanged,

    /// <summary>Closed by the tool: the run knows every change of its group and none is left.</summary>
    Closed,

    /// <summary>Left exactly as it is (branch and body): the run does not know all of its group's changes.</summary>
    Kept,

    /// <summary>Not opened: the tool already has <c>pullRequests.maxOpen</c> pull requests open.</summary>
    LimitReached,
}

/// <summary>One pull request's outcome; <see cref="Number"/> and <see cref="Url"/> are null when none was opened.</summary>
public sealed record PullRequestResult(PullRequestAction Action, string HeadBranch, int? Number, Uri? Url)
{
    /// <summary>Why, in a reviewer's words: the closing reason, or what the run did not know when it kept the pull request.</summary>
    public string? Why { get; init; }
}

/// <summary>
/// The propose stage's outcome. Exactly one of: <see cref="Skipped"/> (the run asked for no pull
/// request), <see cref="NotOpened"/> (one was wanted, the run pushed, but it cannot talk to a
/// hosting service), <see cref="Failure"/> (the hosting service refused), or the pull requests.
/// A run that pushed nothing and talks to no hosting service reports nothing at all.
/// </summary>
public sealed record ProposalReport
{
    public static ProposalReport None { get; } = new();

    /// <summary>Why the run opens no pull request whatever it pushed: <c>--no-pull-request</c>, <c>--push-to-base</c>, <c>dry run</c>.</summary>
    public string? Skipped { get; init; }

    /// <summary>Why a pull request was wanted for the pushed branches and none could be opened.</summary>
    public string? NotOpened { get; init; }

    /// <summary>The hosting service's repository (<c>owner/name</c>), when the run talks to one.</summary>
    public string? Repository { get; init; }

    public IReadOnlyList<PullRequestResult> PullRequests { get; init; } = [];

    /// <summary>A run-level failure of the hosting service (credentials, permissions, rate limit): the run exits 3 after its report.</summary>
    public string? Failure { get; init; }

    /// <summary>Whether the run talked to the hosting service about its pull requests.</summary>
    public bool Proposed => Skipped is null && NotOpened is null && Failure is null && Repository is not null;
}
