using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;

namespace GitStreamSync.Core.Tests.Plan;

public sealed class MinimumAgeTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly Digest New = Digest.Parse("sha256:" + new string('a', 64));

    private static SyncPlan PlanFor(string? annotation)
    {
        var yaml = "apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: app\n"
            + (annotation is null ? "" : $"  annotations:\n    gitstreamsync.io/minimum-age: \"{annotation}\"\n")
            + "spec:\n  tags:\n  - name: \"1\"\n    from:\n      kind: DockerImage\n      name: registry.example.com/app:1\n";
        var stream = Assert.Single(ImageStreamReader.ReadRepository([new SourceFile("streams/app.yaml", yaml)]).Streams);
        var change = new TagChange(stream.DisplayName, stream.FilePath, stream.Name, "1", TagChangeKind.New, null, null, $"registry.example.com/app@{New}", New.ToString());
        return new SyncPlan(Now, [new StreamPlan { Stream = stream, Changes = [change] }]);
    }

    private static (IReadOnlyList<WaitingDigest> Waiting, IReadOnlyList<Problem> Problems) Check(ImageFacts facts, string? annotation = null, TimeSpan? configured = null) =>
        MinimumAge.Check(PlanFor(annotation), configured ?? TimeSpan.FromDays(3), new Dictionary<Digest, ImageFacts> { [New] = facts }, Now, (_, _) => null);

    [Fact]
    public void An_image_created_long_enough_ago_is_proposed_and_a_young_one_waits_from_its_created_time()
    {
        Assert.Empty(Check(new ImageFacts(New) { Created = Now.AddDays(-3), FirstSeen = Now }).Waiting);

        var waiting = Assert.Single(Check(new ImageFacts(New) { Created = Now.AddDays(-1), FirstSeen = Now.AddDays(-5) }).Waiting);
        Assert.Equal(Now.AddDays(2), waiting.Until);
        Assert.Equal("created 2026-03-09 12:00 UTC, minimum age 3d", waiting.Basis);
    }

    [Fact]
    public void A_created_time_in_the_future_or_missing_counts_from_the_first_sighting()
    {
        Assert.Empty(Check(new ImageFacts(New) { Created = Now.AddYears(1), FirstSeen = Now.AddDays(-4) }).Waiting);
        Assert.Empty(Check(new ImageFacts(New) { FirstSeen = Now.AddDays(-4) }).Waiting);

        var waiting = Assert.Single(Check(new ImageFacts(New) { Created = Now.AddYears(1), FirstSeen = Now.AddDays(-1) }).Waiting);
        Assert.Equal(Now.AddDays(2), waiting.Until);
        Assert.StartsWith("first seen 2026-03-09 12:00 UTC", waiting.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_image_waits_the_whole_age_from_now()
    {
        var waiting = Assert.Single(Check(new ImageFacts(New) { Unreadable = "registry.example.com/app: 503" }).Waiting);

        Assert.Equal(Now.AddDays(3), waiting.Until);
        Assert.StartsWith("image config not read", waiting.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void The_stream_annotation_wins_over_the_setting_and_a_wrong_one_is_a_problem_that_keeps_the_setting()
    {
        var young = new ImageFacts(New) { Created = Now.AddDays(-1), FirstSeen = Now.AddDays(-1) };

        Assert.Empty(Check(young, annotation: "12h").Waiting);
        Assert.Empty(Check(young, annotation: "0").Waiting);
        Assert.Single(Check(young, annotation: "5d", configured: TimeSpan.Zero).Waiting);

        var (waiting, problems) = Check(young, annotation: "soon");
        Assert.Single(waiting);
        Assert.Equal("annotation gitstreamsync.io/minimum-age 'soon' is not a duration such as 12h, 3d or 0", Assert.Single(problems).Message);
    }

    [Fact]
    public void Without_the_annotation_the_setting_applies_and_nothing_is_reported()
    {
        var (waiting, problems) = Check(new ImageFacts(New) { Created = Now.AddDays(-1) });

        Assert.Equal(Now.AddDays(2), Assert.Single(waiting).Until);
        Assert.Empty(problems);
        Assert.Throws<ArgumentNullException>(() => MinimumAge.For(null!, TimeSpan.Zero, []));
    }

    [Fact]
    public void An_image_created_this_very_moment_counts_from_its_created_time()
    {
        var waiting = Assert.Single(Check(new ImageFacts(New) { Created = Now, FirstSeen = Now.AddDays(-5) }).Waiting);

        Assert.Equal(Now.AddDays(3), waiting.Until);
        Assert.Equal("created 2026-03-10 12:00 UTC, minimum age 3d", waiting.Basis);
    }

    [Fact]
    public void An_image_the_registry_told_nothing_about_counts_from_now_as_first_seen()
    {
        var waiting = Assert.Single(MinimumAge.Check(PlanFor(null), TimeSpan.FromDays(3), new Dictionary<Digest, ImageFacts>(), Now, (_, _) => null).Waiting);

        Assert.Equal(Now.AddDays(3), waiting.Until);
        Assert.Equal("first seen 2026-03-10 12:00 UTC, minimum age 3d", waiting.Basis);
    }

    [Theory]
    [InlineData("36h", "minimum age 36h")]
    [InlineData("90m", "minimum age 90m")]
    [InlineData("2d", "minimum age 2d")]
    public void The_minimum_age_is_shown_in_the_largest_whole_unit(string annotation, string shown)
    {
        var waiting = Assert.Single(Check(new ImageFacts(New) { Created = Now.AddMinutes(-10) }, annotation).Waiting);

        Assert.EndsWith(shown, waiting.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void A_waiting_tag_explains_until_when_and_why()
    {
        var tag = new WaitingTag("streams/app.yaml#app", "1", New, new DateTimeOffset(2026, 3, 5, 9, 0, 0, TimeSpan.FromHours(1)), "created 2026-03-02 08:00 UTC, minimum age 3d");

        Assert.Equal("waiting until 2026-03-05 08:00 UTC (created 2026-03-02 08:00 UTC, minimum age 3d)", tag.Explanation);
    }
}
