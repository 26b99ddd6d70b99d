using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using static GitStreamSync.Core.Tests.Plan.PlanningFixture;

namespace GitStreamSync.Core.Tests.Plan;

/// <summary>
/// Two plans of the same inputs compare equal (what the determinism checks rely on), and a plan that
/// differs in any one of its parts does not.
/// </summary>
public sealed class PlanEqualityTests
{
    private static readonly ImageStreamDocument App = Stream("app", [Docker("1", "quay.io/org/app:1")]);

    private static StreamPlan Full(ImageStreamDocument? stream = null) => new()
    {
        Stream = stream ?? App,
        NewStatus = Status(Entry("1", Item($"quay.io/org/app@{D1}", D1))),
        Generation = 3,
        Changes = [new TagChange("app", "streams/app.yaml", "app", "1", TagChangeKind.New, null, null, $"quay.io/org/app@{D1}", D1.ToString())],
        Failures = [new TagFailure("app", "2", "NotFound", "quay.io/org/app:2 not found")],
        Deferred = [new DeferredTag("app", "3", "quay.io/org/app:3", new ResolutionFailed(ResolutionFailureKind.ServerError, "quay.io/org/app:3: 503"))],
        Held = [new HeldTag("app", "4", D2, "held.yaml")],
        Waiting = [new WaitingTag("app", "5", D3, Now.AddDays(1), "image config created 2026-11-28")],
        Unverified = [new UnverifiedDigest("app", "6", D1, new SignatureCheck(SignatureVerdict.Missing, "no signature"))],
        Problems = [new Problem("streams/app.yaml", new SourceLocation(3, 4), "bad")],
    };

    public static TheoryData<string> Parts => ["Stream", "NewStatus", "Generation", "Changes", "Failures", "Deferred", "Held", "Waiting", "Unverified", "Problems"];

    [Fact]
    public void Two_plans_built_alike_are_equal_and_hash_alike()
    {
        Assert.Equal(Full(), Full());
        Assert.Equal(Full().GetHashCode(), Full().GetHashCode());
        Assert.Equal(new SyncPlan(Now, [Full()]), new SyncPlan(Now, [Full()]));
        Assert.False(Full().Equals(null));
        Assert.False(new SyncPlan(Now, []).Equals(null));
    }

    [Theory]
    [MemberData(nameof(Parts))]
    public void A_stream_plan_that_differs_in_one_part_is_not_equal(string part)
    {
        var plan = Full();
        var other = part switch
        {
            "Stream" => Full(App with { }),
            "NewStatus" => plan with { NewStatus = null },
            "Generation" => plan with { Generation = 4 },
            "Changes" => plan with { Changes = [] },
            "Failures" => plan with { Failures = [] },
            "Deferred" => plan with { Deferred = [] },
            "Held" => plan with { Held = [] },
            "Waiting" => plan with { Waiting = [] },
            "Unverified" => plan with { Unverified = [] },
            _ => plan with { Problems = [] },
        };

        Assert.NotEqual(plan, other);
        Assert.NotEqual(new SyncPlan(Now, [plan]), new SyncPlan(Now, [other]));
    }

    [Fact]
    public void Whole_plans_of_another_time_or_other_streams_are_not_equal()
    {
        Assert.NotEqual(new SyncPlan(Now, [Full()]), new SyncPlan(Now.AddSeconds(1), [Full()]));
        Assert.NotEqual(new SyncPlan(Now, [Full()]), new SyncPlan(Now, []));
    }
}
