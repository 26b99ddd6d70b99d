using GitStreamSync.Core.Schedule;
namespace GitStreamSync.Cli.Hosting;

/// <summary>The worker's schedule and pacing.</summary>
internal sealed record WorkerOptions
{
    public const string DefaultSchedule = "*/15 * * * *";

    public required CronSchedule Schedule { get; init; }

    /// <summary>Each run starts at its occurrence plus a random delay in [0, Jitter), so that many workers do not hit a registry in the same second.</summary>
    public TimeSpan Jitter { get; init; } = TimeSpan.Zero;

    /// <summary>After the n-th failed run in a row the next run waits at least FirstBackoff * 2^(n-1), capped at <see cref="MaxBackoff"/>.</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long after a pushed run the worker asks the registry once more when the run resolved a
    /// pushed tag to another digest than the notification named: a registry may notify when it has
    /// stored the manifest, before it has moved the tag.
    /// </summary>
    public TimeSpan PushSettle { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A worker over several repositories: how many are synced at once in a round.</summary>
    public int ParallelRepositories { get; init; } = 4;

    /// <summary>The repository as shown in logs and /healthz, credentials already removed.</summary>
    public string RepositoryDisplay { get; init; } = ".";

    /// <summary>The least time to wait after <paramref name="consecutiveFailures"/> failed runs in a row.</summary>
    public TimeSpan BackoffAfter(int consecutiveFailures)
    {
        if (consecutiveFailures <= 0)
        {
            return TimeSpan.Zero;
        }

        // 2^20 * 30 s is far past any sensible cap; clamp the exponent before multiplying.
        var factor = Math.Pow(2, Math.Min(consecutiveFailures - 1, 20));
        var backoff = TimeSpan.FromTicks((long)Math.Min(FirstBackoff.Ticks * factor, MaxBackoff.Ticks));
        return backoff < MaxBackoff ? backoff : MaxBackoff;
    }
}
