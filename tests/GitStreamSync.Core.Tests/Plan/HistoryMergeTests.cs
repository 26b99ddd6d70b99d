using GitStreamSync.Core.Tests.Propose;
using GitStreamSync.Core.Tests.Record;
using GitStreamSync.Core.Tests.Select;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Read;
using static GitStreamSync.Core.Tests.Plan.PlanningFixture;

namespace GitStreamSync.Core.Tests.Plan;

/// <summary>Semantics 2.3 (the changed test) and 2.3.1 (history merge), through the planner.</summary>
public sealed class HistoryMergeTests
{
    private static readonly SpecTag Xenial = Docker("16.04", "ubuntu:16.04");

    [Fact]
    public void First_resolution_writes_one_event_with_now_the_pull_spec_the_digest_and_G()
    {
        var plan = PlanOf([Stream("ubuntu", [Xenial], generation: 1)], Registry(("ubuntu:16.04", Ok(D1))));

        var stream = Assert.Single(plan.Streams);
        var item = Assert.Single(stream.TagStatus("16.04").Items);
        Assert.Equal(new TagEvent(NowSeconds, $"ubuntu@{D1}", D1.ToString(), 2), item);
        Assert.Equal(TagChangeKind.New, Assert.Single(stream.Changes).Kind);
        Assert.Equal("", stream.NewStatus!.DockerImageRepository);
    }

    [Fact]
    public void Re_resolving_the_same_digest_writes_nothing()
    {
        var status = Status(Entry("16.04", Item($"ubuntu@{D1}", D1)));
        var stream = Stream("ubuntu", [Xenial], status);

        var plan = Assert.Single(PlanOf([stream], Registry(("ubuntu:16.04", Ok(D1)))).Streams);

        Assert.False(plan.IsChanged);
        Assert.Null(plan.NewStatus);
        Assert.Same(status, plan.ResultStatus);
        Assert.Empty(plan.Changes);
    }

    [Fact]
    public void New_digest_is_prepended_and_older_items_stay()
    {
        var old = Item($"ubuntu@{D1}", D1, created: Earlier);
        var stream = Stream("ubuntu", [Xenial], Status(Entry("16.04", old)), generation: 2);

        var plan = Assert.Single(PlanOf([stream], Registry(("ubuntu:16.04", Ok(D2)))).Streams);

        Assert.Equal([new TagEvent(NowSeconds, $"ubuntu@{D2}", D2.ToString(), 3), old], plan.TagStatus("16.04").Items);
        var change = Assert.Single(plan.Changes);
        Assert.Equal((TagChangeKind.Updated, $"ubuntu@{D1}", D1.ToString(), $"ubuntu@{D2}", D2.ToString()),
            (change.Kind, change.OldReference, change.OldImage, change.NewReference, change.NewImage));
    }

    [Fact]
    public void Same_image_different_ref_replaces_the_ref_in_place_and_keeps_created()
    {
        // from changed to another spelling that resolves to the same digest.
        var tag = Docker("16.04", "docker.io/library/ubuntu:16.04");
        var stream = Stream("ubuntu", [tag], Status(Entry("16.04", Item($"ubuntu@{D1}", D1, generation: 2))));

        var plan = Assert.Single(PlanOf([stream], Registry(("docker.io/library/ubuntu:16.04", Ok(D1)))).Streams);

        var item = Assert.Single(plan.TagStatus("16.04").Items);
        Assert.Equal(new TagEvent(Earlier, $"docker.io/library/ubuntu@{D1}", D1.ToString(), 3), item);
        Assert.Equal(TagChangeKind.Updated, Assert.Single(plan.Changes).Kind);
    }

    [Fact]
    public void Same_ref_different_image_replaces_the_image_in_place_and_keeps_created()
    {
        // A hand-edited item whose image field disagrees with its pull spec.
        var edited = new TagEvent(Earlier, $"ubuntu@{D1}", D3.ToString(), 2);
        var older = Item($"ubuntu@{D3}", D3, created: Earliest, generation: 1);
        var stream = Stream("ubuntu", [Xenial], Status(Entry("16.04", edited, older)));

        var plan = Assert.Single(PlanOf([stream], Registry(("ubuntu:16.04", Ok(D1)))).Streams);

        Assert.Equal([new TagEvent(Earlier, $"ubuntu@{D1}", D1.ToString(), 3), older], plan.TagStatus("16.04").Items);
    }

    [Fact]
    public void Spec_generation_above_items_generation_updates_the_generation_in_place_once()
    {
        // Semantics 2.3 step 1: a stream exported at generation 4 whose import at 4 has not happened yet.
        var tag = Docker("16.04", "ubuntu:16.04", generation: 4);
        var stream = Stream("ubuntu", [tag], Status(Entry("16.04", Item($"ubuntu@{D1}", D1, generation: 2))), generation: 4);

        var plan = Assert.Single(PlanOf([stream], Registry(("ubuntu:16.04", Ok(D1)))).Streams);

        Assert.Equal(new TagEvent(Earlier, $"ubuntu@{D1}", D1.ToString(), 5), Assert.Single(plan.TagStatus("16.04").Items));
        Assert.Equal(TagChangeKind.GenerationUpdated, Assert.Single(plan.Changes).Kind);

        var next = Assert.Single(PlanOf([stream with { Status = plan.NewStatus }], Registry(("ubuntu:16.04", Ok(D1)))).Streams);
        Assert.False(next.IsChanged);
    }

    [Fact]
    public void Dockerimagereference_keeps_the_name_as_written_with_the_tag_replaced_by_the_digest()
    {
        var stream = Stream("app", [Docker("a", "quay.io/org/app:1.2"), Docker("b", $"localhost:5000/team/app:2@{D2}"), Docker("c", "nginx")]);

        var plan = Assert.Single(PlanOf([stream], Registry(("quay.io/org/app:1.2", Ok(D1)), ($"localhost:5000/team/app:2@{D2}", Ok(D2)), ("nginx", Ok(D3)))).Streams);

        Assert.Equal($"quay.io/org/app@{D1}", plan.TagStatus("a").Items[0].DockerImageReference);
        Assert.Equal($"localhost:5000/team/app@{D2}", plan.TagStatus("b").Items[0].DockerImageReference);
        Assert.Equal($"nginx@{D3}", plan.TagStatus("c").Items[0].DockerImageReference);
    }

    [Fact]
    public void Legacy_index_records_the_platform_digest_and_reports_platform_and_index()
    {
        var resolved = Ok(D1) with { IndexDigest = IndexDigest, Platform = new Platform("linux", "arm64") };

        var plan = Assert.Single(PlanOf([Stream("ubuntu", [Xenial])], Registry(("ubuntu:16.04", resolved))).Streams);

        Assert.Equal(D1.ToString(), plan.TagStatus("16.04").Items[0].Image);
        var change = Assert.Single(plan.Changes);
        Assert.Equal((IndexDigest, new Platform("linux", "arm64")), (change.IndexDigest!, change.Platform!));
    }

    [Fact]
    public void Legacy_index_rebuilt_for_another_architecture_makes_no_change()
    {
        var stream = Stream("ubuntu", [Xenial], Status(Entry("16.04", Item($"ubuntu@{D1}", D1))));
        var rebuilt = Ok(D1) with { IndexDigest = DigestOf("index rebuilt for arm64"), Platform = Platform.LinuxAmd64 };

        var plan = Assert.Single(PlanOf([stream], Registry(("ubuntu:16.04", rebuilt))).Streams);

        Assert.False(plan.IsChanged);
    }

    [Fact]
    public void PreserveOriginal_records_the_index_digest_the_resolver_returns()
    {
        var stream = Stream("ubuntu", [Docker("16.04", "ubuntu:16.04", mode: ImportMode.PreserveOriginal)]);
        var input = Input([stream], Registry(("ubuntu:16.04", Ok(IndexDigest) with { IndexDigest = IndexDigest })));

        var plan = Assert.Single(SyncPlanner.Plan(input).Streams);

        Assert.Equal(ImportMode.PreserveOriginal, Assert.Single(input.Resolutions.Keys).ImportMode);
        Assert.Equal(new TagEvent(NowSeconds, $"ubuntu@{IndexDigest}", IndexDigest.ToString(), 2), Assert.Single(plan.TagStatus("16.04").Items));
    }

    [Fact]
    public void Pinned_digest_is_resolved_once_then_never_again()
    {
        var stream = Stream("ubuntu", [Docker("pinned", $"ubuntu@{D1}")]);
        var first = Assert.Single(PlanOf([stream], Registry(($"ubuntu@{D1}", Ok(D1)))).Streams);
        Assert.Equal($"ubuntu@{D1}", first.TagStatus("pinned").Items[0].DockerImageReference);

        var later = stream with { Status = first.NewStatus };
        var input = Input([later], Registry(($"ubuntu@{D1}", Ok(D2))));

        Assert.Empty(input.Resolutions);
        Assert.False(Assert.Single(SyncPlanner.Plan(input).Streams).IsChanged);
    }

    [Fact]
    public void Scheduled_false_tag_is_resolved_only_while_it_has_no_status()
    {
        var stream = Stream("ubuntu", [Docker("16.04", "ubuntu:16.04", scheduled: false)]);
        var first = Assert.Single(PlanOf([stream], Registry(("ubuntu:16.04", Ok(D1)))).Streams);
        Assert.True(first.IsChanged);

        var second = Assert.Single(PlanOf([stream with { Status = first.NewStatus }], Registry(("ubuntu:16.04", Ok(D2)))).Streams);

        Assert.False(second.IsChanged);
    }
}
