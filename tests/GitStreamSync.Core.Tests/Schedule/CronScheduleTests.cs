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
