using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Select;
namespace GitStreamSync.Core.Plan;

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
