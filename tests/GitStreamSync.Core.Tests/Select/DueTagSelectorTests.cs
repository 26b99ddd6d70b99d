using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Tests.Plan;
using GitStreamSync.Core.Tests.Propose;
using GitStreamSync.Core.Tests.Record;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Select;
using static GitStreamSync.Core.Tests.Plan.PlanningFixture;

namespace GitStreamSync.Core.Tests.Select;

public sealed class DueTagSelectorTests
{
    private static DueTagSelection Select(PlanSettings? settings = null, IReadOnlySet<string>? due = null, params ImageStreamDocument[] streams) =>
        DueTagSelector.Select(streams, settings ?? PlanSettings.Default, due);

    [Fact]
    public void DockerImage_tag_without_scheduled_field_is_due_on_every_run()
    {
        var status = Status(Entry("16.04", Item($"ubuntu@{D1}", D1)));
        var selection = Select(streams: Stream("ubuntu", [Docker("16.04", "ubuntu:16.04")], status));

        var tag = Assert.Single(selection.Tags);
        Assert.Equal(DueReason.Scheduled, tag.Reason);
        Assert.Equal("ubuntu:16.04", Assert.Single(selection.Requests).Reference.ToString());
    }

    [Fact]
    public void Reference_true_tag_never_contacts_a_registry()
    {
        var selection = Select(streams: Stream("app", [Reference("ref", "quay.io/org/app:1")]));

        Assert.Empty(selection.Tags);
        Assert.Empty(selection.Requests);
    }

    [Fact]
    public void ImageStreamTag_and_ImageStreamImage_sources_are_not_resolved_against_registries()
    {
        var selection = Select(streams: Stream("app", [StreamTag("alias", "latest"), StreamImage("snap", $"app@{D1.Hex[..12]}"), new SpecTag { Name = "empty", Location = default }]));

        Assert.Empty(selection.Requests);
    }

    [Fact]
    public void Same_reference_in_many_files_is_resolved_once()
    {
        var a = Stream("a", [Docker("x", "ubuntu:16.04"), Docker("y", "ubuntu:16.04")], file: "a.yaml");
        var b = Stream("b", [Docker("z", "ubuntu:16.04")], file: "b.yaml");

        var selection = Select(streams: [a, b]);

        Assert.Equal(3, selection.Tags.Count);
        Assert.Single(selection.Requests);
    }

    [Fact]
    public void Import_mode_insecure_and_platform_make_distinct_requests()
    {
        var insecure = Docker("insecure", "ubuntu:16.04") with { ImportPolicy = new TagImportPolicy(Insecure: true) };
        var arm = Docker("arm", "ubuntu:16.04") with { Annotations = new Dictionary<string, string> { [DueTagSelector.PreferArchAnnotation] = "arm64" } };
        var stream = Stream("u", [Docker("plain", "ubuntu:16.04"), Docker("preserve", "ubuntu:16.04", mode: ImportMode.PreserveOriginal), insecure, arm]);

        Assert.Equal(4, Select(streams: stream).Requests.Count);
    }

    [Fact]
    public void Platform_preference_comes_from_tag_annotations_then_configured_platform()
    {
        var tag = Docker("arm", "ubuntu:16.04") with
        {
            Annotations = new Dictionary<string, string>
            {
                [DueTagSelector.PreferArchAnnotation] = "arm64",
                [DueTagSelector.PreferOsAnnotation] = "linux",
            },
        };
        var settings = new PlanSettings { Platform = new Platform("linux", "s390x") };

        var request = Assert.Single(Select(settings, streams: Stream("u", [tag])).Requests);

        Assert.Equal(new PlatformPreference("linux", "arm64", new Platform("linux", "s390x")), request.Platform);
    }

    [Fact]
    public void Platform_annotations_do_not_apply_to_digest_references_or_PreserveOriginal()
    {
        var annotations = new Dictionary<string, string> { [DueTagSelector.PreferArchAnnotation] = "arm64" };
        var byDigest = Docker("d", $"ubuntu@{D1}") with { Annotations = annotations };
        var preserve = Docker("p", "ubuntu:16.04", mode: ImportMode.PreserveOriginal) with { Annotations = annotations };

        var requests = Select(streams: Stream("u", [byDigest, preserve])).Requests;

        Assert.All(requests, r => Assert.Equal(PlatformPreference.Default, r.Platform));
    }

    [Fact]
    public void Scheduled_false_tag_is_resolved_only_while_it_has_no_status()
    {
        var tag = Docker("16.04", "ubuntu:16.04", scheduled: false);
        var resolved = Status(Entry("16.04", Item($"ubuntu@{D1}", D1)));

        Assert.Equal(DueReason.NotYetResolved, Assert.Single(Select(streams: Stream("u", [tag])).Tags).Reason);
        Assert.Empty(Select(streams: Stream("u", [tag], resolved)).Tags);
    }

    [Fact]
    public void Scheduled_false_tag_is_resolved_again_when_its_from_names_another_repository()
    {
        var tag = Docker("base", "quay.io/org/base:1", scheduled: false);
        var status = Status(Entry("base", Item($"ubuntu@{D1}", D1)));

        Assert.Equal(DueReason.SourceChanged, Assert.Single(Select(streams: Stream("u", [tag], status)).Tags).Reason);
    }

    [Fact]
    public void Digest_pinned_tag_is_resolved_once()
    {
        var tag = Docker("pinned", $"ubuntu@{D1}");
        var done = Status(Entry("pinned", Item($"ubuntu@{D1}", D1)));
        var repinned = Docker("pinned", $"ubuntu@{D2}");

        Assert.Single(Select(streams: Stream("u", [tag])).Tags);
        Assert.Empty(Select(streams: Stream("u", [tag], done)).Tags);
        Assert.Equal(DueReason.SourceChanged, Assert.Single(Select(streams: Stream("u", [repinned], done)).Tags).Reason);
    }

    [Fact]
    public void Digest_pinned_tag_with_scheduled_true_still_stops_after_first_success()
    {
        var tag = Docker("pinned", $"ubuntu:16.04@{D1}", scheduled: true);
        var done = Status(Entry("pinned", Item($"ubuntu@{D1}", D1)));

        Assert.Empty(Select(streams: Stream("u", [tag], done)).Tags);
    }

    [Fact]
    public void Pinned_tag_with_only_a_failure_condition_is_retried()
    {
        var tag = Docker("pinned", $"ubuntu@{D1}");
        var failed = Status(new NamedTagEventList { Tag = "pinned", Conditions = [NotFound($"docker.io/library/ubuntu@{D1}")] });

        Assert.Equal(DueReason.NotYetResolved, Assert.Single(Select(streams: Stream("u", [tag], failed)).Tags).Reason);
    }

    [Fact]
    public void Pinned_tag_is_resolved_again_when_spec_generation_exceeds_observed_generation()
    {
        var tag = Docker("16.04", "ubuntu:16.04", scheduled: false, generation: 5);
        var status = Status(Entry("16.04", Item($"ubuntu@{D1}", D1, generation: 2)));

        Assert.Equal(DueReason.SourceChanged, Assert.Single(Select(streams: Stream("u", [tag], status)).Tags).Reason);
    }

    [Fact]
    public void Strict_OpenShift_scheduling_re_resolves_only_scheduled_true_tags()
    {
        var strict = new PlanSettings { StrictOpenShiftScheduling = true };
        var status = Status(Entry("a", Item($"ubuntu@{D1}", D1)), Entry("b", Item($"ubuntu@{D1}", D1)));
        var stream = Stream("u", [Docker("a", "ubuntu:16.04", scheduled: true), Docker("b", "ubuntu:16.04"), Docker("c", "ubuntu:18.04")], status);

        var tags = Select(strict, streams: stream).Tags;

        Assert.Equal(["a", "c"], tags.Select(t => t.Tag.Name));
        Assert.Equal([DueReason.Scheduled, DueReason.NotYetResolved], tags.Select(t => t.Reason));
    }

    [Fact]
    public void Only_streams_in_the_due_set_are_selected()
    {
        var a = Stream("a", [Docker("x", "ubuntu:16.04")], file: "a.yaml");
        var b = Stream("b", [Docker("x", "ubuntu:18.04")], file: "b.yaml");

        var selection = Select(due: new HashSet<string> { "b.yaml#b" }, streams: [a, b]);

        Assert.Equal("b.yaml#b", Assert.Single(selection.Tags).StreamKey);
        Assert.Equal("ubuntu:18.04", Assert.Single(selection.Requests).Reference.ToString());
    }

    [Fact]
    public void Invalid_from_name_is_a_permanent_InvalidReference_failure_not_an_exception()
    {
        var selection = Select(streams: Stream("u", [Docker("bad", "Ubuntu:16.04")]));

        var tag = Assert.Single(selection.Tags);
        Assert.Null(tag.Request);
        Assert.Equal(ResolutionFailureKind.InvalidReference, tag.Failure!.Kind);
        Assert.True(tag.Failure.IsPermanent);
        Assert.Contains("Ubuntu:16.04", tag.Failure.Message, StringComparison.Ordinal);
        Assert.Empty(selection.Requests);
    }
}
