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

    /// <summary>New digests younger than their minimum age: not proposed in this run.</summary>
    public IReadOnlyCollection<WaitingDigest> Waiting { get; init; } = [];

    /// <summary>New digests whose signature did not verify: a condition instead of the digest.</summary>
    public IReadOnlyCollection<UnverifiedDigest> Unverified { get; init; } = [];
}

/// <summary>
/// A digest whose cosign signature did not verify for one tag (<c>verify:</c>): <see cref="Check"/> says
/// whether none was found, none was valid, or the registry could not be asked.
/// </summary>
public sealed record UnverifiedDigest(string StreamKey, string Tag, Digest Digest, SignatureCheck Check);
