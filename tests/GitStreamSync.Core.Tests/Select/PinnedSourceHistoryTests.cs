using GitStreamSync.Core.Read;
using GitStreamSync.Core.Select;
using static GitStreamSync.Core.Tests.Plan.PlanningFixture;

namespace GitStreamSync.Core.Tests.Select;

/// <summary>Reading a pinned tag's recorded source from file histories in which streams, tags and statuses come and go.</summary>
public sealed class PinnedSourceHistoryTests
{
    private static string File(string name, string specTag, string? statusTag) => $"""
        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata:
          name: {name}
        spec:
          tags:
          - name: "{specTag}"
            from:
              kind: DockerImage
              name: quay.io/org/app:1.0
            importPolicy:
              scheduled: false
        {(statusTag is null ? "" : $"""
        status:
          dockerImageRepository: ""
          tags:
          - tag: "{statusTag}"
            items:
            - created: "2026-11-01T08:00:00Z"
              dockerImageReference: quay.io/org/app@{D1}
              generation: 2
              image: {D1}
        """)}
        """;

    private static readonly string Key = PinnedSources.Key("s/app.yaml", "app", "1");

    [Fact]
    public void A_version_before_the_stream_existed_ends_the_history()
    {
        var found = PinnedSources.Find("s/app.yaml", [File("app", "1", "1"), File("other", "1", "1")]);

        Assert.Equal("quay.io/org/app:1.0", found[Key].FromName);
    }

    [Fact]
    public void A_version_before_the_tag_had_a_status_ends_the_history()
    {
        var found = PinnedSources.Find("s/app.yaml", [File("app", "1", "1"), File("app", "1", "2")]);

        Assert.Equal("quay.io/org/app:1.0", found[Key].FromName);
    }

    [Fact]
    public void A_stream_without_a_status_records_nothing() =>
        Assert.Empty(PinnedSources.Find("s/app.yaml", [File("app", "1", null)]));

    [Fact]
    public void A_status_left_behind_by_a_removed_spec_tag_records_nothing() =>
        Assert.Empty(PinnedSources.Find("s/app.yaml", [File("app", "2", "1")]));

    [Fact]
    public void No_history_records_nothing() =>
        Assert.Empty(PinnedSources.Find("s/app.yaml", []));
}
