using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Select;
using static GitStreamSync.Core.Tests.Plan.PlanningFixture;

namespace GitStreamSync.Core.Tests.Select;

/// <summary>
/// A pinned tag (<c>scheduled: false</c>, or a digest in <c>from.name</c>) is resolved again exactly
/// when what OpenShift calls a tag change happened since its status was written: <c>from</c> (name,
/// so also its tag, or namespace) or <c>importPolicy.importMode</c> (semantics doc 2.4
/// <c>tagRefChanged</c>, 2.9), never for <c>scheduled</c>, <c>insecure</c>, annotations or
/// <c>referencePolicy</c>, and never again once resolved (2.2, openshift-apiserver#28).
/// </summary>
public sealed class PinnedSourceTests
{
    private static readonly string Index = $"quay.io/org/app@{IndexDigest}";

    private static string File(string from, string? mode, string? status, string extra = "") => $"""
        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata:
          name: app
        spec:
          tags:
          - name: "1"
            from:
              kind: DockerImage
              name: {from}
            importPolicy:
              scheduled: false{(mode is null ? "" : "\n      importMode: " + mode)}{extra}
        {status ?? ""}
        """;

    private static string StatusOf(GitStreamSync.Core.Images.Digest digest, long generation) => $"""
        status:
          dockerImageRepository: ""
          tags:
          - tag: "1"
            items:
            - created: "2026-11-01T08:00:00Z"
              dockerImageReference: quay.io/org/app@{digest}
              generation: {generation}
              image: {digest}
        """;

    private static ImageStreamDocument Read(string text) =>
        Assert.Single(ImageStreamReader.ReadFile(new SourceFile("s/app.yaml", text)).Streams);

    [Fact]
    public void The_recorded_source_is_the_spec_of_the_oldest_version_showing_the_current_item()
    {
        var versions = new[]
        {
            File("quay.io/org/app:2.0", "PreserveOriginal", StatusOf(D1, 2)),  // a person changed from and mode
            File("quay.io/org/app:1.0", null, StatusOf(D1, 2), "\n      insecure: true"),
            File("quay.io/org/app:1.0", null, StatusOf(D1, 2)),                  // the tool wrote D1 here
            File("quay.io/org/app:1.0", null, StatusOf(D2, 1)),
        };

        var found = PinnedSources.Find("s/app.yaml", versions);

        Assert.Equal(new PinnedSource("quay.io/org/app:1.0", null, ImportMode.Legacy), found[PinnedSources.Key("s/app.yaml", "app", "1")]);
    }

    public static TheoryData<string, string, string?, string, DueReason?> Changes() => new()
    {
        { "nothing changed", "quay.io/org/app:1.0", null, "", null },
        { "the tag of from.name", "quay.io/org/app:1.1", null, "", DueReason.SpecChanged },
        { "the repository of from.name", "quay.io/org/other:1.0", null, "", DueReason.SpecChanged },
        { "the import mode", "quay.io/org/app:1.0", "PreserveOriginal", "", DueReason.SpecChanged },
        { "Legacy written out is the default", "quay.io/org/app:1.0", "Legacy", "", null },
        { "insecure only", "quay.io/org/app:1.0", null, "\n      insecure: true", null },
        { "referencePolicy only", "quay.io/org/app:1.0", null, "\n    referencePolicy:\n      type: Local", null },
        { "an annotation only", "quay.io/org/app:1.0", null, "\n    annotations:\n      importer.image.openshift.io/prefer-arch: arm64", null },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void A_pinned_tag_is_due_only_when_from_or_the_import_mode_changed(string why, string from, string? mode, string extra, DueReason? expected)
    {
        var recorded = new Dictionary<string, PinnedSource> { [PinnedSources.Key("s/app.yaml", "app", "1")] = new("quay.io/org/app:1.0", null, ImportMode.Legacy) };
        var stream = Read(File(from, mode, StatusOf(D1, 2), extra));

        var selection = DueTagSelector.Select([stream], PlanSettings.Default with { PinnedSources = recorded });

        Assert.True(expected == selection.Tags.SingleOrDefault()?.Reason, why);
    }

    /// <summary>Under Legacy an index digest records its child (2.9): without the recorded source that looked like a change on every run.</summary>
    [Fact]
    public void A_Legacy_pin_to_an_index_digest_is_not_resolved_again()
    {
        var stream = Read(File(Index, null, StatusOf(D1, 2)));
        var recorded = new Dictionary<string, PinnedSource> { [PinnedSources.Key("s/app.yaml", "app", "1")] = new(Index, null, ImportMode.Legacy) };

        Assert.Single(DueTagSelector.Select([stream], PlanSettings.Default).Tags);
        Assert.Empty(DueTagSelector.Select([stream], PlanSettings.Default with { PinnedSources = recorded }).Tags);
    }

    /// <summary>
    /// 2.4 and 2.7: a tag change gives the tag the stream's new generation, so the same image again
    /// moves items[0].generation; the next run finds that version and resolves nothing.
    /// </summary>
    [Fact]
    public void A_changed_source_that_resolves_to_the_same_image_moves_the_generation_once()
    {
        var before = File("quay.io/org/app:1.0", null, StatusOf(D1, 2));
        var changed = File("quay.io/org/app:1.0", "PreserveOriginal", StatusOf(D1, 2));
        var stream = Read(changed);
        var settings = PlanSettings.Default with { PinnedSources = PinnedSources.Find("s/app.yaml", [changed, before]) };

        var plan = Assert.Single(PlanOf([stream], Registry(("quay.io/org/app:1.0", Ok(D1))), settings).Streams);

        var item = Assert.Single(plan.TagStatus("1").Items);
        Assert.Equal((D1.ToString(), 3L), (item.Image, item.Generation));
        Assert.Equal(TagChangeKind.GenerationUpdated, Assert.Single(plan.Changes).Kind);

        var written = changed.Replace("generation: 2", "generation: 3", StringComparison.Ordinal);
        var next = PlanSettings.Default with { PinnedSources = PinnedSources.Find("s/app.yaml", [written, changed, before]) };
        Assert.Empty(DueTagSelector.Select([Read(written)], next).Tags);
    }
}
