using GitStreamSync.Core.Tests.Select;
using GitStreamSync.Core.Schedule;
namespace GitStreamSync.Core.Tests.Schedule;

public sealed class CronScheduleTests
{
    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("*/15 * * * *", "2026-11-28T10:07:00Z", "2026-11-28T10:15:00Z")]
    [InlineData("30 */15 * * * *", "2026-11-28T10:15:30Z", "2026-11-28T10:30:30Z")]
    [InlineData("@hourly", "2026-11-28T10:07:00Z", "2026-11-28T11:00:00Z")]
    [InlineData("@daily", "2026-11-28T10:07:00Z", "2026-11-29T00:00:00Z")]
    [InlineData("@midnight", "2026-11-28T10:07:00Z", "2026-11-29T00:00:00Z")]
    [InlineData("@weekly", "2026-11-28T10:07:00Z", "2026-11-29T00:00:00Z")]
    [InlineData("@monthly", "2026-11-28T10:07:00Z", "2026-12-01T00:00:00Z")]
    [InlineData("@yearly", "2026-11-28T10:07:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("@annually", "2026-11-28T10:07:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("@every_minute", "2026-11-28T10:07:00Z", "2026-11-28T10:08:00Z")]
    [InlineData("@every_second", "2026-11-28T10:07:00Z", "2026-11-28T10:07:01Z")]
    [InlineData("  0 3 * * MON-FRI  ", "2026-11-28T10:07:00Z", "2026-11-30T03:00:00Z")]
    public void Next_reads_five_and_six_fields_and_macros(string text, string after, string expected)
    {
        var schedule = CronSchedule.Parse(text, TimeZoneInfo.Utc);
        Assert.Equal(Utc(expected), schedule.Next(Utc(after)));
        Assert.Equal(text.Trim(), schedule.Text);
    }

    [Theory]
    [InlineData("*/15 * * * *", "2026-11-28T10:15:00Z", "2026-11-28T10:00:00Z")]
    [InlineData("*/15 * * * *", "2026-11-28T10:15:00.001Z", "2026-11-28T10:15:00Z")]
    [InlineData("0 3 * * *", "2026-11-28T02:59:59Z", "2026-11-27T03:00:00Z")]
    [InlineData("0 0 29 2 *", "2026-11-28T00:00:00Z", "2024-02-29T00:00:00Z")]
    [InlineData("@every_second", "2026-11-28T10:00:00Z", "2026-11-28T09:59:59Z")]
    public void Previous_is_the_last_occurrence_strictly_before(string text, string before, string expected)
    {
        Assert.Equal(Utc(expected), CronSchedule.Parse(text, TimeZoneInfo.Utc).Previous(Utc(before)));
    }

    /// <summary>
    /// An occurrence in a skipped hour fires at the end of the gap; it is found even when the
    /// search back from <c>before</c> starts a chunk exactly on it (whole minutes 1, 3, 7, 15, 63...
    /// back).
    /// </summary>
    [Theory]
    [InlineData("1 * * * *", "Europe/Berlin", "2025-03-30T01:01:00Z", "2025-03-30T01:00:00Z")]
    [InlineData("3 */2 * * *", "Europe/Berlin", "2026-03-29T02:03:00Z", "2026-03-29T01:00:00Z")]
    [InlineData("0 2 * * *", "America/New_York", "2026-03-08T07:01:00Z", "2026-03-08T07:00:00Z")]
    [InlineData("@hourly", "Pacific/Chatham", "2025-09-27T14:15:00Z", "2025-09-27T14:00:00Z")]
    [InlineData("1 * * * *", "Australia/Lord_Howe", "2025-10-04T16:01:00Z", "2025-10-04T15:30:00Z")]
    public void Previous_finds_an_occurrence_moved_to_the_end_of_a_daylight_saving_gap(string text, string zone, string before, string expected)
    {
        var schedule = CronSchedule.Parse(text, TimeZoneInfo.FindSystemTimeZoneById(zone));
        Assert.Equal(Utc(expected), schedule.Previous(Utc(before)));
        Assert.True(schedule.Next(Utc(expected)) >= Utc(before));
    }

    [Fact]
    public void Previous_of_an_expression_that_never_fires_is_null()
    {
        var never = CronSchedule.Parse("0 0 30 2 *", TimeZoneInfo.Utc);
        Assert.Null(never.Previous(Utc("2026-11-28T00:00:00Z")));
        Assert.Null(never.Next(Utc("2026-11-28T00:00:00Z")));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("* * * *", "found 4 fields")]
    [InlineData("0 0 * * * * *", "found 7 fields")]
    [InlineData("61 * * * *", "is not a cron expression")]
    [InlineData("* 25 * * *", "is not a cron expression")]
    [InlineData("@fortnightly", "is not a cron expression")]
    [InlineData("every 15 minutes", "is not a cron expression")]
    public void Rejects_what_is_not_a_cron_expression(string text, string expectedMessagePart)
    {
        Assert.False(CronSchedule.TryParse(text, TimeZoneInfo.Utc, out _, out var error));
        Assert.Contains(expectedMessagePart, error, StringComparison.Ordinal);
        var thrown = Assert.Throws<ScheduleFormatException>(() => CronSchedule.Parse(text, TimeZoneInfo.Utc));
        Assert.Equal(error, thrown.Message);
    }

    [Fact]
    public void Occurrences_in_a_window_exclude_its_start_and_include_its_end()
    {
        var schedule = CronSchedule.Parse("*/15 * * * *", TimeZoneInfo.Utc);
        var window = new ScheduleWindow(Utc("2026-11-28T10:00:00Z"), Utc("2026-11-28T10:30:00Z"));
        Assert.Equal([Utc("2026-11-28T10:15:00Z"), Utc("2026-11-28T10:30:00Z")], schedule.OccurrencesIn(window).ToArray());
        Assert.Empty(schedule.OccurrencesIn(new ScheduleWindow(Utc("2026-11-28T10:00:00Z"), Utc("2026-11-28T10:14:59Z"))));
        Assert.Empty(schedule.OccurrencesIn(new ScheduleWindow(window.To, window.From)));
    }
}
