using GitStreamSync.Core.Tests.Propose;
using GitStreamSync.Core.Tests.Record;
using GitStreamSync.Core.Tests.Select;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Read;
using static GitStreamSync.Core.Tests.Plan.PlanningFixture;

namespace GitStreamSync.Core.Tests.Plan;

/// <summary>Semantics 2.5: reference: true.</summary>
public sealed class ReferenceTagTests
{
    [Fact]
    public void Reference_true_writes_from_name_exactly_as_written_with_an_empty_image()
    {
        var stream = Stream("app", [Reference("ref", "quay.io/org/app:1.0")], generation: 1);

        var plan = Assert.Single(PlanOf([stream]).Streams);

        Assert.Equal(new TagEvent(NowSeconds, "quay.io/org/app:1.0", "", 2), Assert.Single(plan.TagStatus("ref").Items));
        Assert.Equal(TagChangeKind.Reference, Assert.Single(plan.Changes).Kind);
    }

    [Fact]
    public void Reference_true_already_written_writes_nothing()
    {
        var status = Status(Entry("ref", new TagEvent(Earlier, "quay.io/org/app:1.0", "", 2)));

        var plan = Assert.Single(PlanOf([Stream("app", [Reference("ref", "quay.io/org/app:1.0")], status)]).Streams);

        Assert.False(plan.IsChanged);
    }

    [Fact]
    public void Reference_true_with_a_new_from_replaces_the_ref_in_place()
    {
        var status = Status(Entry("ref", new TagEvent(Earlier, "quay.io/org/app:1.0", "", 2)));

        var plan = Assert.Single(PlanOf([Stream("app", [Reference("ref", "quay.io/org/app:2.0")], status)]).Streams);

        Assert.Equal(new TagEvent(Earlier, "quay.io/org/app:2.0", "", 3), Assert.Single(plan.TagStatus("ref").Items));
    }
}
