using GitStreamSync.Core.Tests.Propose;
using GitStreamSync.Core.Tests.Record;
using GitStreamSync.Core.Tests.Select;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using static GitStreamSync.Core.Tests.Plan.PlanningFixture;

namespace GitStreamSync.Core.Tests.Plan;

/// <summary>Semantics 2.3 failure conditions and architecture section 2 permanent vs transient.</summary>
public sealed class FailureConditionTests
{
    private static readonly SpecTag Xenial = Docker("16.04", "ubuntu:16.04");
    private const string XenialNotFound = "dockerimage.image.openshift.io \"docker.io/library/ubuntu:16.04\" not found";

    [Fact]
    public void Permanent_failure_writes_one_ImportSuccess_False_condition_and_keeps_items()
    {
        var old = Item($"ubuntu@{D1}", D1);
        var stream = Stream("ubuntu", [Xenial], Status(Entry("16.04", old)), generation: 2);

        var plan = Assert.Single(PlanOf([stream], Registry(("ubuntu:16.04", Fail(ResolutionFailureKind.NotFound)))).Streams);

        var entry = plan.TagStatus("16.04");
        Assert.Equal([old], entry.Items);
        Assert.Equal(new TagEventCondition("ImportSuccess", "False", NowSeconds, "NotFound", XenialNotFound, 3), Assert.Single(entry.Conditions));
        var change = Assert.Single(plan.Changes);
        Assert.Equal(TagChangeKind.ConditionSet, change.Kind);
        Assert.Equal((old.Image, old.Image), (change.OldImage, change.NewImage));
        Assert.Equal(new TagFailure("streams/app.yaml#ubuntu", "16.04", "NotFound", XenialNotFound), Assert.Single(plan.Failures));
        Assert.Contains(XenialNotFound, Assert.Single(plan.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Permanent_failure_of_a_tag_without_items_leaves_items_empty()
    {
        var plan = Assert.Single(PlanOf([Stream("ubuntu", [Xenial])], Registry(("ubuntu:16.04", Fail(ResolutionFailureKind.NotFound)))).Streams);

        var entry = plan.TagStatus("16.04");
        Assert.Empty(entry.Items);
        Assert.Single(entry.Conditions);
    }

    [Theory]
    [InlineData(ResolutionFailureKind.Unauthorized, "Unauthorized", "you may not have access to the container image \"docker.io/library/ubuntu:16.04\"")]
    [InlineData(ResolutionFailureKind.UnsupportedManifest, "InternalError", "Internal error occurred: docker.io/library/ubuntu:16.04: registry said no")]
    [InlineData(ResolutionFailureKind.NotFound, "NotFound", XenialNotFound)]
    public void Permanent_failure_reason_and_message_follow_the_Kubernetes_shapes(ResolutionFailureKind kind, string reason, string message)
    {
        var plan = Assert.Single(PlanOf([Stream("ubuntu", [Xenial])], Registry(("ubuntu:16.04", Fail(kind)))).Streams);

        var condition = Assert.Single(plan.TagStatus("16.04").Conditions);
        Assert.Equal((reason, message), (condition.Reason, condition.Message));
    }

    [Fact]
    public void Invalid_from_name_writes_an_Invalid_condition()
    {
        var plan = Assert.Single(PlanOf([Stream("ubuntu", [Docker("bad", "Ubuntu:16.04")])]).Streams);

        var condition = Assert.Single(plan.TagStatus("bad").Conditions);
        Assert.Equal("Invalid", condition.Reason);
        Assert.StartsWith("Invalid value: \"Ubuntu:16.04\": ", condition.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Identical_failure_repeat_writes_nothing()
    {
        var existing = new NamedTagEventList { Tag = "16.04", Items = [Item($"ubuntu@{D1}", D1)], Conditions = [NotFound("docker.io/library/ubuntu:16.04")] };
        var stream = Stream("ubuntu", [Xenial], Status(existing));

        var plan = Assert.Single(PlanOf([stream], Registry(("ubuntu:16.04", Fail(ResolutionFailureKind.NotFound)))).Streams);

        Assert.False(plan.IsChanged);
        Assert.Empty(plan.Changes);
        Assert.Single(plan.Failures);
    }

    [Fact]
    public void Different_failure_replaces_the_condition()
    {
        var existing = new NamedTagEventList { Tag = "16.04", Conditions = [NotFound("docker.io/library/ubuntu:16.04")] };
        var stream = Stream("ubuntu", [Xenial], Status(existing));

        var plan = Assert.Single(PlanOf([stream], Registry(("ubuntu:16.04", Fail(ResolutionFailureKind.Unauthorized)))).Streams);

        Assert.Equal("Unauthorized", Assert.Single(plan.TagStatus("16.04").Conditions).Reason);
    }

    [Fact]
    public void Failure_then_same_digest_success_updates_generation_in_place_and_clears_the_condition()
    {
        var old = Item($"ubuntu@{D1}", D1, generation: 2);
        var existing = new NamedTagEventList { Tag = "16.04", Items = [old], Conditions = [NotFound("docker.io/library/ubuntu:16.04", generation: 3)] };
        var stream = Stream("ubuntu", [Xenial], Status(existing));

        var plan = Assert.Single(PlanOf([stream], Registry(("ubuntu:16.04", Ok(D1)))).Streams);

        var entry = plan.TagStatus("16.04");
        Assert.Equal([old with { Generation = 4 }], entry.Items);
        Assert.Empty(entry.Conditions);
        Assert.Equal(TagChangeKind.ConditionCleared, Assert.Single(plan.Changes).Kind);
    }

    [Fact]
    public void Any_change_clears_conditions()
    {
        var existing = new NamedTagEventList { Tag = "16.04", Items = [Item($"ubuntu@{D1}", D1)], Conditions = [NotFound("docker.io/library/ubuntu:16.04")] };
        var stream = Stream("ubuntu", [Xenial], Status(existing));

        var plan = Assert.Single(PlanOf([stream], Registry(("ubuntu:16.04", Ok(D2)))).Streams);

        var entry = plan.TagStatus("16.04");
        Assert.Equal(2, entry.Items.Count);
        Assert.Empty(entry.Conditions);
    }

    [Theory]
    [InlineData(ResolutionFailureKind.Timeout)]
    [InlineData(ResolutionFailureKind.ServerError)]
    [InlineData(ResolutionFailureKind.RateLimited)]
    [InlineData(ResolutionFailureKind.Unreachable)]
    [InlineData(ResolutionFailureKind.Deferred)]
    public void Transient_failure_changes_nothing_and_is_deferred(ResolutionFailureKind kind)
    {
        var stream = Stream("ubuntu", [Xenial], Status(Entry("16.04", Item($"ubuntu@{D1}", D1))));

        var plan = Assert.Single(PlanOf([stream], Registry(("ubuntu:16.04", Fail(kind, "503 from registry")))).Streams);

        Assert.False(plan.IsChanged);
        Assert.Empty(plan.Problems);
        var deferred = Assert.Single(plan.Deferred);
        Assert.Equal(("16.04", "ubuntu:16.04", kind), (deferred.Tag, deferred.Reference, deferred.Failure.Kind));
    }

    [Fact]
    public void Due_tag_without_a_resolution_is_deferred()
    {
        var plan = Assert.Single(PlanOf([Stream("ubuntu", [Xenial])]).Streams);

        Assert.False(plan.IsChanged);
        Assert.Equal(ResolutionFailureKind.Deferred, Assert.Single(plan.Deferred).Failure.Kind);
    }

    [Fact]
    public void A_failure_without_a_reference_says_only_what_failed()
    {
        Assert.Equal(("InternalError", "Internal error occurred: registry said no"), FailureConditions.Describe(Fail(ResolutionFailureKind.ServerError), null));
        Assert.Equal(("InternalError", "Internal error occurred: registry said no"), FailureConditions.Describe(Fail(ResolutionFailureKind.NotFound), null));
    }

    [Fact]
    public void A_tag_the_registry_was_not_asked_about_is_deferred_saying_so()
    {
        var plan = Assert.Single(PlanOf([Stream("ubuntu", [Xenial])]).Streams);

        Assert.Equal(new ResolutionFailed(ResolutionFailureKind.Deferred, "not resolved in this run"), Assert.Single(plan.Deferred).Failure);
    }

    [Fact]
    public void A_condition_of_another_status_is_replaced_even_with_the_same_reason_and_message()
    {
        var current = new NamedTagEventList { Tag = "16.04", Items = [], Conditions = [new TagEventCondition("ImportSuccess", "True", Earlier, "NotFound", XenialNotFound, 2)] };
        var failure = new TagEventCondition("ImportSuccess", "False", NowSeconds, "NotFound", XenialNotFound, 3);

        Assert.Equal([failure], TagHistory.ApplyFailure(current, "16.04", failure)!.Conditions);
        Assert.Null(TagHistory.ApplyFailure(current with { Conditions = [failure with { Generation = 9 }] }, "16.04", failure));
    }

    [Fact]
    public void An_answer_the_planner_does_not_know_defers_the_tag_naming_it()
    {
        var streams = new[] { Stream("ubuntu", [Xenial]) };
        var request = Assert.Single(GitStreamSync.Core.Select.DueTagSelector.Select(streams, GitStreamSync.Core.Configuration.PlanSettings.Default, null).Requests);
        var plan = Assert.Single(SyncPlanner.Plan(Input(streams) with { Resolutions = new Dictionary<ResolveRequest, ResolutionOutcome> { [request] = new OddAnswer() } }).Streams);

        Assert.Equal(new ResolutionFailed(ResolutionFailureKind.Deferred, "unexpected answer OddAnswer"), Assert.Single(plan.Deferred).Failure);
    }

    private sealed record OddAnswer : ResolutionOutcome;
}
