using System.Collections.Concurrent;

namespace GitStreamSync.Testing.Time;

/// <summary>
/// The system clock, except that every timer fires at once and the time it was set for is
/// recorded: a retry's waits are checked (how many, how long) without sleeping through them.
/// Only for code whose timers are all waits between attempts, not timeouts.
/// </summary>
public sealed class InstantDelays : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> delays = new();

    /// <summary>Every wait asked for, in order.</summary>
    public IReadOnlyList<TimeSpan> Delays => [.. delays];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        delays.Enqueue(dueTime);
        // Off the caller's stack: the waiting task is fully set up before it completes.
        ThreadPool.QueueUserWorkItem(_ => callback(state));
        return new FiredTimer();
    }

    private sealed class FiredTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => default;
    }
}
