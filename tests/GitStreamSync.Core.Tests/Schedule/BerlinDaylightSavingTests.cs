
using GitStreamSync.Core.Tests.Select;
using GitStreamSync.Core.Schedule;
using GitStreamSync.Core.Select;
namespace GitStreamSync.Core.Tests.Schedule;

/// <summary>
/// Nightly schedules in Europe/Berlin across both 2026 changes: 29 March 02:00 CET -> 03:00 CEST
/// (02:00-03:00 does not exist) and 25 October 03:00 CEST -> 02:00 CET (02:00-03:00 happens twice).
/// </summary>
public sealed class BerlinDaylightSavingTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_nightly_run_in_the_skipped_hour_fires_once_at_the_end_of_the_gap()
    {
        var nightly = CronSchedule.Parse("30 2 * * *", Berlin);
        var window = new ScheduleWindow(Utc("2026-03-27T00:00:00Z"), Utc("2026-03-31T00:00:00Z"));
        Assert.Equal(
            [Utc("2026-03-27T01:30:00Z"), Utc("2026-03-28T01:30:00Z"), Utc("2026-03-29T01:00:00Z"), Utc("2026-03-30T00:30:00Z")],
            nightly.OccurrencesIn(window).ToArray());
    }

    [Fact]
    public void A_nightly_run_in_the_repeated_hour_fires_once()
    {
        var nightly = CronSchedule.Parse("30 2 * * *", Berlin);
        var window = new ScheduleWindow(Utc("2026-10-23T00:00:00Z"), Utc("2026-10-27T00:00:00Z"));
        Assert.Equal(
            [Utc("2026-10-23T00:30:00Z"), Utc("2026-10-24T00:30:00Z"), Utc("2026-10-25T00:30:00Z"), Utc("2026-10-26T01:30:00Z")],
            nightly.OccurrencesIn(window).ToArray());
    }

    [Theory]
    [InlineData("2026-03-25T00:00:00Z", "2026-04-02T00:00:00Z")]
    [InlineData("2026-10-22T00:00:00Z", "2026-10-29T00:00:00Z")]
    public void An_hourly_ci_run_selects_a_berlin_nightly_stream_exactly_once_per_day(string fromText, string toText)
    {
        var run = CronSchedule.Parse("0 * * * *", TimeZoneInfo.Utc);
        var stream = Streams.Stream("nightly", "30 2 * * *");
        var dueRuns = new List<DateTimeOffset>();
        for (var now = Utc(fromText); now < Utc(toText); now = now.AddHours(1))
        {
            var window = ScheduleWindow.ForScheduledRun(run, now.AddMinutes(7))!.Value;
            if (DueStreamSelector.Select([stream], DueRule.InWindow(window), new ScheduleDefaults(Berlin)).Due!.Count == 1)
            {
                dueRuns.Add(window.To);
            }
        }

        var days = (Utc(toText) - Utc(fromText)).Days;
        Assert.Equal(days, dueRuns.Count);
        Assert.Equal(days, dueRuns.Select(d => TimeZoneInfo.ConvertTime(d, Berlin).Date).Distinct().Count());
    }

    [Fact]
    public void Windows_of_a_berlin_nightly_run_schedule_stay_contiguous_across_both_changes()
    {
        var run = CronSchedule.Parse("0 3 * * *", Berlin);
        var windows = new List<ScheduleWindow>();
        foreach (var day in new[] { "2026-03-28", "2026-03-29", "2026-03-30", "2026-10-24", "2026-10-25", "2026-10-26" })
        {
            // Started two hours late, as scheduled CI jobs sometimes are.
            windows.Add(ScheduleWindow.ForScheduledRun(run, Utc($"{day}T04:00:00Z"))!.Value);
        }

        Assert.Equal(TimeSpan.FromHours(24), windows[0].To - windows[0].From);
        Assert.Equal(TimeSpan.FromHours(23), windows[1].To - windows[1].From);
        Assert.Equal(windows[0].To, windows[1].From);
        Assert.Equal(windows[1].To, windows[2].From);
        Assert.Equal(Utc("2026-03-29T01:00:00Z"), windows[1].To);
        Assert.Equal(TimeSpan.FromHours(25), windows[4].To - windows[4].From);
        Assert.Equal(windows[3].To, windows[4].From);
        Assert.Equal(windows[4].To, windows[5].From);
        Assert.Equal(Utc("2026-10-25T02:00:00Z"), windows[4].To);
    }
}
