
using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
namespace GitStreamSync.Core.Plan;

/// <summary>Repository settings the planner and the due selection obey (.gitstreamsync.yaml, CLI flags).</summary>
public sealed record PlanSettings
{
    public static PlanSettings Default { get; } = new();

    /// <summary>
    /// Items kept per status tag when the run writes that tag; 0 or less keeps everything (OpenShift
    /// itself never trims, semantics 2.3). Tags the run does not touch are never trimmed, so lowering
    /// the limit does not by itself produce a pull request.
    /// </summary>
    public int HistoryLimit { get; init; } = 10;

    /// <summary>The platform chosen from a multi-platform index under Legacy after the tag's annotations.</summary>
    public Platform Platform { get; init; } = Platform.LinuxAmd64;

    /// <summary>
    /// OpenShift's own rule: only <c>importPolicy.scheduled: true</c> tags are re-resolved; every other
    /// DockerImage tag is resolved once like a pinned tag (architecture.md section 2).
    /// </summary>
    public bool StrictOpenShiftScheduling { get; init; }

    /// <summary>Propose digests that Git history rejected (<c>--include-rejected</c>, issue 7).</summary>
    public bool IncludeRejected { get; init; }

    /// <summary>
    /// For pinned tags with a status, the <c>from</c> and import mode they had when that status was
    /// written, keyed by <see cref="Select.PinnedSources.Key"/>; read from Git history. A pinned tag
    /// missing here (no history) is compared with what its status records.
    /// </summary>
    public IReadOnlyDictionary<string, PinnedSource> PinnedSources { get; init; } = new Dictionary<string, PinnedSource>();
}

/// <summary>
/// A digest rejected for one tag (a reverted tool commit, a manual edit back, a closed pull request).
/// <see cref="StreamKey"/> is <see cref="ImageStreamDocument.DisplayName"/> (<c>FilePath#Name</c>);
/// <see cref="Source"/> says what rejected it, e.g. "reverted by commit 1a2b3c4".
/// </summary>
public sealed record HeldDigest(string StreamKey, string Tag, Digest Digest, string Source);

/// <summary>Everything a plan depends on; equal inputs give equal plans.</summary>
public sealed record PlanInput
{
    public required IReadOnlyList<ImageStreamDocument> Streams { get; init; }

    /// <summary>Outcomes for the requests <see cref="DueTagSelector"/> returned; a missing one defers its tags.</summary>
    public IReadOnlyDictionary<ResolveRequest, ResolutionOutcome> Resolutions { get; init; } =
        new Dictionary<ResolveRequest, ResolutionOutcome>();

    public PlanSettings Settings { get; init; } = PlanSettings.Default;

    /// <summary>The run's single instant; written truncated to seconds, UTC.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Stream keys (<c>FilePath#Name</c>) due in this run; null means every stream is due.</summary>
    public IReadOnlySet<string>? DueStreams { get; init; }

    public IReadOnlyCollection<HeldDigest> Held { get; init; } = [];
}
