using GitStreamSync.Core.Images;
using GitStreamSync.Core.Read;
namespace GitStreamSync.Core.Ports;

/// <summary>
/// Turns image references into digests (Adapters/Registry). Per-reference failures are values;
/// only cancellation and run-level faults throw.
/// </summary>
public interface IDigestResolver
{
    /// <summary>Resolves each distinct request once; the result holds an outcome for every request given.</summary>
    Task<IReadOnlyDictionary<ResolveRequest, ResolutionOutcome>> ResolveAllAsync(
        IReadOnlyCollection<ResolveRequest> requests,
        CancellationToken cancellationToken);
}

/// <summary>
/// What to resolve: the reference as written in <c>from.name</c>, how to treat a multi-platform
/// index, and whether plain HTTP / unverified TLS is allowed for that host.
/// </summary>
public sealed record ResolveRequest(ImageReference Reference, ImportMode ImportMode, PlatformPreference Platform, bool Insecure = false);

/// <summary>
/// Platform choice for Legacy import of an index: the tag's prefer-os / prefer-arch annotations
/// first, then <see cref="Configured"/>, then linux/amd64, then the first entry.
/// </summary>
public sealed record PlatformPreference(string? PreferOs, string? PreferArch, Platform Configured)
{
    public static PlatformPreference Default { get; } = new(null, null, Platform.LinuxAmd64);
}

/// <summary>The result of resolving one <see cref="ResolveRequest"/>.</summary>
public abstract record ResolutionOutcome;

/// <summary>
/// The digest to record (the chosen child for a Legacy index, the index itself for PreserveOriginal).
/// <see cref="IndexDigest"/> and <see cref="Platform"/> are set when an index was involved.
/// </summary>
public sealed record Resolved(
    Digest Digest,
    string MediaType,
    Digest? IndexDigest = null,
    Platform? Platform = null,
    string? AnsweredBy = null) : ResolutionOutcome;

/// <summary>A failure for one reference, with a message that names it and never holds a secret.</summary>
public sealed record ResolutionFailed(ResolutionFailureKind Kind, string Message) : ResolutionOutcome
{
    /// <summary>
    /// Permanent failures write an ImportSuccess=False condition; transient ones change no file
    /// and are retried on the next run (architecture.md section 2).
    /// </summary>
    public bool IsPermanent => Kind is ResolutionFailureKind.NotFound
        or ResolutionFailureKind.Unauthorized
        or ResolutionFailureKind.InvalidReference
        or ResolutionFailureKind.UnsupportedManifest;
}

public enum ResolutionFailureKind
{
    NotFound,
    Unauthorized,
    InvalidReference,
    UnsupportedManifest,
    RateLimited,
    Unreachable,
    Timeout,
    ServerError,
    /// <summary>
    /// The registry, token service or a proxy answered something that is not what the protocol
    /// says (wrong JSON shape, bytes that are not the manifest they claim, a digest that does not
    /// match): the host's fault, so no file changes and the next run asks again.
    /// </summary>
    InvalidResponse,
    /// <summary>Not attempted: the run's registry budget or deadline ran out first.</summary>
    Deferred,
}
