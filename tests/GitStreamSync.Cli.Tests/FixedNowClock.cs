namespace GitStreamSync.Cli.Tests;

/// <summary>
/// A fixed "now" with real timers, for runs that meet registry retries and deadlines: their
/// back-off must still elapse, which a FakeTimeProvider never does without being advanced.
/// </summary>
internal sealed class FixedNowClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
