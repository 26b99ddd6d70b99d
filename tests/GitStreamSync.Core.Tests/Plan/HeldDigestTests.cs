using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Tests.Propose;
using GitStreamSync.Core.Tests.Record;
using GitStreamSync.Core.Tests.Select;
using GitStreamSync.Core.Plan;
using static GitStreamSync.Core.Tests.Plan.PlanningFixture;

namespace GitStreamSync.Core.Tests.Plan;

/// <summary>Architecture section 2 rollback: a digest rejected in Git history is not proposed again.</summary>
public sealed class HeldDigestTests
{
    private const string Key = "streams/app.yaml#ubuntu";
    private static readonly HeldDigest HeldD2 = new(Key, "16.04", D2, "reverted by commit 1a2b3c4");

    private static Core.Read.ImageStreamDocument Ubuntu() =>
        Stream("ubuntu", [Docker("16.04", "ubuntu:16.04"), Docker("latest", "ubuntu:16.04")],
            Status(Entry("16.04", Item($"ubuntu@{D1}", D1)), Entry("latest", Item($"ubuntu@{D1}", D1))));

    [Fact]
    public void Held_digest_is_not_proposed_and_is_reported_with_its_source()
    {
        var plan = Assert.Single(PlanOf([Ubuntu()], Registry(("ubuntu:16.04", Ok(D2))), held: [HeldD2]).Streams);

        Assert.DoesNotContain(plan.Changes, c => c.Tag == "16.04");
        Assert.Equal(new HeldTag(Key, "16.04", D2, "reverted by commit 1a2b3c4"), Assert.Single(plan.Held));
        Assert.Equal(D1.ToString(), plan.TagStatus("16.04").Items[0].Image);
    }

    [Fact]
    public void Held_digest_for_one_tag_does_not_hold_another_tag_with_the_same_digest()
    {
        var plan = Assert.Single(PlanOf([Ubuntu()], Registry(("ubuntu:16.04", Ok(D2))), held: [HeldD2]).Streams);

        Assert.Equal("latest", Assert.Single(plan.Changes).Tag);
    }

    [Fact]
    public void Other_digest_than_the_held_one_is_proposed_normally()
    {
        var plan = Assert.Single(PlanOf([Ubuntu()], Registry(("ubuntu:16.04", Ok(D3))), held: [HeldD2]).Streams);

        Assert.Equal(["16.04", "latest"], plan.Changes.Select(c => c.Tag));
        Assert.Empty(plan.Held);
    }

    [Fact]
    public void Include_rejected_proposes_a_held_digest()
    {
        var settings = new PlanSettings { IncludeRejected = true };

        var plan = Assert.Single(PlanOf([Ubuntu()], Registry(("ubuntu:16.04", Ok(D2))), settings, held: [HeldD2]).Streams);

        Assert.Equal(D2.ToString(), plan.TagStatus("16.04").Items[0].Image);
        Assert.Empty(plan.Held);
    }

    [Fact]
    public void Held_digest_of_a_source_holds_an_alias_that_would_follow_it()
    {
        var stream = Stream("ubuntu", [Docker("16.04", "ubuntu:16.04"), StreamTag("lts", "16.04")],
            Status(Entry("16.04", Item($"ubuntu@{D1}", D1)), Entry("lts", Item($"ubuntu@{D1}", D1))));

        var plan = Assert.Single(PlanOf([stream], Registry(("ubuntu:16.04", Ok(D2))), held: [HeldD2]).Streams);

        Assert.False(plan.IsChanged);
    }
}
