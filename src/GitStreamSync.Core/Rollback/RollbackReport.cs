using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Record;
namespace GitStreamSync.Core.Rollback;

public enum RollbackOutcome
{
    /// <summary>The request cannot be met (no such stream or tag, digest not in history, ...): nothing written.</summary>
    Refused,

    /// <summary><c>--dry-run</c>: planned, and the diff is in the report only.</summary>
    DryRun,

    /// <summary>The rollback branch already proposes exactly this rollback on the current base: no push.</summary>
    AlreadyProposed,

    Pushed,

    /// <summary>A working copy without a remote: the local branch was moved.</summary>
    CommittedLocally,
}

/// <summary>What a <c>rollback</c> run did; the CLI prints it as text or JSON.</summary>
public sealed record RollbackReport
{
    public required RollbackOutcome Outcome { get; init; }
    public required string Location { get; init; }
    public required string BaseBranch { get; init; }
    public required string BaseCommit { get; init; }

    /// <summary>Why nothing was written, naming the file and the tag; set for <see cref="RollbackOutcome.Refused"/>.</summary>
    public string? Refusal { get; init; }

    /// <summary>The branch written to: the rollback branch, or the base with <c>--push-to-base</c>.</summary>
    public string Branch { get; init; } = "";

    public TagKey? Key { get; init; }

    /// <summary>The index of the history item rolled back to, as read (<c>items[N]</c>).</summary>
    public int Index { get; init; }

    /// <summary>The current item rolled away from, and the older item made current again.</summary>
    public TagEvent? From { get; init; }

    public TagEvent? To { get; init; }

    /// <summary>The new <c>items[0]</c> written: <see cref="To"/>'s reference and image as a new event (created now, the next generation).</summary>
    public TagEvent? Written { get; init; }

    /// <summary>Tags that follow the rolled-back tag through ImageStreamTag sources and move with it in the same commit.</summary>
    public IReadOnlyList<TagChange> Followers { get; init; } = [];

    /// <summary><c>from.name</c> of the tag as written, for the pull request; null when the tag has no spec entry.</summary>
    public string? Source { get; init; }

    public string? CommitId { get; init; }

    /// <summary>The run id in the commit's trailers: this run's, or an earlier run's when its commit already proposes the rollback.</summary>
    public string? RunId { get; init; }
    public string? CommitMessage { get; init; }
    public string? Diff { get; init; }
    public IReadOnlyList<string> ChangedFiles { get; init; } = [];

    /// <summary>1 unless the branch moved and the run re-planned.</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>What the rollback's propose step did: the pull request's number, URL and action, or why there is none.</summary>
    public Propose.ProposalReport PullRequests { get; init; } = Propose.ProposalReport.None;

    public Digest? FromDigest => Digest.TryParse(From?.Image, out var digest) ? digest : null;

    public Digest? ToDigest => Digest.TryParse(To?.Image, out var digest) ? digest : null;
}
