namespace GitStreamSync.Adapters.Resilience;

/// <summary>
/// How often and how long a call to a registry or to GitHub is tried again after a transient
/// failure: <see cref="MaxAttempts"/> in all, waiting <see cref="BaseDelay"/> doubled per attempt
/// with jitter, or what the server asks for (<c>Retry-After</c>, a rate-limit reset) when it says;
/// a server that asks for more than <see cref="MaxRetryAfter"/> is not waited for at all.
/// </summary>
internal sealed record RetryLimits(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxRetryAfter)
{
    /// <summary>Registries: up to 4 attempts for connection errors, timeouts, 5xx and 429; <c>Retry-After</c> up to 60 s.</summary>
    public static RetryLimits Registry { get; } = new(4, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(60));

    /// <summary>GitHub: rate limits waited out up to 3 times (4 attempts) and 90 s each; a longer wait stops the run.</summary>
    public static RetryLimits GitHub { get; } = new(4, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(90));
}
