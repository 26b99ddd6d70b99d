using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Select;
using static GitStreamSync.Core.Tests.Plan.PlanningFixture;

namespace GitStreamSync.Core.Tests.Select;

/// <summary>When a pinned tag that already has a status is resolved again, and what it asks for.</summary>
public sealed class DueTagSelectorPinnedTests
{
    private static IReadOnlyList<DueTag> Due(ImageStreamDocument stream, PlanSettings? settings = null) =>
        DueTagSelector.Select([stream], settings ?? PlanSettings.Default, null).Tags;

    [Fact]
    public void A_pinned_tag_whose_from_became_invalid_is_reported_not_skipped()
    {
        var stream = Stream("u", [Docker("bad", "Ubuntu:16.04", scheduled: false)], Status(Entry("bad", Item($"ubuntu@{D1}", D1))));

        var tag = Assert.Single(Due(stream));
        Assert.Equal(DueReason.SourceChanged, tag.Reason);
        Assert.Equal(ResolutionFailureKind.InvalidReference, tag.Failure!.Kind);
    }

    [Fact]
    public void A_pinned_tag_whose_status_records_an_unreadable_reference_is_resolved_again()
    {
        var stream = Stream("u", [Docker("a", "ubuntu:16.04", scheduled: false)], Status(Entry("a", Item("not a reference", D1))));

        Assert.Equal(DueReason.SourceChanged, Assert.Single(Due(stream)).Reason);
    }

    [Fact]
    public void A_pinned_tag_at_the_generation_its_status_observed_is_not_resolved_again()
    {
        var stream = Stream("u", [Docker("a", "ubuntu:16.04", scheduled: false, generation: 2)], Status(Entry("a", Item($"ubuntu@{D1}", D1, generation: 2))));

        Assert.Empty(Due(stream));
    }

    [Fact]
    public void A_later_condition_counts_as_observing_the_spec_generation()
    {
        // items[0] was written at generation 2; a failed import at generation 5 observed the spec since.
        var entry = new NamedTagEventList { Tag = "a", Items = [Item($"ubuntu@{D1}", D1, generation: 2)], Conditions = [NotFound("docker.io/library/ubuntu:16.04", generation: 5)] };
        var stream = Stream("u", [Docker("a", "ubuntu:16.04", scheduled: false, generation: 5)], Status(entry));

        Assert.Empty(Due(stream));
    }

    [Fact]
    public void A_recorded_source_in_the_same_namespace_is_unchanged_and_another_namespace_is_a_change()
    {
        var tag = Docker("a", "ubuntu:16.04", scheduled: false) with { From = new TagSource(TagSourceKind.DockerImage, "ubuntu:16.04", "team") };
        var stream = Stream("u", [tag], Status(Entry("a", Item($"ubuntu@{D1}", D1))), file: "u.yaml");
        PlanSettings Recorded(string? ns) => new() { PinnedSources = new Dictionary<string, PinnedSource> { ["u.yaml#u:a"] = new("ubuntu:16.04", ns, ImportMode.Legacy) } };

        Assert.Empty(Due(stream, Recorded("team")));
        Assert.Equal(DueReason.SpecChanged, Assert.Single(Due(stream, Recorded("other"))).Reason);
        Assert.Equal(DueReason.SpecChanged, Assert.Single(Due(stream, Recorded(null))).Reason);
    }

    [Fact]
    public void Platform_annotations_do_not_apply_to_a_tag_pinned_to_a_digest()
    {
        var annotated = Docker("arm", $"ubuntu@{D1}") with { Annotations = new Dictionary<string, string> { [DueTagSelector.PreferOsAnnotation] = "linux", [DueTagSelector.PreferArchAnnotation] = "arm64" } };
        var plain = Docker("plain", $"ubuntu@{D1}");

        var selection = DueTagSelector.Select([Stream("u", [annotated, plain])], PlanSettings.Default, null);

        Assert.Equal(2, selection.Tags.Count);
        var request = Assert.Single(selection.Requests);
        Assert.Null(request.Platform.PreferOs);
        Assert.Null(request.Platform.PreferArch);
    }
}
