using GitStreamSync.Core.Plan;

namespace GitStreamSync.Core.Publish;

/// <summary>What publishing did with one branch of a run.</summary>
public enum SyncOutcome
{
    /// <summary>The plan changes no file: no commit, no push.</summary>
    NothingToChange,

    /// <summary><c>--dry-run</c>: the changes were planned and written into the run report's diff only.</summary>
    DryRun,

    /// <summary>The tool's branch already proposes exactly these changes on the current base: no push.</summary>
    AlreadyProposed,

    /// <summary>A commit was pushed.</summary>
    Pushed,

    /// <summary>A commit was made on a local branch of a working copy without a remote.</summary>
    CommittedLocally,

    /// <summary>
    /// The tool's branch was left exactly as it is: its open pull request proposes tags this run did
    /// not resolve (deferred, or their stream not due), and a push would drop them from it.
    /// </summary>
    Kept,
}

/// <summary>One branch of a run: the tool's branch (or the base), or with <c>pullRequests.groupBy: stream</c> one ImageStream's.</summary>
public sealed record SyncBranchResult
{
    public required string Branch { get; init; }

    /// <summary>The ImageStream name this branch proposes for; null for the run's one branch.</summary>
    public string? Stream { get; init; }

    /// <summary><see cref="SyncOutcome.Pushed"/>, <see cref="SyncOutcome.AlreadyProposed"/>, <see cref="SyncOutcome.CommittedLocally"/>, <see cref="SyncOutcome.Kept"/> or <see cref="SyncOutcome.DryRun"/>.</summary>
    public required SyncOutcome Outcome { get; init; }

    public string? CommitId { get; init; }

    public string? CommitMessage { get; init; }

    public IReadOnlyList<TagChange> Changes { get; init; } = [];

    public IReadOnlyList<string> ChangedFiles { get; init; } = [];
}
