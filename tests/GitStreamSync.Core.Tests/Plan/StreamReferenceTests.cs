using GitStreamSync.Core.Tests.Propose;
using GitStreamSync.Core.Tests.Record;
using GitStreamSync.Core.Tests.Select;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Read;
using static GitStreamSync.Core.Tests.Plan.PlanningFixture;

namespace GitStreamSync.Core.Tests.Plan;

/// <summary>Semantics 2.4: ImageStreamTag and ImageStreamImage sources inside the repository.</summary>
public sealed class StreamReferenceTests
{
    [Fact]
    public void ImageStreamTag_same_stream_alias_follows_its_source_in_the_same_run()
    {
        var old = Item($"ubuntu@{D1}", D1);
        var status = Status(Entry("16.04", old), Entry("lts", old));
        // The alias comes first in spec: evaluation order must not matter.
        var stream = Stream("ubuntu", [StreamTag("lts", "16.04"), Docker("16.04", "ubuntu:16.04")], status, generation: 2);

        var plan = Assert.Single(PlanOf([stream], Registry(("ubuntu:16.04", Ok(D2)))).Streams);

        var expected = new TagEvent(NowSeconds, $"ubuntu@{D2}", D2.ToString(), 3);
        Assert.Equal([expected, old], plan.TagStatus("16.04").Items);
        Assert.Equal([expected, old], plan.TagStatus("lts").Items);
        Assert.Equal(["lts", "16.04"], plan.Changes.Select(c => c.Tag));
    }

    [Fact]
    public void ImageStreamTag_copies_the_source_item_including_its_created()
    {
        var source = Item($"ubuntu@{D1}", D1, created: Earliest, generation: 2);
        var stream = Stream("ubuntu", [Docker("16.04", "ubuntu:16.04", scheduled: false), StreamTag("lts", "ubuntu:16.04")], Status(Entry("16.04", source)));

        var plan = Assert.Single(PlanOf([stream]).Streams);

        Assert.Equal([source with { Generation = 3 }], plan.TagStatus("lts").Items);
        Assert.Equal(TagChangeKind.New, Assert.Single(plan.Changes).Kind);
    }

    [Fact]
    public void ImageStreamTag_without_a_tag_means_latest()
    {
        var source = Item($"ubuntu@{D1}", D1);
        var stream = Stream("ubuntu", [StreamTag("alias", "ubuntu:")], Status(Entry("latest", source)));

        var plan = Assert.Single(PlanOf([stream]).Streams);

        Assert.Equal(D1.ToString(), plan.TagStatus("alias").Items[0].Image);
    }

    [Fact]
    public void ImageStreamTag_to_another_stream_follows_that_stream_in_the_same_run()
    {
        var bases = Stream("base", [Docker("stable", "quay.io/org/base:1")], file: "base.yaml");
        var app = Stream("app", [StreamTag("base", "base:stable")], file: "app.yaml");

        var plan = PlanOf([app, bases], Registry(("quay.io/org/base:1", Ok(D1))));

        Assert.Equal($"quay.io/org/base@{D1}", plan.Streams[0].TagStatus("base").Items[0].DockerImageReference);
        Assert.True(plan.Streams[1].IsChanged);
    }

    [Fact]
    public void ImageStreamTag_to_a_stream_outside_the_due_set_reads_its_status_as_written()
    {
        var bases = Stream("base", [Docker("stable", "quay.io/org/base:1")], Status(Entry("stable", Item($"quay.io/org/base@{D1}", D1))), file: "base.yaml");
        var app = Stream("app", [StreamTag("base", "base:stable")], file: "app.yaml");

        var plan = PlanOf([app, bases], Registry(("quay.io/org/base:1", Ok(D2))), due: new HashSet<string> { "app.yaml#app" });

        Assert.Equal(D1.ToString(), Assert.Single(plan.Streams).TagStatus("base").Items[0].Image);
    }

    [Fact]
    public void ImageStreamTag_finds_a_stream_by_name_and_namespace_when_given()
    {
        var dev = Stream("base", [], Status(Entry("stable", Item($"quay.io/org/base@{D1}", D1))), file: "dev.yaml", ns: "dev");
        var prod = Stream("base", [], Status(Entry("stable", Item($"quay.io/org/base@{D2}", D2))), file: "prod.yaml", ns: "prod");
        var app = Stream("app", [StreamTag("base", "base:stable", ns: "prod")], file: "app.yaml", ns: "dev");

        var plan = PlanOf([app, dev, prod]);

        Assert.Equal(D2.ToString(), plan.Streams[0].TagStatus("base").Items[0].Image);
    }

    [Fact]
    public void ImageStreamTag_to_a_name_in_several_files_prefers_the_same_file_else_is_ambiguous()
    {
        var here = Stream("base", [], Status(Entry("stable", Item($"quay.io/org/base@{D1}", D1))), file: "dev/app.yaml");
        var there = Stream("base", [], Status(Entry("stable", Item($"quay.io/org/base@{D2}", D2))), file: "prod/app.yaml");
        var app = Stream("app", [StreamTag("base", "base:stable")], file: "dev/app.yaml");
        var elsewhere = Stream("app", [StreamTag("base", "base:stable")], file: "test/app.yaml");

        var plan = PlanOf([app, here, there, elsewhere]);

        Assert.Equal(D1.ToString(), plan.Streams[0].TagStatus("base").Items[0].Image);
        Assert.Contains("ambiguous", Assert.Single(plan.Streams[3].Problems).Message, StringComparison.Ordinal);
        Assert.False(plan.Streams[3].IsChanged);
    }

    [Fact]
    public void ImageStreamTag_to_a_missing_stream_is_a_problem_and_changes_nothing()
    {
        var plan = Assert.Single(PlanOf([Stream("app", [StreamTag("base", "nothere:stable")])]).Streams);

        Assert.False(plan.IsChanged);
        Assert.Contains("\"nothere\" not found", Assert.Single(plan.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImageStreamTag_to_a_source_without_items_adds_nothing_and_is_no_problem()
    {
        var plan = Assert.Single(PlanOf([Stream("app", [StreamTag("alias", "missing"), Docker("missing", "ubuntu:1", scheduled: false)])]).Streams);

        Assert.False(plan.IsChanged);
        Assert.Empty(plan.Problems);
    }

    [Fact]
    public void ImageStreamTag_cycle_is_a_problem_naming_the_tags_not_a_hang()
    {
        var stream = Stream("app", [StreamTag("a", "b"), StreamTag("b", "c"), StreamTag("c", "a"), StreamTag("d", "a")]);

        var plan = Assert.Single(PlanOf([stream]).Streams);

        Assert.False(plan.IsChanged);
        var problem = Assert.Single(plan.Problems);
        Assert.Contains("app:a -> app:b -> app:c -> app:a", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImageStreamTag_pointing_at_itself_is_a_cycle()
    {
        var plan = Assert.Single(PlanOf([Stream("app", [StreamTag("a", "app:a")])]).Streams);

        Assert.Contains("app:a -> app:a", Assert.Single(plan.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImageStreamTag_cycle_across_streams_is_reported_once()
    {
        var one = Stream("one", [StreamTag("x", "two:y")], file: "one.yaml");
        var two = Stream("two", [StreamTag("y", "one:x")], file: "two.yaml");

        var plan = PlanOf([one, two]);

        Assert.Single(plan.Problems);
        Assert.DoesNotContain(plan.Streams, s => s.IsChanged);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(64)]
    public void ImageStreamImage_resolves_a_unique_digest_prefix_from_the_stream_history(int length)
    {
        var history = Entry("16.04", Item($"ubuntu@{D2}", D2), Item($"ubuntu@{D1}", D1, created: Earliest, generation: 1));
        var byHex = StreamImage("snap", $"ubuntu@{D1.Hex[..length]}");
        var byAlgorithm = StreamImage("snap2", $"ubuntu@sha256:{D1.Hex[..length]}");
        var stream = Stream("ubuntu", [byHex, byAlgorithm], Status(history), generation: 2);

        var plan = Assert.Single(PlanOf([stream]).Streams);

        var expected = new TagEvent(NowSeconds, $"ubuntu@{D1}", D1.ToString(), 3);
        Assert.Equal([expected], plan.TagStatus("snap").Items);
        Assert.Equal([expected], plan.TagStatus("snap2").Items);
    }

    [Fact]
    public void ImageStreamImage_sees_digests_resolved_in_the_same_run()
    {
        var stream = Stream("ubuntu", [Docker("16.04", "ubuntu:16.04"), StreamImage("snap", D2.Hex[..10])]);

        var plan = Assert.Single(PlanOf([stream], Registry(("ubuntu:16.04", Ok(D2)))).Streams);

        Assert.Equal(D2.ToString(), plan.TagStatus("snap").Items[0].Image);
    }

    [Fact]
    public void ImageStreamImage_with_an_ambiguous_prefix_is_a_problem()
    {
        var status = Status(Entry("a", Item($"ubuntu@{D1}", D1)), Entry("b", Item($"ubuntu@{D2}", D2)));
        var plan = Assert.Single(PlanOf([Stream("ubuntu", [StreamImage("snap", "ubuntu@sha256:")], status)]).Streams);

        Assert.False(plan.IsChanged);
        Assert.Contains("ambiguous", Assert.Single(plan.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImageStreamImage_with_no_match_is_a_problem()
    {
        var status = Status(Entry("a", Item($"ubuntu@{D1}", D1)));
        var plan = Assert.Single(PlanOf([Stream("ubuntu", [StreamImage("snap", $"ubuntu@{D3.Hex[..12]}")], status)]).Streams);

        Assert.False(plan.IsChanged);
        Assert.Contains("no image", Assert.Single(plan.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImageStreamImage_already_current_writes_nothing()
    {
        var item = Item($"ubuntu@{D1}", D1);
        var status = Status(Entry("a", item), Entry("snap", item));

        var plan = Assert.Single(PlanOf([Stream("ubuntu", [StreamImage("snap", $"ubuntu@{D1.Hex[..12]}")], status)]).Streams);

        Assert.False(plan.IsChanged);
        Assert.Empty(plan.Problems);
    }
}
