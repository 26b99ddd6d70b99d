using GitStreamSync.Core.Select;
namespace GitStreamSync.Core.Schedule;

/// <summary>How a run decides which streams are due; see <see cref="DueStreamSelector"/>.</summary>
public abstract record DueRule
{
    private DueRule()
    {
    }

    /// <summary>Every stream is due (a one-shot run without <c>--schedule</c> or <c>--since</c>).</summary>
    public static DueRule All { get; } = new AllStreams();

    /// <summary>A stream is due when its own schedule fires in the window.</summary>
    public static DueRule InWindow(ScheduleWindow window) => new Window(window);

    /// <summary>
    /// The worker's rule: a stream is due when its own schedule fired after it was last checked
    /// (up to <paramref name="now"/>); a stream never checked by this worker is due.
    /// </summary>
    public static DueRule SinceLastCheck(IReadOnlyDictionary<string, DateTimeOffset> lastChecked, DateTimeOffset now) =>
        new LastCheck(lastChecked, now);

    /// <summary>
    /// The rule of a one-shot run from its options: <c>--since</c> wins over <c>--schedule</c>;
    /// neither means every stream. Throws <see cref="ScheduleFormatException"/> for unreadable options.
    /// </summary>
    public static DueRule ForOneShot(string? runSchedule, string? since, TimeZoneInfo zone, DateTimeOffset now)
    {
        if (!string.IsNullOrWhiteSpace(since))
        {
            return InWindow(ScheduleWindow.Since(SinceTime.Parse(since, now), now));
        }

        if (string.IsNullOrWhiteSpace(runSchedule))
        {
            return All;
        }

        var schedule = CronSchedule.Parse(runSchedule, zone);
        var window = ScheduleWindow.ForScheduledRun(schedule, now)
            ?? throw new ScheduleFormatException($"--schedule '{schedule.Text}' has not fired twice before {now.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}; use --since to give the window");
        return InWindow(window);
    }

    /// <summary>
    /// A registry said these images were pushed (keys from <see cref="ImageKey"/>): a stream is due
    /// when one of its tags follows one of them, whatever its schedule.
    /// </summary>
    public static DueRule Pushed(IReadOnlySet<string> images) => new PushedImages(images);

    /// <summary>How a pushed image and a tag's <c>from</c> are compared: the registry host (Docker Hub when none) and the repository path, lower case.</summary>
    public static string ImageKey(string? registry, string repository) =>
        $"{(string.IsNullOrEmpty(registry) ? Images.DockerHub.Host : registry)}/{repository}".ToLowerInvariant();

    internal sealed record AllStreams : DueRule;

    internal sealed record PushedImages(IReadOnlySet<string> Images) : DueRule;

    internal sealed record Window(ScheduleWindow Value) : DueRule;

    internal sealed record LastCheck(IReadOnlyDictionary<string, DateTimeOffset> Checked, DateTimeOffset Now) : DueRule;
}
