using GitStreamSync.Core.Tests.Select;
using GitStreamSync.Core.Schedule;
using static GitStreamSync.Core.Tests.Schedule.Streams;

namespace GitStreamSync.Core.Tests.Schedule;

public sealed class ScheduleWindowTests
{
    private static readonly CronSchedule Every15 = CronSchedule.Parse("*/15 * * * *", TimeZoneInfo.Utc);

    [Theory]
    [InlineData("2026-11-28T10:15:00Z")]
    [InlineData("2026-11-28T10:15:00.900Z")]
    [InlineData("2026-11-28T10:17:30Z")]
    [InlineData("2026-11-28T10:29:59Z")]
    public void A_run_belongs_to_the_latest_occurrence_at_or_before_now(string now)
    {
        Assert.Equal(
            new ScheduleWindow(Utc("2026-11-28T10:00:00Z"), Utc("2026-11-28T10:15:00Z")),
            ScheduleWindow.ForScheduledRun(Every15, Utc(now)));
    }

    [Fact]
    public void Windows_of_consecutive_late_runs_tile_time_without_gaps_or_overlaps()
    {
        var nightly = CronSchedule.Parse("0 3 * * *", TimeZoneInfo.Utc);
        var lateness = new[] { 0, 47, 3, 180, 12, 0, 600 };
        var windows = lateness
            .Select((minutes, day) => Utc("2026-11-01T03:00:00Z").AddDays(day).AddMinutes(minutes))
            .Select(now => ScheduleWindow.ForScheduledRun(nightly, now)!.Value)
            .ToList();

        for (var i = 1; i < windows.Count; i++)
        {
            Assert.Equal(windows[i - 1].To, windows[i].From);
        }

        Assert.Equal(Utc("2026-10-31T03:00:00Z"), windows[0].From);
        Assert.Equal(Utc("2026-11-07T03:00:00Z"), windows[^1].To);
    }

    [Fact]
    public void A_schedule_that_has_not_fired_twice_has_no_window()
    {
        var never = CronSchedule.Parse("0 0 30 2 *", TimeZoneInfo.Utc);
        Assert.Null(ScheduleWindow.ForScheduledRun(never, Utc("2026-11-28T00:00:00Z")));
        Assert.Throws<ScheduleFormatException>(() => DueRule.ForOneShot("0 0 30 2 *", null, TimeZoneInfo.Utc, Utc("2026-11-28T00:00:00Z")));
    }

    [Fact]
    public void Since_overrides_the_run_schedule()
    {
        var now = Utc("2026-11-28T10:17:00Z");
        var rule = DueRule.ForOneShot("*/15 * * * *", "6h", TimeZoneInfo.Utc, now);
        Assert.Equal(DueRule.InWindow(new ScheduleWindow(Utc("2026-11-28T04:17:00Z"), now)), rule);
        Assert.Same(DueRule.All, DueRule.ForOneShot(null, null, TimeZoneInfo.Utc, now));
        Assert.Same(DueRule.All, DueRule.ForOneShot(" ", "", TimeZoneInfo.Utc, now));
    }

    [Theory]
    [InlineData("6h", "2026-11-28T04:17:00Z")]
    [InlineData("90m", "2026-11-28T08:47:00Z")]
    [InlineData("1d12h", "2026-11-26T22:17:00Z")]
    [InlineData("30s", "2026-11-28T10:16:30Z")]
    [InlineData("2026-11-27", "2026-11-27T00:00:00Z")]
    [InlineData("2026-11-27T03:00:00Z", "2026-11-27T03:00:00Z")]
    [InlineData("2026-11-27T04:00:00+01:00", "2026-11-27T03:00:00Z")]
    [InlineData("2026-11-27 03:00Z", "2026-11-27T03:00:00Z")]
    public void Since_reads_instants_dates_and_ages(string text, string expected)
    {
        Assert.Equal(Utc(expected), SinceTime.Parse(text, Utc("2026-11-28T10:17:00Z")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2026-11-27T03:00:00")]
    [InlineData("2026-13-01")]
    [InlineData("h")]
    [InlineData("6 h")]
    public void Since_refuses_times_without_an_offset_and_words(string text)
    {
        Assert.False(SinceTime.TryParse(text, Utc("2026-11-28T10:17:00Z"), out _, out var error));
        Assert.Contains("--since", error, StringComparison.Ordinal);
        Assert.Throws<ScheduleFormatException>(() => SinceTime.Parse(text, Utc("2026-11-28T10:17:00Z")));
    }
}
