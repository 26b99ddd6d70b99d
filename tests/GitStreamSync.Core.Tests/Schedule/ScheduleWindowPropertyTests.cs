using GitStreamSync.Core.Read;
using GitStreamSync.Core.Schedule;
using GitStreamSync.Core.Select;
using CsCheck;

namespace GitStreamSync.Core.Tests.Schedule;

/// <summary>
/// Due-stream selection over random schedules, time zones (with and without daylight saving) and
/// run times: consecutive windows neither skip nor double an occurrence, and a late run gets the
/// window of the run it stands for.
/// </summary>
public sealed class ScheduleWindowPropertyTests
{
    private const int Iterations = 400;

    private static readonly TimeZoneInfo[] Zones =
        [TimeZoneInfo.Utc, .. new[] { "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Pacific/Chatham", "America/Sao_Paulo" }.Select(TimeZoneInfo.FindSystemTimeZoneById)];

    private static readonly Gen<string> Field =
        Gen.OneOf(Gen.Const("*"), Gen.Int[0, 5].Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), Gen.Int[2, 20].Select(n => $"*/{n}"));

    /// <summary>Schedules people write: every few minutes, hourly at a minute, daily at an hour (often inside a DST change), weekly, monthly.</summary>
    private static readonly Gen<string> Cron = Gen.OneOf(
        Gen.Int[1, 59].Select(m => $"*/{m} * * * *"),
        Gen.Int[0, 59].Select(m => $"{m} * * * *"),
        Gen.Select(Gen.Int[0, 59], Gen.Int[0, 23], (m, h) => $"{m} {h} * * *"),
        Gen.Select(Gen.Int[0, 59], Gen.Int[1, 3], (m, h) => $"{m} {h} * * *"),
        Gen.Select(Gen.Int[0, 59], Gen.Int[0, 23], Gen.Int[0, 6], (m, h, d) => $"{m} {h} * * {d}"),
        Gen.Select(Gen.Int[0, 23], Gen.Int[1, 31], (h, d) => $"0 {h} {d} * *"),
        Gen.Select(Field, Field, (m, h) => $"{m} {h} * * *"),
        Gen.OneOfConst("@hourly", "@daily", "@weekly", "@monthly", "30 2 * * *", "0 0 29 2 *"));

    private static readonly Gen<TimeZoneInfo> Zone = Gen.OneOfConst(Zones);

    /// <summary>Instants around the daylight-saving changes of 2025 and 2026, with sub-second parts.</summary>
    private static readonly Gen<DateTimeOffset> Instant =
        Gen.Long[0, 2L * 365 * 86400 * 1000].Select(ms => new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(ms));

    private static readonly Gen<TimeSpan> Gap = Gen.OneOf(Gen.Long[0, 3 * 3600], Gen.Long[0, 40 * 86400]).Select(s => TimeSpan.FromSeconds(s));

    private static bool DueIn(string cron, TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to)
    {
        var stream = Streams.Stream("s", cron);
        var selection = DueStreamSelector.Select([stream], DueRule.InWindow(new ScheduleWindow(from, to)), new ScheduleDefaults(zone));
        Assert.Empty(selection.Problems);
        return selection.Due!.Contains(stream.DisplayName);
    }

    [Fact]
    public void A_window_split_in_two_is_due_exactly_when_one_of_its_halves_is()
    {
        Gen.Select(Cron, Zone, Instant, Gap, Gap).Sample((cron, zone, from, first, second) =>
        {
            var middle = from + first;
            var to = middle + second;
            var schedule = CronSchedule.Parse(cron, zone);
            var whole = schedule.OccurrencesIn(new ScheduleWindow(from, to)).ToList();
            var halves = schedule.OccurrencesIn(new ScheduleWindow(from, middle)).Concat(schedule.OccurrencesIn(new ScheduleWindow(middle, to))).ToList();

            // Every occurrence lands in exactly one half: none skipped, none doubled.
            Assert.Equal(whole, halves);
            Assert.Equal(whole.Count > 0, DueIn(cron, zone, from, to));
            Assert.Equal(DueIn(cron, zone, from, to), DueIn(cron, zone, from, middle) || DueIn(cron, zone, middle, to));
        }, iter: Iterations, print: value => $"{value.Item1} in {value.Item2.Id} from {value.Item3:O} +{value.Item4} +{value.Item5}");
    }

    [Fact]
    public void Previous_and_next_bracket_an_instant_with_no_occurrence_between()
    {
        Gen.Select(Cron, Zone, Instant).Sample((cron, zone, at) =>
        {
            var schedule = CronSchedule.Parse(cron, zone);
            var previous = schedule.Previous(at);
            var next = schedule.Next(at);
            Assert.NotNull(next);
            Assert.True(next > at);
            if (previous is { } before)
            {
                Assert.True(before < at);
                Assert.True(schedule.Next(before) >= at, $"an occurrence between {before:O} and {at:O}");
            }
        }, iter: Iterations, print: value => $"{value.Item1} in {value.Item2.Id} at {value.Item3:O}");
    }

    [Fact]
    public void A_late_scheduled_run_gets_the_window_of_the_run_it_stands_for_and_windows_chain()
    {
        Gen.Select(Cron, Zone, Instant, Gen.Double[0, 1]).Sample((cron, zone, at, lateness) =>
        {
            var schedule = CronSchedule.Parse(cron, zone);
            if (ScheduleWindow.ForScheduledRun(schedule, at) is not { } window)
            {
                return;
            }

            Assert.True(window.From < window.To && window.To <= at);
            Assert.Equal([window.To], schedule.OccurrencesIn(window));

            // A run that starts anywhere before the next occurrence belongs to the same one.
            var next = schedule.Next(window.To)!.Value;
            var late = window.To + ((next - window.To - TimeSpan.FromSeconds(1)) * lateness);
            Assert.Equal(window, ScheduleWindow.ForScheduledRun(schedule, late));

            // The next run's window starts where this one ends.
            Assert.Equal(new ScheduleWindow(window.To, next), ScheduleWindow.ForScheduledRun(schedule, next));
        }, iter: Iterations, print: value => $"{value.Item1} in {value.Item2.Id} at {value.Item3:O} lateness {value.Item4}");
    }
}
