using GitStreamSync.Core.Read;
using GitStreamSync.Core.Schedule;
using GitStreamSync.Core.Select;
using CsCheck;

namespace GitStreamSync.Core.Tests.Schedule;

/// <summary>
/// Due-stream selection over random schedules, time zones (with and without daylight saving) and
/// run times: consecutive windows neither skip nor double an occurrence, and a late run gets the
/// window of the run it stands for. Run times come in two classes: anywhere in 2025-2026 (to the
/// millisecond), and within three hours of one of the zone's daylight-saving changes at a whole
/// minute give or take a second, with a sub-second part of none, one tick, a second less one tick or
/// any. The second class is where occurrences move (a time in a skipped hour fires at the end of the
/// gap, a repeated hour comes twice) and where <see cref="CronSchedule.Previous"/> searches from
/// whole minutes back, so it is drawn half the time: with uniform instants alone, a search of
/// 3,000,000 draws failed once.
/// </summary>
public sealed class ScheduleWindowPropertyTests
{
    // At least 400 draws per property; CsCheck_Iter raises it for a long local search.
    private static readonly long Iterations = Math.Max(400, Check.Iter);

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

    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Instants anywhere in 2025 and 2026, with sub-second parts.</summary>
    private static readonly Gen<DateTimeOffset> Anywhere =
        Gen.Long[0, 2L * 365 * 86400 * 1000].Select(ms => Start.AddMilliseconds(ms));

    /// <summary>Sub-second parts at the tick boundaries a <see cref="TimeProvider"/> can give, and any.</summary>
    private static readonly Gen<long> SubSecond =
        Gen.OneOf(Gen.Const(0L), Gen.Const(1L), Gen.Const(TimeSpan.TicksPerSecond - 1), Gen.Long[0, TimeSpan.TicksPerSecond - 1]);

    /// <summary>Every instant in 2025 and 2026 at which a zone's offset from UTC changes.</summary>
    private static readonly Dictionary<TimeZoneInfo, DateTimeOffset[]> Changes = Zones.ToDictionary(zone => zone, zone =>
    {
        var changes = new List<DateTimeOffset>();
        for (var at = Start; at.Year < 2027; at = at.AddMinutes(15))
        {
            if (zone.GetUtcOffset(at) != zone.GetUtcOffset(at.AddMinutes(-15)))
            {
                changes.Add(at);
            }
        }

        return changes.ToArray();
    });

    /// <summary>A run time of either class for the zone (see the class summary).</summary>
    private static Gen<DateTimeOffset> InstantIn(TimeZoneInfo zone) => Changes[zone] is { Length: > 0 } changes
        ? Gen.OneOf(
            Anywhere,
            Gen.Select(Gen.OneOfConst(changes), Gen.Int[-180, 180], Gen.Int[-1, 1], SubSecond, (change, minutes, seconds, ticks) =>
                change.AddMinutes(minutes).AddSeconds(seconds).AddTicks(ticks)))
        : Anywhere;

    private static readonly Gen<(TimeZoneInfo Zone, DateTimeOffset At)> ZoneAndInstant =
        Zone.SelectMany(zone => InstantIn(zone).Select(at => (zone, at)));

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
        Gen.Select(Cron, ZoneAndInstant, Gap, Gap).Sample((cron, zoneAndInstant, first, second) =>
        {
            var (zone, from) = zoneAndInstant;
            var middle = from + first;
            var to = middle + second;
            var schedule = CronSchedule.Parse(cron, zone);
            var whole = schedule.OccurrencesIn(new ScheduleWindow(from, to)).ToList();
            var halves = schedule.OccurrencesIn(new ScheduleWindow(from, middle)).Concat(schedule.OccurrencesIn(new ScheduleWindow(middle, to))).ToList();

            // Every occurrence lands in exactly one half: none skipped, none doubled.
            Assert.Equal(whole, halves);
            Assert.Equal(whole.Count > 0, DueIn(cron, zone, from, to));
            Assert.Equal(DueIn(cron, zone, from, to), DueIn(cron, zone, from, middle) || DueIn(cron, zone, middle, to));
        }, iter: Iterations, print: value => $"{value.Item1} in {value.Item2.Zone.Id} from {value.Item2.At:O} +{value.Item3} +{value.Item4}");
    }

    [Fact]
    public void Previous_and_next_bracket_an_instant_with_no_occurrence_between()
    {
        Gen.Select(Cron, ZoneAndInstant).Sample((cron, zoneAndInstant) =>
        {
            var (zone, at) = zoneAndInstant;
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
        }, iter: Iterations, print: value => $"{value.Item1} in {value.Item2.Zone.Id} at {value.Item2.At:O}");
    }

    [Fact]
    public void A_late_scheduled_run_gets_the_window_of_the_run_it_stands_for_and_windows_chain()
    {
        Gen.Select(Cron, ZoneAndInstant, Gen.Double[0, 1]).Sample(
            (cron, zoneAndInstant, lateness) => RunWindowsChain(cron, zoneAndInstant.Zone, zoneAndInstant.At, lateness),
            iter: Iterations,
            print: value => $"{value.Item1} in {value.Item2.Zone.Id} at {value.Item2.At:O} lateness {value.Item3}");
    }

    /// <summary>
    /// The draw that failed in CI before <see cref="CronSchedule.Previous"/> walked forward: "@hourly"
    /// in Pacific/Chatham on 27 September 2025, when 02:45 becomes 03:45; 03:00 fires at 03:45
    /// (14:00 UTC), and the run at 04:03 got the window from 02:00 holding both 03:45 and 04:00.
    /// </summary>
    [Theory]
    [InlineData("@hourly", "Pacific/Chatham", "2025-09-27T14:18:49.4260000Z", 0.7582417582417582)]
    [InlineData("1 * * * *", "Europe/Berlin", "2025-03-30T01:10:30.5000000Z", 0.5)]
    [InlineData("3 */2 * * *", "Europe/Berlin", "2026-03-29T02:03:00.0000000Z", 0.25)]
    [InlineData("0 2 * * *", "America/New_York", "2026-03-08T07:00:59.9999999Z", 0)]
    public void A_run_after_an_occurrence_moved_by_a_daylight_saving_gap_gets_its_own_window(string cron, string zone, string at, double lateness) =>
        RunWindowsChain(cron, TimeZoneInfo.FindSystemTimeZoneById(zone), Streams.Utc(at), lateness);

    private static void RunWindowsChain(string cron, TimeZoneInfo zone, DateTimeOffset at, double lateness)
    {
        var schedule = CronSchedule.Parse(cron, zone);
        if (ScheduleWindow.ForScheduledRun(schedule, at) is not { } window)
        {
            return;
        }

        Assert.True(window.From < window.To && window.To <= at);
        Assert.Equal([window.To], schedule.OccurrencesIn(window));

        // The run belongs to the latest occurrence at or before it: the next one is still to come.
        var next = schedule.Next(window.To)!.Value;
        Assert.True(next > at, $"the run at {at:O} got the window {window}, but {next:O} came before it");

        // A run that starts anywhere before the next occurrence belongs to the same one.
        var late = window.To + ((next - window.To - TimeSpan.FromSeconds(1)) * lateness);
        Assert.Equal(window, ScheduleWindow.ForScheduledRun(schedule, late));

        // The next run's window starts where this one ends.
        Assert.Equal(new ScheduleWindow(window.To, next), ScheduleWindow.ForScheduledRun(schedule, next));
    }
}
