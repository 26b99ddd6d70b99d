using GitStreamSync.Core.Read;
using GitStreamSync.Core.Images;

namespace GitStreamSync.Core.Configuration;

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

    /// <summary>
    /// <c>maxImagesBulkImportedPerRepository</c>: tags imported per <c>spec.dockerImageRepository</c>
    /// (OpenShift's default 50; -1 every tag, 0 none); a stream's <c>gitstreamsync.io/import-limit</c> wins.
    /// </summary>
    public int MaxImagesBulkImportedPerRepository { get; init; } = 50;

    /// <summary>Propose digests that Git history rejected (<c>--include-rejected</c>).</summary>
    public bool IncludeRejected { get; init; }

    /// <summary>
    /// For pinned tags with a status, the <c>from</c> and import mode they had when that status was
    /// written, keyed by stream file, name and tag; read from Git history. A pinned tag missing here
    /// (no history) is compared with what its status records.
    /// </summary>
    public IReadOnlyDictionary<string, PinnedSource> PinnedSources { get; init; } = new Dictionary<string, PinnedSource>();
}
