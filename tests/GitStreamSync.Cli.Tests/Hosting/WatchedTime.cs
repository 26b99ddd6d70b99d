using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace GitStreamSync.Cli.Tests.Hosting;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that reports each timer it creates, so a test advances the
/// clock only once the worker is really waiting, and by exactly the time it waits for.
/// </summary>
internal sealed class WatchedTime(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Channel<TimeSpan> timers = Channel.CreateUnbounded<TimeSpan>();

    public int TimersCreated { get; private set; }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        TimersCreated++;
        timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Waits (in real time, bounded) for the next timer and returns its delay.</summary>
    public async Task<TimeSpan> NextTimerAsync() =>
        await timers.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Waits for the next timer and moves the clock to the moment it fires.</summary>
    public async Task<DateTimeOffset> FireNextTimerAsync()
    {
        Advance(await NextTimerAsync());
        return GetUtcNow();
    }
}
