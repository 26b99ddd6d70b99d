using GitStreamSync.Adapters.Resilience;
using GitStreamSync.Core.Configuration;

namespace GitStreamSync.Adapters.Registry;

/// <summary>Limits and settings of one <see cref="OciRegistryClient"/>.</summary>
internal sealed record RegistryClientOptions
{
    /// <summary>A manifest larger than this is refused: the OCI distribution spec lets registries cap manifests at 4 MiB.</summary>
    public const long DefaultMaxManifestBytes = 4 * 1024 * 1024;

    /// <summary>Concurrent requests per registry host (Renovate uses the same default).</summary>
    public int MaxConcurrencyPerHost { get; init; } = 16;

    /// <summary>References resolved at once across all hosts; per-host gates do the real limiting.</summary>
    public int MaxParallelReferences { get; init; } = 256;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where a credential helper's password or identity token is registered as a secret when a helper prints it; null: nowhere.</summary>
    public GitStreamSync.Adapters.Secrets.SecretSanitizer? Secrets { get; init; }

    /// <summary>After this, references not yet resolved are reported as deferred. Null: no deadline.</summary>
    public TimeSpan? RunDeadline { get; init; } = TimeSpan.FromMinutes(15);

    public long MaxManifestBytes { get; init; } = DefaultMaxManifestBytes;

    /// <summary>Attempts per request for transient failures (connection errors, timeouts, 5xx, 429); a <c>Retry-After</c> longer than its cap is not waited for: the request fails as rate limited.</summary>
    public RetryLimits Retry { get; init; } = RetryLimits.Registry;

    /// <summary>When a host reports fewer remaining pulls than this, the rest of its references are deferred.</summary>
    public int RateLimitFloor { get; init; } = 10;

    /// <summary>Where index -> child choices are kept between runs (content-addressed). Null: memory only.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Told (distinct references done, total) after each reference of a run resolves; for a progress line.</summary>
    public IProgress<(int Done, int Total)>? Progress { get; init; }

    public RegistrySettings Registries { get; init; } = RegistrySettings.Empty;

    /// <summary>Hosts (host:port) besides Docker Hub whose manifest GETs count against a pull budget: asked with a HEAD first.</summary>
    public IReadOnlyList<string> PullBudgetHosts { get; init; } = [];

    public string UserAgent { get; init; } = "gitstreamsync/0.1";

    /// <summary>
    /// <c>n</c> of a repository's first <c>tags/list</c> request; null sends none and lets the registry
    /// choose, as OpenShift's importer does (later pages follow its <c>Link</c> as sent).
    /// </summary>
    public int? TagsPageSize { get; init; }

    /// <summary>Pages of one repository's tag list read at most; a longer chain of <c>Link</c>s fails the listing.</summary>
    public int MaxTagPages { get; init; } = 1000;

    /// <summary>Tags of one repository read at most; a longer list fails the listing instead of filling memory.</summary>
    public int MaxListedTags { get; init; } = 100_000;

    /// <summary>Bytes of one tag list page read at most.</summary>
    public long MaxTagPageBytes { get; init; } = 8 * 1024 * 1024;
}
