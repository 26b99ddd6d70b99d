using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Read;
using static GitStreamSync.Core.Tests.Plan.PlanningFixture;

namespace GitStreamSync.Core.Tests.Plan;

/// <summary>
/// The generation a run writes, case by case, against semantics doc section 2.7 (and 2.3: an
/// import uses <c>G = metadata.generation + 1</c> of the stream as the cluster holds it). Each row
/// says what the cluster would hold for the file and what OpenShift's next import writes; the
/// planner must write the same G on the new item.
/// </summary>
public sealed class GenerationTableTests
{
    public sealed record Case(string Why, long? Metadata, long? SpecTag, long? Item, long? Condition, long Expected)
    {
        public override string ToString() => Why;
    }

    public static TheoryData<Case> Cases() =>
    [
        // 2.7 Create: generation 1; the controller's import then writes 2 ("ends at generation: 2").
        new("no metadata.generation, no status: created at 1, imported at 2", null, null, null, null, 2),
        // 2.7 Create: every spec tag's generation becomes 1 whatever was sent.
        new("no metadata.generation, a written spec tag generation: ignored on create", null, 7, null, null, 2),
        new("metadata.generation 0: the server treats it as new, created at 1", 0, null, null, null, 2),
        // 2.3: G = metadata.generation + 1 for a stream read back from a cluster.
        new("metadata.generation 1 (exported before the first import)", 1, 1, null, null, 2),
        new("exported at generation 5 with matching spec and status", 5, 5, 5, null, 6),
        new("exported at 4 with an older item", 4, 4, 2, null, 5),
        // 2.7 Update: user-sent tag generations other than 0 are replaced by stored values.
        new("a spec tag generation above metadata.generation is not the cluster's", 3, 9, 3, null, 4),
        // 2.7 Consequences: each import that wrote history or a failure raised metadata.generation to its G.
        new("no metadata.generation, an item the last import wrote at 2", null, null, 2, null, 3),
        new("no metadata.generation, a failure recorded at 4 after an item at 2", null, null, 2, 4, 5),
        new("metadata.generation behind the status the tool wrote on earlier runs", 2, 2, 6, null, 7),
        new("metadata.generation ahead of the status", 8, 8, 3, 5, 9),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_planner_writes_the_generation_the_semantics_doc_gives(Case row)
    {
        var tag = Docker("1.0", "quay.io/org/app:1.0", generation: row.SpecTag);
        var entry = row.Item is { } item ? Entry("1.0", Item($"quay.io/org/app@{D1}", D1, generation: item)) : null;
        if (row.Condition is { } condition)
        {
            entry = (entry ?? Entry("1.0")) with { Conditions = [NotFound("quay.io/org/app:1.0", condition)] };
        }

        var stream = Stream("app", [tag], entry is null ? null : Status(entry), generation: row.Metadata);

        var plan = PlanOf([stream], Registry(("quay.io/org/app:1.0", Ok(D2))));

        var written = Assert.Single(plan.Streams);
        Assert.Equal(row.Expected, written.Generation);
        Assert.Equal(new TagEvent(NowSeconds, $"quay.io/org/app@{D2}", D2.ToString(), row.Expected), written.TagStatus("1.0").Items[0]);
    }

    /// <summary>
    /// Semantics 2.7 Update: a spec tag generation the cluster cannot hold (above the stream's
    /// generation) is replaced by the stored value, so it asks for no import and changes nothing,
    /// run after run.
    /// </summary>
    [Theory]
    [InlineData(null)]
    [InlineData(2L)]
    public void A_written_spec_tag_generation_above_the_streams_generation_changes_nothing(long? metadata)
    {
        var stream = Stream("ubuntu", [Docker("16.04", "ubuntu:16.04", generation: 4)], Status(Entry("16.04", Item($"ubuntu@{D1}", D1, generation: 2))), generation: metadata);

        var plan = Assert.Single(PlanOf([stream], Registry(("ubuntu:16.04", Ok(D1)))).Streams);

        Assert.False(plan.IsChanged);
    }

    /// <summary>Semantics 2.3 step 1 with a generation the cluster can hold: the import at that generation has not happened.</summary>
    [Fact]
    public void A_spec_tag_generation_the_cluster_holds_above_the_last_import_updates_the_generation_once()
    {
        var stream = Stream("ubuntu", [Docker("16.04", "ubuntu:16.04", generation: 3)], Status(Entry("16.04", Item($"ubuntu@{D1}", D1, generation: 2))), generation: 3);

        var plan = Assert.Single(PlanOf([stream], Registry(("ubuntu:16.04", Ok(D1)))).Streams);

        Assert.Equal(4, Assert.Single(plan.TagStatus("16.04").Items).Generation);
        Assert.False(Assert.Single(PlanOf([stream with { Status = plan.NewStatus }], Registry(("ubuntu:16.04", Ok(D1)))).Streams).IsChanged);
    }

    [Fact]
    public void Every_tag_changed_in_one_run_of_a_stream_shares_one_generation()
    {
        var stream = Stream("app", [Docker("a", "quay.io/org/a:1"), Docker("b", "quay.io/org/b:1")], generation: 3);

        var plan = PlanOf([stream], Registry(("quay.io/org/a:1", Ok(D1)), ("quay.io/org/b:1", Fail(Ports.ResolutionFailureKind.NotFound))));

        var written = Assert.Single(plan.Streams);
        Assert.Equal(4, written.TagStatus("a").Items[0].Generation);
        Assert.Equal(4, Assert.Single(written.TagStatus("b").Conditions).Generation);
    }
}
