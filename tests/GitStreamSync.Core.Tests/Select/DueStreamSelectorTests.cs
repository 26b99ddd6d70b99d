using GitStreamSync.Core.Tests.Schedule;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Schedule;
using GitStreamSync.Core.Select;
using static GitStreamSync.Core.Tests.Schedule.Streams;

namespace GitStreamSync.Core.Tests.Select;

public sealed class DueStreamSelectorTests
{
    private static readonly ImageStreamDocument Builds = Stream("builds", "*/15 * * * *");
    private static readonly ImageStreamDocument Base = Stream("base", "0 2 * * *", "base/streams.yaml");

    [Fact]
    public void Every_15_minutes_for_a_day_selects_the_frequent_stream_each_run_and_the_nightly_one_once()
    {
        var counts = new Dictionary<string, int> { ["streams.yaml#builds"] = 0, ["base/streams.yaml#base"] = 0 };
        var nightlyDueAt = new List<DateTimeOffset>();
        for (var now = Utc("2026-11-28T00:00:00Z"); now < Utc("2026-11-29T00:00:00Z"); now = now.AddMinutes(15))
        {
            var rule = DueRule.ForOneShot("*/15 * * * *", null, TimeZoneInfo.Utc, now.AddSeconds(40));
            var selection = DueStreamSelector.Select([Builds, Base], rule, ScheduleDefaults.Utc);
            Assert.Empty(selection.Problems);
            foreach (var key in selection.Due!)
            {
                counts[key]++;
            }

            if (selection.Due!.Contains("base/streams.yaml#base"))
            {
                nightlyDueAt.Add(now);
            }
        }

        Assert.Equal(96, counts["streams.yaml#builds"]);
        Assert.Equal(1, counts["base/streams.yaml#base"]);
        Assert.Equal([Utc("2026-11-28T02:00:00Z")], nightlyDueAt);
    }

    [Fact]
    public void A_late_ci_run_still_covers_the_occurrence_it_was_started_for_and_the_next_run_covers_the_rest()
    {
        var at0300 = Stream("at0300", "0 3 * * *");
        var at0330 = Stream("at0330", "30 3 * * *");

        // Scheduled for 03:00, started at 03:47; the next day's run starts on time.
        var late = DueStreamSelector.Select([at0300, at0330], DueRule.ForOneShot("0 3 * * *", null, TimeZoneInfo.Utc, Utc("2026-11-28T03:47:00Z")), ScheduleDefaults.Utc);
        var next = DueStreamSelector.Select([at0300, at0330], DueRule.ForOneShot("0 3 * * *", null, TimeZoneInfo.Utc, Utc("2026-11-29T03:00:05Z")), ScheduleDefaults.Utc);

        Assert.Equal(["streams.yaml#at0300", "streams.yaml#at0330"], late.Due!.Order(StringComparer.Ordinal));
        Assert.Equal(["streams.yaml#at0300", "streams.yaml#at0330"], next.Due!.Order(StringComparer.Ordinal));
        Assert.Contains("2026-11-28T03:00:00Z", late.Decisions[0].Reason, StringComparison.Ordinal);
        Assert.Contains("2026-11-27T03:30:00Z", late.Decisions[1].Reason, StringComparison.Ordinal);
        Assert.Contains("2026-11-28T03:30:00Z", next.Decisions[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_streams_with_different_crons_in_one_window()
    {
        var window = new ScheduleWindow(Utc("2026-11-28T01:45:00Z"), Utc("2026-11-28T02:00:00Z"));
        var hourly = Stream("hourly", "@hourly");
        var monthly = Stream("monthly", "@monthly");
        var selection = DueStreamSelector.Select([Builds, Base, hourly, monthly], DueRule.InWindow(window), ScheduleDefaults.Utc);

        Assert.Equal(["base/streams.yaml#base", "streams.yaml#builds", "streams.yaml#hourly"], selection.Due!.Order(StringComparer.Ordinal));
        Assert.Equal("next at 2026-12-01T00:00:00Z", selection.Decisions[3].Reason);
    }

    [Fact]
    public void Without_a_schedule_every_stream_is_due()
    {
        var selection = DueStreamSelector.Select([Builds, Base], DueRule.All, ScheduleDefaults.Utc);
        Assert.Null(selection.Due);
        Assert.All(selection.Decisions, d => Assert.True(d.Due));
    }

    [Fact]
    public void Streams_without_their_own_cron_follow_the_repository_default_or_every_run()
    {
        var plain = Stream("plain");
        var window = new ScheduleWindow(Utc("2026-11-28T10:00:00Z"), Utc("2026-11-28T10:15:00Z"));

        var noDefault = DueStreamSelector.Select([plain, Base], DueRule.InWindow(window), ScheduleDefaults.Utc);
        Assert.Equal(["streams.yaml#plain"], noDefault.Due!);

        var nightlyDefault = DueStreamSelector.Select([plain, Builds], DueRule.InWindow(window), ScheduleDefaults.Utc with { Cron = "0 2 * * *" });
        Assert.Equal(["streams.yaml#builds"], nightlyDefault.Due!);
    }

    [Fact]
    public void The_worker_rule_selects_streams_whose_cron_fired_since_they_were_last_checked()
    {
        var now = Utc("2026-11-28T10:15:00Z");
        var lastChecked = new Dictionary<string, DateTimeOffset>
        {
            ["streams.yaml#builds"] = Utc("2026-11-28T10:00:00Z"),
            ["base/streams.yaml#base"] = Utc("2026-11-28T01:00:00Z"),
        };
        var fresh = Stream("fresh", "0 2 * * *");

        var first = DueStreamSelector.Select([Builds, Base, fresh], DueRule.SinceLastCheck(lastChecked, now), ScheduleDefaults.Utc);
        Assert.Equal(["base/streams.yaml#base", "streams.yaml#builds", "streams.yaml#fresh"], first.Due!.Order(StringComparer.Ordinal));

        lastChecked["base/streams.yaml#base"] = Utc("2026-11-28T02:00:00Z");
        lastChecked["streams.yaml#builds"] = now;
        var second = DueStreamSelector.Select([Builds, Base], DueRule.SinceLastCheck(lastChecked, now.AddMinutes(14)), ScheduleDefaults.Utc);
        Assert.Empty(second.Due!);
    }

    [Fact]
    public void An_invalid_stream_cron_is_a_problem_at_the_annotation_and_the_stream_is_not_due()
    {
        const string text = "apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: bad\n  annotations:\n    gitstreamsync.io/schedule: \"0 25 * * *\"\n";
        var bad = Stream("bad", "0 25 * * *") with { Span = new TextSpan(0, text.Length) };
        var files = new Dictionary<string, string> { ["streams.yaml"] = text };

        var selection = DueStreamSelector.Select([bad, Builds], DueRule.All, ScheduleDefaults.Utc, files);

        var problem = Assert.Single(selection.Problems);
        Assert.Equal("streams.yaml", problem.FilePath);
        Assert.Equal(new SourceLocation(6, 5), problem.Location);
        Assert.StartsWith("streams.yaml:6:5: gitstreamsync.io/schedule: '0 25 * * *' is not a cron expression", problem.ToString(), StringComparison.Ordinal);
        Assert.Equal(["streams.yaml#builds"], selection.Due!);
    }

    [Fact]
    public void An_invalid_stream_cron_in_json_points_at_the_quoted_key()
    {
        const string text = "{\n  \"kind\": \"ImageStream\",\n  \"metadata\": {\n    \"annotations\": {\"gitstreamsync.io/schedule\": \"@fortnightly\"}\n  }\n}\n";
        var bad = Stream("bad", "@fortnightly", "is.json") with { Span = new TextSpan(0, text.Length) };
        var selection = DueStreamSelector.Select([bad], DueRule.All, ScheduleDefaults.Utc, new Dictionary<string, string> { ["is.json"] = text });
        Assert.Equal(new SourceLocation(4, 21), Assert.Single(selection.Problems).Location);
    }

    [Fact]
    public void An_invalid_default_cron_is_a_problem_in_the_config_file()
    {
        var defaults = ScheduleDefaults.Utc with { Cron = "nightly", Source = new ConfigSource(".gitstreamsync.yaml", new SourceLocation(3, 11)) };
        var selection = DueStreamSelector.Select([Stream("plain"), Builds], DueRule.All, defaults);
        Assert.Equal(".gitstreamsync.yaml:3:11: default schedule: 'nightly' is not a cron expression: expected 5 fields (minute hour day month weekday), 6 fields (with seconds first) or a macro such as @daily, found 1 fields", Assert.Single(selection.Problems).ToString());
        Assert.Equal(["streams.yaml#builds"], selection.Due!);
    }
}
