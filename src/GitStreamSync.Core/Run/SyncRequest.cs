
using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Publish;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Schedule;
using GitStreamSync.Core.Select;
namespace GitStreamSync.Core.Run;

/// <summary>Everything one <c>sync</c> run is asked to do. <see cref="Now"/> is the run's single instant.</summary>
public sealed record SyncRequest
{
    /// <summary>URL, bare repository path or working copy.</summary>
    public required string Location { get; init; }

    public required DateTimeOffset Now { get; init; }

    /// <summary>Recorded in the <c>GitStreamSync-Run</c> trailer; one word.</summary>
    public required string RunId { get; init; }

    /// <summary>Null: the remote's default branch or the working copy's current branch.</summary>
    public string? BaseBranch { get; init; }

    /// <summary>
    /// <c>--branch</c>: the one branch to write, whatever <c>pullRequests.groupBy</c> says; null: the
    /// <c>branch</c> setting or <c>gitstreamsync/&lt;base&gt;</c>, with one branch per ImageStream under it when grouping by stream.
    /// </summary>
    public string? Branch { get; init; }

    /// <summary>Everything but commit and push; the report carries the diff.</summary>
    public bool DryRun { get; init; }

    /// <summary>Commit straight to the base with a fast-forward-only push (teams without pull requests).</summary>
    public bool PushToBase { get; init; }

    /// <summary><c>--platform</c>: wins over the repository's <c>platform</c> setting.</summary>
    public Platform? Platform { get; init; }

    /// <summary><c>--config FILE</c>: read instead of the repository's own <c>.gitstreamsync.yaml</c>.</summary>
    public SourceFile? ConfigFile { get; init; }

    /// <summary>
    /// The repository's entry in <c>repositories:</c>: its <c>branch</c> and <c>paths</c> win over the
    /// repository's own settings (its <c>baseBranch</c> comes as <see cref="BaseBranch"/>); null: none.
    /// </summary>
    public Configuration.RepositoryEntry? Entry { get; init; }

    /// <summary>Looks up the settings' IANA time zone; the caller owns the zone database.</summary>
    public Func<string, TimeZoneInfo?> FindTimeZone { get; init; } = _ => null;

    /// <summary>Stream keys due in this run (per-stream schedules); null: every stream.</summary>
    public IReadOnlySet<string>? DueStreams { get; init; }

    /// <summary>
    /// Per-stream schedules (<c>--schedule</c>/<c>--since</c>, the worker): when set, the due streams are
    /// chosen from the streams read, by their own cron, and <see cref="DueStreams"/> is not used.
    /// </summary>
    public DueRule? Due { get; init; }

    /// <summary>The time zone and default cron of per-stream schedules.</summary>
    public ScheduleDefaults Schedules { get; init; } = ScheduleDefaults.Utc;

    public GitIdentity Author { get; init; } = GitIdentity.Default;

    public GitIdentity Committer { get; init; } = GitIdentity.Default;

    /// <summary>How often a run re-fetches and re-plans after finding its branch moved.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary><c>--include-rejected</c>: propose digests that Git history or a closed pull request rejected.</summary>
    public bool IncludeRejected { get; init; }

    /// <summary><c>--pull-request-author</c>: the login that opens the tool's pull requests; wins over <c>pullRequests.author</c>.</summary>
    public string? PullRequestAuthor { get; init; }

    /// <summary>How many base-branch commits rollback detection reads; null: the repository setting, else 500.</summary>
    public int? HistoryDepth { get; init; }

    /// <summary><c>plan --shard K/N</c>: only the streams of this part are due (and of those, the ones the schedule makes due).</summary>
    public Shard? Shard { get; init; }

    /// <summary>
    /// <c>sync --resolutions FILE...</c>: the shards' answers, checked for age and overlap. The streams
    /// they cover are the due streams, and the requests they answered go to no registry.
    /// </summary>
    public KnownResolutions? Known { get; init; }

    public string ToolBranchFor(string baseBranch, string? configured) => Branch ?? configured ?? Configuration.PullRequestSettings.Default.BranchFor(baseBranch, null);
}
