using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;

namespace GitStreamSync.Core.Tests.Propose;

/// <summary>Held, waiting and failed tags, and the words a deferral gives for each kind of registry failure.</summary>
public sealed class TagStandingTests
{
    private const string Stream = """
        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata:
          name: app
        spec:
          tags:
          - name: held
            from: {kind: DockerImage, name: quay.io/acme/app:1}
          - name: waiting
            from: {kind: DockerImage, name: quay.io/acme/app:2}
          - name: failed
            from: {kind: DockerImage, name: quay.io/acme/app:3}
          - name: deferred
            from: {kind: DockerImage, name: quay.io/acme/app:4}
          - name: alias
            from: {kind: ImageStreamTag, name: app:held}
        """;

    private static readonly Digest Rejected = Digest.Parse("sha256:" + new string('e', 64));

    [Fact]
    public void Held_waiting_and_failed_tags_keep_what_explains_them()
    {
        var facts = Facts(ResolutionFailureKind.RateLimited, due: new HashSet<string>(["app.yaml#app"], StringComparer.Ordinal));

        Assert.Equal((TagStanding.Held, Rejected, "closed pull request #12"), (facts[Key("held")].Standing, facts[Key("held")].Rejected, facts[Key("held")].Detail));
        Assert.Equal((TagStanding.Waiting, "waiting until 2026-12-01 04:00 UTC (created 2026-11-28 04:00 UTC)"), (facts[Key("waiting")].Standing, facts[Key("waiting")].Detail));
        Assert.Equal((TagStanding.Failed, "NotFound: manifest unknown"), (facts[Key("failed")].Standing, facts[Key("failed")].Detail));
        Assert.Equal((TagStanding.Deferred, "quay.io/acme/app:4: 429"), (facts[Key("deferred")].Standing, facts[Key("deferred")].Detail));
        Assert.Equal(TagStanding.Resolved, facts[Key("alias")].Standing);
        Assert.All(facts.Values.Where(f => f.Standing != TagStanding.Deferred), f => Assert.True(f.Known));
        Assert.False(facts[Key("deferred")].Known);
    }

    [Theory]
    [InlineData(ResolutionFailureKind.RateLimited, "rate limited")]
    [InlineData(ResolutionFailureKind.Unreachable, "registry unreachable")]
    [InlineData(ResolutionFailureKind.Timeout, "timed out")]
    [InlineData(ResolutionFailureKind.ServerError, "registry error")]
    [InlineData(ResolutionFailureKind.InvalidResponse, "invalid registry answer")]
    [InlineData(ResolutionFailureKind.Deferred, "not attempted this run")]
    [InlineData(ResolutionFailureKind.NotFound, "NotFound")]
    public void A_deferral_names_the_reference_and_the_kind_of_failure(ResolutionFailureKind kind, string words)
    {
        var facts = Facts(kind, due: null);

        Assert.Equal($"quay.io/acme/app:4 ({words})", facts[Key("deferred")].Deferral);
    }

    private static IReadOnlyDictionary<TagKey, TagFacts> Facts(ResolutionFailureKind kind, IReadOnlySet<string>? due)
    {
        var streams = ImageStreamReader.ReadRepository([new SourceFile("app.yaml", Stream)]).Streams;
        var selection = DueTagSelector.Select(streams, PlanSettings.Default);
        var plan = new SyncPlan(DateTimeOffset.UnixEpoch,
        [
            new StreamPlan
            {
                Stream = streams[0],
                Held = [new("app.yaml#app", "held", Rejected, "closed pull request #12")],
                Waiting = [new("app.yaml#app", "waiting", Rejected, new DateTimeOffset(2026, 12, 1, 4, 0, 0, TimeSpan.Zero), "created 2026-11-28 04:00 UTC")],
                Failures = [new("app.yaml#app", "failed", "NotFound", "manifest unknown")],
                Deferred = [new("app.yaml#app", "deferred", "quay.io/acme/app:4", new ResolutionFailed(kind, "429"))],
            },
        ]);
        return TagFacts.Of(streams, due, selection, plan);
    }

    private static TagKey Key(string tag) => new("app.yaml", "app", tag);
}
