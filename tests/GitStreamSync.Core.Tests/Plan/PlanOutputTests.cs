using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Tests.Propose;
using GitStreamSync.Core.Tests.Record;
using GitStreamSync.Core.Tests.Select;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using static GitStreamSync.Core.Tests.Plan.PlanningFixture;

namespace GitStreamSync.Core.Tests.Plan;

/// <summary>History limit, ordering, generations, the due set, the instant, determinism and the summary.</summary>
public sealed class PlanOutputTests
{
    private static NamedTagEventList History(string tag, int count) =>
        Entry(tag, Enumerable.Range(0, count).Select(i => Item($"ubuntu@{DigestOf($"old{i}")}", DigestOf($"old{i}"), created: Earliest.AddDays(-i))).ToArray());

    [Fact]
    public void History_limit_trims_the_oldest_items_of_a_tag_it_writes()
    {
        var old = History("16.04", 10);
        var stream = Stream("ubuntu", [Docker("16.04", "ubuntu:16.04")], Status(old));

        var items = Assert.Single(PlanOf([stream], Registry(("ubuntu:16.04", Ok(D1)))).Streams).TagStatus("16.04").Items;

        Assert.Equal(10, items.Count);
        Assert.Equal(D1.ToString(), items[0].Image);
        Assert.Equal(old.Items.Take(9), items.Skip(1));
    }

    [Fact]
    public void History_limit_is_configurable_and_zero_keeps_everything()
    {
        var stream = Stream("ubuntu", [Docker("16.04", "ubuntu:16.04")], Status(History("16.04", 12)));
        var registry = Registry(("ubuntu:16.04", Ok(D1)));

        Assert.Equal(3, Assert.Single(PlanOf([stream], registry, new PlanSettings { HistoryLimit = 3 }).Streams).TagStatus("16.04").Items.Count);
        Assert.Equal(13, Assert.Single(PlanOf([stream], registry, new PlanSettings { HistoryLimit = 0 }).Streams).TagStatus("16.04").Items.Count);
    }

    [Fact]
    public void History_limit_leaves_tags_the_run_does_not_write_alone()
    {
        var long_ = History("old", 15);
        var stream = Stream("ubuntu", [Docker("16.04", "ubuntu:16.04"), Docker("old", "ubuntu:14.04", scheduled: false)], Status(long_));

        var plan = Assert.Single(PlanOf([stream], Registry(("ubuntu:16.04", Ok(D1)))).Streams);

        Assert.Same(long_, plan.TagStatus("old"));
    }

    [Fact]
    public void Status_tags_are_sorted_by_name_ordinal_when_written()
    {
        var stream = Stream("app", [Docker("b", "app:b"), Docker("B", "app:B"), Docker("a", "app:a"), Docker("10", "app:10"), Docker("9", "app:9")]);
        var registry = Registry(("app:b", Ok(D1)), ("app:B", Ok(D1)), ("app:a", Ok(D1)), ("app:10", Ok(D1)), ("app:9", Ok(D1)));

        var plan = Assert.Single(PlanOf([stream], registry).Streams);

        Assert.Equal(["10", "9", "B", "a", "b"], plan.NewStatus!.Tags.Select(t => t.Tag));
    }

    [Fact]
    public void Unchanged_stream_with_unsorted_status_is_not_rewritten()
    {
        var status = Status(Entry("b", Item($"app@{D1}", D1)), Entry("a", Item($"app@{D1}", D1)));
        var stream = Stream("app", [Docker("b", "app:b"), Docker("a", "app:a")], status);

        var plan = Assert.Single(PlanOf([stream], Registry(("app:b", Ok(D1)), ("app:a", Ok(D1)))).Streams);

        Assert.Null(plan.NewStatus);
        Assert.Same(status, plan.ResultStatus);
    }

    [Fact]
    public void Status_tags_no_longer_in_spec_are_kept_as_they_are()
    {
        var gone = Entry("gone", Item($"ubuntu@{D3}", D3));
        var stream = Stream("ubuntu", [Docker("16.04", "ubuntu:16.04")], Status(gone) with { DockerImageRepository = "image-registry.svc:5000/ns/ubuntu" });

        var status = Assert.Single(PlanOf([stream], Registry(("ubuntu:16.04", Ok(D1)))).Streams).NewStatus!;

        Assert.Equal(["16.04", "gone"], status.Tags.Select(t => t.Tag));
        Assert.Same(gone, status.Tags[1]);
        Assert.Equal("image-registry.svc:5000/ns/ubuntu", status.DockerImageRepository);
    }

    [Fact]
    public void Generation_is_one_more_than_the_largest_the_file_shows_and_shared_by_the_stream()
    {
        var status = Status(
            Entry("a", Item($"app@{D1}", D1, generation: 4)),
            new NamedTagEventList { Tag = "b", Conditions = [NotFound("docker.io/library/app:b", generation: 7)] });
        var stream = Stream("app", [Docker("a", "app:a", generation: 5), Docker("b", "app:b"), Reference("r", "app:r")], status, generation: 6);

        var plan = Assert.Single(PlanOf([stream], Registry(("app:a", Ok(D2)), ("app:b", Ok(D2)))).Streams);

        Assert.Equal(8, plan.Generation);
        Assert.All(plan.NewStatus!.Tags, t => Assert.Equal(8, t.Items[0].Generation));
    }

    [Fact]
    public void Generation_of_a_stream_without_any_is_two_as_created_then_imported()
    {
        // Semantics 2.7: oc apply creates the stream at generation 1; the import then writes 2.
        var plan = Assert.Single(PlanOf([Stream("app", [Docker("a", "app:a")])], Registry(("app:a", Ok(D1)))).Streams);

        Assert.Equal(2, plan.TagStatus("a").Items[0].Generation);
    }

    [Fact]
    public void Only_streams_in_the_due_set_are_planned()
    {
        var a = Stream("a", [Docker("x", "app:x")], file: "a.yaml");
        var b = Stream("b", [Docker("x", "app:x")], file: "b.yaml");

        var plan = PlanOf([a, b], Registry(("app:x", Ok(D1))), due: new HashSet<string> { "b.yaml#b" });

        Assert.Equal("b.yaml#b", Assert.Single(plan.Streams).StreamKey);
    }

    [Fact]
    public void Now_is_written_in_UTC_truncated_to_seconds()
    {
        var input = Input([Stream("a", [Reference("r", "app:r")])]) with { Now = new DateTimeOffset(2026, 11, 28, 7, 30, 15, 999, TimeSpan.FromHours(2)) };

        var plan = SyncPlanner.Plan(input);

        Assert.Equal(NowSeconds, plan.Now);
        Assert.Equal(TimeSpan.Zero, plan.Streams[0].TagStatus("r").Items[0].Created.Offset);
        Assert.Equal(NowSeconds, plan.Streams[0].TagStatus("r").Items[0].Created);
    }

    [Fact]
    public void Same_inputs_give_equal_plans()
    {
        var streams = MixedRepository();
        var registry = Registry(("ubuntu:16.04", Ok(D2)), ("quay.io/org/base:1", Fail(ResolutionFailureKind.NotFound)), ("nginx", Fail(ResolutionFailureKind.Timeout)));

        var first = PlanOf(streams, registry);
        var second = PlanOf(streams, registry);

        Assert.Equal(first, second);
        Assert.NotSame(first, second);
        Assert.NotEmpty(first.Changes);
    }

    [Fact]
    public void Resolution_order_does_not_change_the_plan()
    {
        var input = Input(MixedRepository(), Registry(("ubuntu:16.04", Ok(D2)), ("quay.io/org/base:1", Ok(D3)), ("nginx", Ok(D1))));
        var reversed = input with { Resolutions = input.Resolutions.Reverse().ToDictionary(p => p.Key, p => p.Value) };

        Assert.Equal(SyncPlanner.Plan(input), SyncPlanner.Plan(reversed));
    }

    /// <summary>ubuntu (updated tag + alias + reference) and base (NotFound) in one file; web (timeout, cross-stream alias) in another.</summary>
    private static List<ImageStreamDocument> MixedRepository()
    {
        var ubuntuItem = Item($"ubuntu@{D1}", D1);
        var ubuntu = Stream("ubuntu", [Docker("16.04", "ubuntu:16.04"), StreamTag("lts", "16.04"), Reference("upstream", "ubuntu:16.04")],
            Status(Entry("16.04", ubuntuItem), Entry("lts", ubuntuItem)), file: "streams/base.yaml");
        var bases = Stream("base", [Docker("stable", "quay.io/org/base:1")], file: "streams/base.yaml");
        var web = Stream("web", [Docker("latest", "nginx"), StreamTag("ubuntu", "ubuntu:16.04")], Status(Entry("ubuntu", ubuntuItem)), file: "streams/web.yaml");
        return [ubuntu, bases, web];
    }
}
