using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
namespace GitStreamSync.Core.Rollback;

/// <summary>Everything one <c>rollback</c> run is asked to do. <see cref="Now"/> is the run's single instant.</summary>
public sealed record RollbackRequest
{
    /// <summary>URL, bare repository path or working copy.</summary>
    public required string Location { get; init; }

    public required RollbackTarget Target { get; init; }

    public required DateTimeOffset Now { get; init; }

    /// <summary>Recorded in the <c>GitStreamSync-Run</c> trailer; one word.</summary>
    public required string RunId { get; init; }

    /// <summary>Null: the settings' base branch, else the remote's default branch or the working copy's current branch.</summary>
    public string? BaseBranch { get; init; }

    /// <summary>Everything but commit and push; the report carries the diff.</summary>
    public bool DryRun { get; init; }

    /// <summary>Commit straight to the base with a fast-forward-only push instead of a rollback branch.</summary>
    public bool PushToBase { get; init; }

    /// <summary><c>--config FILE</c>: read instead of the repository's own <c>.gitstreamsync.yaml</c>.</summary>
    public SourceFile? ConfigFile { get; init; }

    /// <summary>Looks up the settings' IANA time zone; the caller owns the zone database.</summary>
    public Func<string, TimeZoneInfo?> FindTimeZone { get; init; } = _ => null;

    public GitIdentity Author { get; init; } = GitIdentity.Default;

    /// <summary><c>--pull-request-author</c>: the login that opens the tool's pull requests; wins over <c>pullRequests.author</c>.</summary>
    public string? PullRequestAuthor { get; init; }

    public GitIdentity Committer { get; init; } = GitIdentity.Default;

    /// <summary>How often a run re-fetches and re-plans after finding its branch moved (as <c>sync</c>).</summary>
    public int MaxAttempts { get; init; } = 3;
}
