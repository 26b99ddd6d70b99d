using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using static GitStreamSync.Core.Tests.Plan.PlanningFixture;

namespace GitStreamSync.Core.Tests.Plan;

/// <summary>
/// What the planner does with a new digest whose signature did not verify, or that is younger than
/// its minimum age: the tag is not moved to it.
/// </summary>
public sealed class SignatureAndAgeHoldTests
{
    private const string Key = "streams/app.yaml#app";
    private static readonly TagEvent Old = Item($"quay.io/org/app@{D1}", D1);

    private static StreamPlan PlanWith(Func<PlanInput, PlanInput> extra, bool withStatus = true)
    {
        var stream = Stream("app", [Docker("1", "quay.io/org/app:1")], withStatus ? Status(Entry("1", Old)) : null, generation: 2);
        var input = extra(Input([stream], Registry(("quay.io/org/app:1", Ok(D2)))));
        return Assert.Single(SyncPlanner.Plan(input).Streams);
    }

    [Theory]
    [InlineData(SignatureVerdict.Missing, "SignatureMissing")]
    [InlineData(SignatureVerdict.Invalid, "SignatureInvalid")]
    public void An_unverified_digest_is_not_proposed_and_writes_a_failed_import_condition_that_keeps_the_items(SignatureVerdict verdict, string reason)
    {
        var bad = new UnverifiedDigest(Key, "1", D2, new SignatureCheck(verdict, "no valid signature for the key"));

        var plan = PlanWith(input => input with { Unverified = [bad] });

        var entry = plan.TagStatus("1");
        Assert.Equal([Old], entry.Items);
        Assert.Equal(new TagEventCondition("ImportSuccess", "False", NowSeconds, reason, "no valid signature for the key", 3), Assert.Single(entry.Conditions));
        var change = Assert.Single(plan.Changes);
        Assert.Equal((TagChangeKind.ConditionSet, Old.Image, Old.Image), (change.Kind, change.OldImage, change.NewImage));
        Assert.Equal(new TagFailure(Key, "1", reason, "no valid signature for the key"), Assert.Single(plan.Failures));
        Assert.Equal(bad, Assert.Single(plan.Unverified));
    }

    [Fact]
    public void An_unverified_digest_of_a_tag_without_items_sets_the_condition_with_no_image()
    {
        var bad = new UnverifiedDigest(Key, "1", D2, new SignatureCheck(SignatureVerdict.Missing, "no signature"));

        var plan = PlanWith(input => input with { Unverified = [bad] }, withStatus: false);

        var change = Assert.Single(plan.Changes);
        Assert.Equal((TagChangeKind.ConditionSet, (string?)null, (string?)null), (change.Kind, change.OldImage, change.NewImage));
        Assert.Empty(plan.TagStatus("1").Items);
    }

    [Fact]
    public void An_unverified_digest_of_a_tag_whose_status_has_only_conditions_sets_the_condition_with_no_image()
    {
        var stream = Stream("app", [Docker("1", "quay.io/org/app:1")], Status(Entry("1")), generation: 2);
        var input = Input([stream], Registry(("quay.io/org/app:1", Ok(D2)))) with
        {
            Unverified = [new UnverifiedDigest(Key, "1", D2, new SignatureCheck(SignatureVerdict.Missing, "no signature"))],
        };

        var change = Assert.Single(Assert.Single(SyncPlanner.Plan(input).Streams).Changes);

        Assert.Equal((TagChangeKind.ConditionSet, (string?)null, (string?)null), (change.Kind, change.OldImage, change.NewImage));
    }

    [Fact]
    public void A_digest_whose_signature_could_not_be_checked_is_deferred()
    {
        var unknown = new UnverifiedDigest(Key, "1", D2, new SignatureCheck(SignatureVerdict.Unknown, "the registry did not answer"));

        var plan = PlanWith(input => input with { Unverified = [unknown] });

        Assert.Null(plan.NewStatus);
        Assert.Empty(plan.Failures);
        var deferred = Assert.Single(plan.Deferred);
        Assert.Equal((Key, "1", "quay.io/org/app:1"), (deferred.StreamKey, deferred.Tag, deferred.Reference));
        Assert.Equal(new ResolutionFailed(ResolutionFailureKind.Unreachable, "signature not checked: the registry did not answer"), deferred.Failure);
    }

    [Fact]
    public void A_digest_verified_for_another_tag_or_the_current_head_is_not_held()
    {
        var plan = PlanWith(input => input with { Unverified = [new UnverifiedDigest(Key, "2", D2, new SignatureCheck(SignatureVerdict.Missing, "no signature"))] });

        Assert.Equal(TagChangeKind.Updated, Assert.Single(plan.Changes).Kind);
        Assert.Empty(plan.Unverified);
    }

    [Fact]
    public void A_young_digest_waits_and_the_tag_stays()
    {
        var wait = new WaitingDigest(Key, "1", D2, Now.AddDays(2), "created 2026-11-28 05:00 UTC, minimum age 3d");

        var plan = PlanWith(input => input with { Waiting = [wait] });

        Assert.Null(plan.NewStatus);
        Assert.Empty(plan.Changes);
        Assert.Equal(new WaitingTag(Key, "1", D2, Now.AddDays(2), wait.Basis), Assert.Single(plan.Waiting));
    }

    [Fact]
    public void A_young_digest_keeps_what_the_open_pull_request_already_proposes()
    {
        var wait = new WaitingDigest(Key, "1", D2, Now.AddDays(2), "created 2026-11-28 05:00 UTC, minimum age 3d") { Instead = D3 };

        var plan = PlanWith(input => input with { Waiting = [wait] });

        var change = Assert.Single(plan.Changes);
        Assert.Equal((D1.ToString(), D3.ToString(), $"quay.io/org/app@{D3}"), (change.OldImage, change.NewImage, change.NewReference));
        Assert.Equal(D2, Assert.Single(plan.Waiting).Digest);
    }
}
