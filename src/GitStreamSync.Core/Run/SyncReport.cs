
using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Publish;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
namespace GitStreamSync.Core.Run;

/// <summary>What a run did and found; the CLI prints it as a table, JSON and the Actions job summary.</summary>
public sealed record SyncReport
{
    public required SyncOutcome Outcome { get; init; }
    public required string Location { get; init; }
    public required string BaseBranch { get; init; }
    public required string BaseCommit { get; init; }

    /// <summary>
    /// The branch written to (the tool's branch, or the base with <c>--push-to-base</c>). With
    /// <c>pullRequests.groupBy: stream</c> the root of the per-stream branches <c>BRANCH/STREAM</c>.
    /// </summary>
    public required string Branch { get; init; }

    /// <summary>The commit pushed or already on the branch when the run wrote one branch; null when nothing was committed or there are several.</summary>
    public string? CommitId { get; init; }

    public string? CommitMessage { get; init; }

    /// <summary>True when the run proposes one branch per ImageStream (<c>pullRequests.groupBy: stream</c>).</summary>
    public bool ByStream { get; init; }

    /// <summary>Every branch the run wrote, found already proposing, or (dry run) would write; in name order.</summary>
    public IReadOnlyList<SyncBranchResult> Branches { get; init; } = [];

    /// <summary>The tool's branches deleted because they stood where a new branch had to go (<c>pullRequests.groupBy</c> changed).</summary>
    public IReadOnlyList<string> DeletedBranches { get; init; } = [];

    public IReadOnlyList<TagChange> Changes { get; init; } = [];
    public IReadOnlyList<TagFailure> Failures { get; init; } = [];
    public IReadOnlyList<DeferredTag> Deferred { get; init; } = [];
    public IReadOnlyList<HeldTag> Held { get; init; } = [];

    /// <summary>Tags whose new digest is younger than its minimum age: not proposed in this run.</summary>
    public IReadOnlyList<WaitingTag> Waiting { get; init; } = [];

    /// <summary>Tags whose new digest's signature did not verify (also in <see cref="Failures"/>, as a condition).</summary>
    public IReadOnlyList<UnverifiedDigest> Unverified { get; init; } = [];
    public IReadOnlyList<Problem> Problems { get; init; } = [];

    /// <summary>The files the commit changes (or would change, for a dry run).</summary>
    public IReadOnlyList<string> ChangedFiles { get; init; } = [];

    /// <summary>A unified diff of every changed file; set for dry runs.</summary>
    public string? Diff { get; init; }

    /// <summary>Where each spec tag of the streams read is written (stream key and tag name): failed and deferred tags are annotated there.</summary>
    public IReadOnlyDictionary<(string StreamKey, string Tag), SourceLocation> TagLocations { get; init; } = new Dictionary<(string StreamKey, string Tag), SourceLocation>();

    /// <summary>What the propose stage did: each pull request's number, URL and action, or why there is none.</summary>
    public ProposalReport PullRequests { get; init; } = ProposalReport.None;

    /// <summary>1 unless the branch moved and the run re-planned.</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>The streams (<c>FilePath#Name</c>) that were due in this run.</summary>
    public IReadOnlyList<string> DueStreams { get; init; } = [];

    /// <summary>How many tags of the due streams were selected for this run.</summary>
    public int TagsDue { get; init; }

    /// <summary>The repository as <see cref="RepositoryIdentity"/> names it: what a shard's resolutions file records.</summary>
    public string Repository { get; init; } = "";

    /// <summary>The answer to every request of the due tags, from a registry or a resolutions file.</summary>
    public IReadOnlyDictionary<Ports.ResolveRequest, Ports.ResolutionOutcome> Resolutions { get; init; } = new Dictionary<Ports.ResolveRequest, Ports.ResolutionOutcome>();

    /// <summary>
    /// The repository listings (<c>spec.dockerImageRepository</c>) of the due streams, as the run used
    /// them: a shard's resolutions file carries them, so the sync that applies it imports the same tags
    /// without listing again.
    /// </summary>
    public IReadOnlyDictionary<Ports.TagListRequest, Ports.TagListing> Listings { get; init; } = new Dictionary<Ports.TagListRequest, Ports.TagListing>();

    /// <summary>How many of <see cref="Resolutions"/> were asked of a registry in this run (the rest came from resolutions files).</summary>
    public int AskedOfRegistries { get; init; }

    /// <summary>How many resolutions files (<c>sync --resolutions</c>) the run applied.</summary>
    public int ResolutionFiles { get; init; }

    /// <summary>The images (registry host and repository, <see cref="Schedule.DueRule.ImageKey"/>) that the tags read follow, due or not.</summary>
    public IReadOnlySet<string> FollowedImages { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Tags that failed (permanently or for now) and files that could not be read or edited: exit code 1.</summary>
    public bool HasFailures => Failures.Count > 0 || Deferred.Count > 0 || Problems.Any(problem => !problem.IsWarning);
}
