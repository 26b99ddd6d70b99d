
using GitStreamSync.Core.Images;
namespace GitStreamSync.Core.Configuration;

/// <summary>
/// The repository settings in <c>.gitstreamsync.yaml</c>. Every field has a default, so a missing
/// file and an empty file mean the same thing. Command-line options override these.
/// </summary>
internal sealed record RepositoryConfig
{
    public const string FileName = ".gitstreamsync.yaml";
    public const int DefaultHistoryLimit = 10;

    public static RepositoryConfig Default { get; } = new();

    /// <summary>Folders or globs (<c>*</c>, <c>**</c>, <c>?</c>) relative to the root; empty means the whole repository.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Cron expression for streams without their own schedule annotation, or null.</summary>
    public string? Schedule { get; init; }

    /// <summary>IANA time zone of <see cref="Schedule"/>; null means UTC.</summary>
    public string? TimeZone { get; init; }

    public Platform? Platform { get; init; }
    public int HistoryLimit { get; init; } = DefaultHistoryLimit;

    /// <summary><c>maxImagesBulkImportedPerRepository</c>: tags imported per <c>spec.dockerImageRepository</c> (-1 every tag, 0 none).</summary>
    public int MaxImagesBulkImportedPerRepository { get; init; } = 50;

    /// <summary>The tool's branch; null means <c>gitstreamsync/&lt;base&gt;</c>.</summary>
    public string? Branch { get; init; }

    /// <summary>The branch pull requests target; null means the repository's default branch.</summary>
    public string? BaseBranch { get; init; }

    public PullRequestSettings PullRequests { get; init; } = PullRequestSettings.Default;

    /// <summary><c>registries:</c>, per registry host (as written in references): mirrors and insecure access.</summary>
    public RegistrySettings Registries { get; init; } = RegistrySettings.Empty;

    /// <summary><c>rollback.historyDepth</c>: base-branch commits read for rollback detection.</summary>
    public int HistoryDepth { get; init; } = Ports.CommitHistory.DefaultDepth;

    /// <summary><c>rollback.includeRejected</c>: tags (<c>STREAM:TAG</c> or <c>FILE#STREAM:TAG</c>) whose rejected digests are proposed anyway.</summary>
    public IReadOnlyList<string> IncludeRejected { get; init; } = [];

    /// <summary>Re-import only tags with <c>importPolicy.scheduled: true</c>, as OpenShift does (architecture.md section 2).</summary>
    public bool StrictOpenShiftScheduling { get; init; }

    /// <summary><c>minimumAge</c>: a new digest is proposed only once its image is this old (a stream's <c>gitstreamsync.io/minimum-age</c> wins); null: at once.</summary>
    public TimeSpan? MinimumAge { get; init; }

    /// <summary><c>verify:</c>: which images must carry a cosign signature by which keys before they are proposed.</summary>
    public VerifySettings Verify { get; init; } = VerifySettings.None;
}

internal enum PullRequestGrouping
{
    /// <summary>One pull request for the base branch.</summary>
    Base,

    /// <summary>One branch and pull request per ImageStream.</summary>
    Stream,
}
