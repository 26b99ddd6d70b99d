namespace GitStreamSync.Core.Schedule;

/// <summary>
/// A half-open interval of time <c>(From, To]</c>: a stream is due in a run when its own schedule
/// fires inside the run's window. Consecutive windows that share their ends cover every instant
/// exactly once, which is what makes late or repeated runs neither skip nor double an occurrence.
/// </summary>
public readonly record struct ScheduleWindow(DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>
    /// The window of a one-shot run started for <paramref name="runSchedule"/>: from the occurrence
    /// before the one this run belongs to, up to that occurrence. The run belongs to the latest
    /// occurrence at or before <paramref name="now"/>, so a run that starts late (a delayed scheduled
    /// CI job) gets the same window as an on-time run, and the next run's window starts where this
    /// one ends. Null when the schedule has never fired before <paramref name="now"/>.
    /// </summary>
    public static ScheduleWindow? ForScheduledRun(CronSchedule runSchedule, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(runSchedule);

        // "Latest at or before now" = previous before the next second; occurrences have second precision.
        var current = runSchedule.Previous(TruncateToSecond(now).AddSeconds(1));
        if (current is not { } end)
        {
            return null;
        }

        var start = runSchedule.Previous(end);
        return start is { } from ? new ScheduleWindow(from, end) : null;
    }

    /// <summary>The window of a run told <c>--since TIME</c>: everything after that instant up to now.</summary>
    public static ScheduleWindow Since(DateTimeOffset since, DateTimeOffset now) => new(since, now);

    public override string ToString() => $"({From.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}, {To.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}]";

    private static DateTimeOffset TruncateToSecond(DateTimeOffset value) =>
        new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), value.Offset);
}
