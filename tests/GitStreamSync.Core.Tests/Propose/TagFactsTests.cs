using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;

namespace GitStreamSync.Core.Tests.Propose;

/// <summary>What a run knows about each tag, read from the spec, the due streams and the plan.</summary>
public sealed class TagFactsTests
{
    private const string Digest1 = "sha256:1111111111111111111111111111111111111111111111111111111111111111";

    private const string Stream = """
        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata:
          name: app
        spec:
          tags:
          - name: followed
            from: {kind: DockerImage, name: quay.io/acme/app:1}
          - name: deferred
            from: {kind: DockerImage, name: quay.io/acme/app:2}
          - name: pinned
            from: {kind: DockerImage, name: quay.io/acme/app:3}
            importPolicy: {scheduled: false}
          - name: ref
            from: {kind: DockerImage, name: quay.io/acme/app:4}
            reference: true
        status:
          tags:
          - tag: pinned
            items:
            - created: "2026-01-01T00:00:00Z"
              dockerImageReference: quay.io/acme/app@sha256:1111111111111111111111111111111111111111111111111111111111111111
              image: sha256:1111111111111111111111111111111111111111111111111111111111111111
              generation: 1
        """;

    private static TagKey Key(string tag) => new("app.yaml", "app", tag);

    [Fact]
    public void Each_tag_gets_its_standing_and_the_base_digest()
    {
        var (streams, selection) = Read();
        var deferred = new DeferredTag("app.yaml#app", "deferred", "quay.io/acme/app:2", new ResolutionFailed(ResolutionFailureKind.RateLimited, "quay.io/acme/app:2: 429"));
        var plan = new SyncPlan(DateTimeOffset.UnixEpoch, [new StreamPlan { Stream = streams[0], Deferred = [deferred] }]);

        var facts = TagFacts.Of(streams, null, selection, plan);

        Assert.Equal(TagStanding.Resolved, facts[Key("followed")].Standing);
        Assert.Equal(TagStanding.Deferred, facts[Key("deferred")].Standing);
        Assert.Equal("quay.io/acme/app:2 (rate limited)", facts[Key("deferred")].Deferral);
        Assert.Equal(TagStanding.Pinned, facts[Key("pinned")].Standing);
        Assert.Equal(Digest.Parse(Digest1), facts[Key("pinned")].OnBase);
        Assert.Equal(TagStanding.Reference, facts[Key("ref")].Standing);
        Assert.False(facts.ContainsKey(Key("removed")));
    }

    [Fact]
    public void A_stream_that_is_not_due_says_nothing_about_its_followed_tags()
    {
        var (streams, selection) = Read();

        var facts = TagFacts.Of(streams, new HashSet<string>(StringComparer.Ordinal), selection, new SyncPlan(DateTimeOffset.UnixEpoch, []));

        Assert.Equal(TagStanding.NotDue, facts[Key("followed")].Standing);
        Assert.False(facts[Key("followed")].Known);
        Assert.Equal(TagStanding.Reference, facts[Key("ref")].Standing);
    }

    [Fact]
    public void A_tag_whose_status_has_no_items_or_no_digest_has_nothing_on_the_base()
    {
        const string Statuses = """
            apiVersion: image.openshift.io/v1
            kind: ImageStream
            metadata:
              name: app
            spec:
              tags:
              - name: empty
                from: {kind: DockerImage, name: quay.io/acme/app:1}
              - name: odd
                from: {kind: DockerImage, name: quay.io/acme/app:2}
              - name: absent
                from: {kind: DockerImage, name: quay.io/acme/app:3}
            status:
              tags:
              - tag: empty
                items: []
              - tag: odd
                items:
                - created: "2026-01-01T00:00:00Z"
                  dockerImageReference: quay.io/acme/app:2
                  image: not-a-digest
                  generation: 1
            """;
        var streams = ImageStreamReader.ReadRepository([new SourceFile("app.yaml", Statuses)]).Streams;

        var facts = TagFacts.Of(streams, null, DueTagSelector.Select(streams, PlanSettings.Default), new SyncPlan(DateTimeOffset.UnixEpoch, []));

        Assert.Equal(
            [(TagStanding.Resolved, (Digest?)null), (TagStanding.Resolved, null), (TagStanding.Resolved, null)],
            new[] { "empty", "odd", "absent" }.Select(t => (facts[Key(t)].Standing, facts[Key(t)].OnBase)));
    }

    private static (IReadOnlyList<ImageStreamDocument> Streams, DueTagSelection Selection) Read()
    {
        var streams = ImageStreamReader.ReadRepository([new SourceFile("app.yaml", Stream)]).Streams;
        return (streams, DueTagSelector.Select(streams, PlanSettings.Default));
    }
}
