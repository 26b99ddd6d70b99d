using GitStreamSync.Core.Tests.Propose;
using GitStreamSync.Core.Tests.Record;
using GitStreamSync.Core.Tests.Select;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Read;
using static GitStreamSync.Core.Tests.Plan.PlanningFixture;

namespace GitStreamSync.Core.Tests.Plan;

/// <summary>Semantics 2.3.1 (AddTagEventToImageStream) case by case, below the planner.</summary>
public sealed class TagHistoryTests
{
    private static readonly TagEvent Head = new(Earlier, "repo@ref-a", "image-a", 2);
    private static readonly TagEvent Older = new(Earliest, "repo@ref-z", "image-z", 1);
    private static readonly NamedTagEventList Current = new() { Tag = "t", Items = [Head, Older] };

    public static TheoryData<string, string, string, string[], string> Cases => new()
    {
        // ref, image, rule, expected items as ref|image|generation|created-is-now, outcome
        { "repo@ref-a", "image-a", "same ref, same image: nothing", ["repo@ref-a|image-a|2|old", "repo@ref-z|image-z|1|old"], "Unchanged" },
        { "repo@ref-a", "image-b", "same ref, other image: image in place", ["repo@ref-a|image-b|9|old", "repo@ref-z|image-z|1|old"], "Updated" },
        { "repo@ref-b", "image-a", "same image, other ref: ref in place", ["repo@ref-b|image-a|9|old", "repo@ref-z|image-z|1|old"], "Updated" },
        { "repo@ref-b", "image-b", "both differ: prepend", ["repo@ref-b|image-b|9|now", "repo@ref-a|image-a|2|old", "repo@ref-z|image-z|1|old"], "Updated" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Merge_follows_AddTagEventToImageStream(string reference, string image, string rule, string[] expected, string outcome)
    {
        var (entry, merge) = TagHistory.ApplySuccess(Current, "t", new TagEvent(NowSeconds, reference, image, 9), specGeneration: null, historyLimit: 10);

        Assert.True(expected.SequenceEqual(entry.Items.Select(Show)), rule);
        Assert.Equal(outcome, merge.ToString());
    }

    [Fact]
    public void Same_ref_and_image_with_a_higher_spec_generation_updates_the_generation_in_place()
    {
        var (entry, merge) = TagHistory.ApplySuccess(Current, "t", new TagEvent(NowSeconds, "repo@ref-a", "image-a", 9), specGeneration: 5, historyLimit: 10);

        Assert.Equal(MergeOutcome.GenerationUpdated, merge);
        Assert.Equal(Head with { Generation = 9 }, entry.Items[0]);
    }

    [Fact]
    public void Prepend_beyond_the_limit_drops_the_oldest()
    {
        var (entry, _) = TagHistory.ApplySuccess(Current, "t", new TagEvent(NowSeconds, "repo@ref-b", "image-b", 9), specGeneration: null, historyLimit: 2);

        Assert.Equal(["repo@ref-b", "repo@ref-a"], entry.Items.Select(i => i.DockerImageReference));
    }

    [Fact]
    public void Failure_identical_in_type_status_reason_and_message_is_no_change_even_with_other_time_and_generation()
    {
        var written = new TagEventCondition("ImportSuccess", "False", Earlier, "NotFound", "gone", 3);
        var current = Current with { Conditions = [written] };

        Assert.Null(TagHistory.ApplyFailure(current, "t", written with { LastTransitionTime = NowSeconds, Generation = 9 }));
        Assert.NotNull(TagHistory.ApplyFailure(current, "t", written with { Message = "gone again" }));
    }

    private static string Show(TagEvent e) =>
        $"{e.DockerImageReference}|{e.Image}|{e.Generation}|{(e.Created == NowSeconds ? "now" : "old")}";
}
