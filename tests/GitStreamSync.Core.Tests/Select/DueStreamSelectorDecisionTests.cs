using GitStreamSync.Core.Read;
using GitStreamSync.Core.Schedule;
using GitStreamSync.Core.Select;
using static GitStreamSync.Core.Tests.Schedule.Streams;

namespace GitStreamSync.Core.Tests.Select;

/// <summary>What each stream's decision says, the pushed-image rule and where schedule problems point.</summary>
public sealed class DueStreamSelectorDecisionTests
{
    private static ImageStreamDocument Parsed(string path, string text) =>
        Assert.Single(ImageStreamReader.ReadFile(new SourceFile(path, text)).Streams);

    private static readonly ImageStreamDocument FollowsUbi = Parsed(
        "ubi.yaml",
        "apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: ubi\nspec:\n  tags:\n  - name: alias\n    from:\n      kind: ImageStreamTag\n      name: other:latest\n  - name: bad\n    from:\n      kind: DockerImage\n      name: 'Not A Reference'\n  - name: latest\n    from:\n      kind: DockerImage\n      name: registry.example.com/team/ubi:9\n");

    private static readonly ImageStreamDocument ImportsApp = Parsed(
        "app.yaml",
        "apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: app\nspec:\n  dockerImageRepository: quay.io/team/app\n");

    [Fact]
    public void A_push_makes_due_exactly_the_streams_that_follow_the_pushed_image_whatever_their_schedule()
    {
        var nightly = FollowsUbi with { Annotations = new Dictionary<string, string> { ["gitstreamsync.io/schedule"] = "0 2 * * *" } };
        var selection = DueStreamSelector.Select(
            [nightly, ImportsApp, Stream("plain")],
            DueRule.Pushed(new HashSet<string> { "registry.example.com/team/ubi" }),
            ScheduleDefaults.Utc);

        Assert.Empty(selection.Problems);
        Assert.Equal(["ubi.yaml#ubi"], selection.Due!);
        Assert.Equal(
            [
                new StreamDueDecision("ubi.yaml#ubi", null, true, "registry.example.com/team/ubi was pushed"),
                new StreamDueDecision("app.yaml#app", null, false, "follows none of the pushed images"),
                new StreamDueDecision("streams.yaml#plain", null, false, "follows none of the pushed images"),
            ],
            selection.Decisions);
    }

    [Fact]
    public void A_push_to_the_repository_a_stream_imports_makes_it_due()
    {
        var selection = DueStreamSelector.Select(
            [FollowsUbi, ImportsApp],
            DueRule.Pushed(new HashSet<string> { DueRule.ImageKey("quay.io", "team/app") }),
            ScheduleDefaults.Utc);

        Assert.Equal(["app.yaml#app"], selection.Due!);
        Assert.Equal("quay.io/team/app was pushed", selection.Decisions[1].Reason);
        Assert.False(selection.Decisions[0].Due);
    }

    [Fact]
    public void Missing_inputs_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => DueStreamSelector.Select(null!, DueRule.All, ScheduleDefaults.Utc));
        Assert.Throws<ArgumentNullException>(() => DueStreamSelector.Select([], null!, ScheduleDefaults.Utc));
        Assert.Throws<ArgumentNullException>(() => DueStreamSelector.Select([], DueRule.All, null!));
    }

    [Fact]
    public void Each_decision_says_why()
    {
        var window = new ScheduleWindow(Utc("2026-11-28T10:00:00Z"), Utc("2026-11-28T10:15:00Z"));
        var all = DueStreamSelector.Select([Stream("nightly", "0 2 * * *")], DueRule.All, ScheduleDefaults.Utc);
        var plain = DueStreamSelector.Select([Stream("plain")], DueRule.InWindow(window), ScheduleDefaults.Utc);
        var fresh = DueStreamSelector.Select([Stream("fresh", "0 2 * * *")], DueRule.SinceLastCheck(new Dictionary<string, DateTimeOffset>(), window.To), ScheduleDefaults.Utc);
        var fired = DueStreamSelector.Select([Stream("quarter", "*/15 * * * *")], DueRule.InWindow(window), ScheduleDefaults.Utc);

        Assert.Equal(new StreamDueDecision("streams.yaml#nightly", "0 2 * * *", true, "every stream is due"), Assert.Single(all.Decisions));
        Assert.Equal(new StreamDueDecision("streams.yaml#plain", null, true, "no schedule of its own: due on every run"), Assert.Single(plain.Decisions));
        Assert.Equal(new StreamDueDecision("streams.yaml#fresh", "0 2 * * *", true, "not checked yet by this worker"), Assert.Single(fresh.Decisions));
        Assert.StartsWith("fired at 2026-11-28T10:15:00Z in ", Assert.Single(fired.Decisions).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_schedule_that_never_fires_again_says_so()
    {
        var window = new ScheduleWindow(Utc("2026-11-28T10:00:00Z"), Utc("2026-11-28T10:15:00Z"));
        var selection = DueStreamSelector.Select([Stream("never", "0 0 30 2 *")], DueRule.InWindow(window), ScheduleDefaults.Utc);

        Assert.Equal(new StreamDueDecision("streams.yaml#never", "0 0 30 2 *", false, "never fires again"), Assert.Single(selection.Decisions));
    }

    [Fact]
    public void Streams_with_an_invalid_schedule_are_decided_not_due_with_the_reason()
    {
        var defaults = ScheduleDefaults.Utc with { Cron = "nightly" };
        var selection = DueStreamSelector.Select([Stream("bad", "0 25 * * *"), Stream("plain")], DueRule.All, defaults);

        Assert.Equal(
            [
                new StreamDueDecision("streams.yaml#bad", "0 25 * * *", false, "invalid schedule"),
                new StreamDueDecision("streams.yaml#plain", "nightly", false, "invalid default schedule"),
            ],
            selection.Decisions);
        Assert.Empty(selection.Due!);
    }

    [Fact]
    public void An_invalid_default_without_a_known_place_is_reported_at_the_start_of_the_settings_file()
    {
        var selection = DueStreamSelector.Select([Stream("plain")], DueRule.All, ScheduleDefaults.Utc with { Cron = "nightly", Source = null });

        Assert.StartsWith(".gitstreamsync.yaml:1:1: default schedule: ", Assert.Single(selection.Problems).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_problem_points_at_the_annotation_key_of_the_stream_itself_not_at_a_mention_elsewhere()
    {
        // The first stream mentions the key in a value and carries it too; the second stream's own
        // annotation is the one at fault.
        const string first = "apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: good\n  annotations:\n    note: see gitstreamsync.io/schedule below\n    gitstreamsync.io/schedule: \"0 2 * * *\"\n";
        const string second = "---\napiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: bad\n  annotations:\n    note: gitstreamsync.io/schedule\n    'gitstreamsync.io/schedule': \"0 25 * * *\"\n";
        var text = first + second;
        var bad = Stream("bad", "0 25 * * *") with { Span = new TextSpan(first.Length, text.Length), Location = new SourceLocation(8, 1) };
        var good = Stream("good", "0 2 * * *") with { Span = new TextSpan(0, first.Length) };

        var selection = DueStreamSelector.Select([good, bad], DueRule.All, ScheduleDefaults.Utc, new Dictionary<string, string> { ["streams.yaml"] = text });

        Assert.Equal(new SourceLocation(15, 5), Assert.Single(selection.Problems).Location);
    }

    [Fact]
    public void Without_the_key_in_the_stream_text_the_problem_points_at_the_stream()
    {
        const string text = "apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: bad\n  annotations: {}\n#gitstreamsync.io/schedule";
        var bad = Stream("bad", "0 25 * * *") with { Span = new TextSpan(0, text.Length + 40), Location = new SourceLocation(3, 1) };

        var selection = DueStreamSelector.Select([bad], DueRule.All, ScheduleDefaults.Utc, new Dictionary<string, string> { ["streams.yaml"] = text });

        Assert.Equal(new SourceLocation(3, 1), Assert.Single(selection.Problems).Location);
    }

    [Fact]
    public void A_key_on_the_first_line_is_at_column_one()
    {
        const string text = "gitstreamsync.io/schedule: x\n";
        var bad = Stream("bad", "x") with { Span = new TextSpan(0, text.Length), Location = new SourceLocation(4, 2) };

        var selection = DueStreamSelector.Select([bad], DueRule.All, ScheduleDefaults.Utc, new Dictionary<string, string> { ["streams.yaml"] = text });

        Assert.Equal(new SourceLocation(1, 1), Assert.Single(selection.Problems).Location);
    }
}
