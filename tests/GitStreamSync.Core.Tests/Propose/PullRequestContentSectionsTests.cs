using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Record;

namespace GitStreamSync.Core.Tests.Propose;

/// <summary>
/// What a run found, sorted into the pull request's sections: an unverified digest has its own
/// section and is never also a problem, a failure is listed once, waiting tags say until when,
/// and provenance is read only when the run read images.
/// </summary>
public sealed class PullRequestContentSectionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 4, 0, 0, TimeSpan.Zero);

    private static string Sha(char c) => "sha256:" + new string(c, 64);

    [Fact]
    public void An_unverified_digest_is_in_its_own_section_and_not_a_problem()
    {
        var facts = new PullRequestRunFacts
        {
            BaseBranch = "main",
            Now = Now,
            Changes =
            [
                new("s/u.yaml#u", "s/u.yaml", "u", "signed", TagChangeKind.ConditionSet, null, null, null, null)
                {
                    Condition = new TagEventCondition("ImportSuccess", "False", Now, "SignatureMissing", "no signature", 1),
                },
            ],
            Failures = [new("s/u.yaml#u", "signed", "SignatureMissing", "no signature"), new("s/u.yaml#u", "gone", "NotFound", "manifest unknown")],
            Unverified = [new("s/u.yaml#u", "signed", Digest.Parse(Sha('a')), new SignatureCheck(SignatureVerdict.Missing, "no cosign signature for the digest"))],
            Waiting = [new("s/u.yaml#u", "young", Digest.Parse(Sha('b')), new DateTimeOffset(2026, 12, 1, 4, 0, 0, TimeSpan.Zero), "created 2026-11-28 04:00 UTC, minimum age 3d")],
        };

        var content = PullRequestContentBuilder.Build(facts);

        Assert.Equal(["gone: NotFound: manifest unknown"], content.Problems.Select(p => $"{p.Tag}: {p.Message}"));
        var unverified = Assert.Single(content.Unverified);
        Assert.Equal((new TagKey("s/u.yaml", "u", "signed"), Digest.Parse(Sha('a')), "SignatureMissing: no cosign signature for the digest"), (unverified.Key, unverified.Digest, unverified.Why));
        var waiting = Assert.Single(content.Waiting);
        Assert.Equal((new TagKey("s/u.yaml", "u", "young"), "waiting until 2026-12-01 04:00 UTC (created 2026-11-28 04:00 UTC, minimum age 3d)"), (waiting.Key, waiting.Why));
    }

    [Fact]
    public void A_failure_of_a_tag_with_a_condition_is_listed_once_and_other_failures_each_once()
    {
        var facts = new PullRequestRunFacts
        {
            BaseBranch = "main",
            Now = Now,
            Changes =
            [
                new("s/u.yaml#u", "s/u.yaml", "u", "gone", TagChangeKind.ConditionSet, null, null, null, null)
                {
                    Condition = new TagEventCondition("ImportSuccess", "False", Now, "NotFound", "quay.io/x/u:gone: manifest unknown", 1),
                },
            ],
            Failures = [new("s/u.yaml#u", "gone", "NotFound", "manifest unknown"), new("s/u.yaml#u", "other", "Unauthorized", "401"), new("s/v.yaml#v", "gone", "NotFound", "manifest unknown")],
        };

        var content = PullRequestContentBuilder.Build(facts);

        Assert.Equal(
            ["s/u.yaml u gone NotFound: quay.io/x/u:gone: manifest unknown", "s/u.yaml u other Unauthorized: 401", "s/v.yaml v gone NotFound: manifest unknown"],
            content.Problems.Select(p => $"{p.FilePath} {p.Stream} {p.Tag} {p.Message}"));
    }

    [Fact]
    public void A_failure_of_a_same_named_tag_in_another_stream_of_the_file_is_a_problem_of_its_own()
    {
        var facts = new PullRequestRunFacts
        {
            BaseBranch = "main",
            Now = Now,
            Changes =
            [
                new("s/u.yaml#u", "s/u.yaml", "u", "latest", TagChangeKind.ConditionSet, null, null, null, null)
                {
                    Condition = new TagEventCondition("ImportSuccess", "False", Now, "NotFound", "manifest unknown", 1),
                },
                new("s/u.yaml#w", "s/u.yaml", "w", "1", TagChangeKind.New, null, null, "quay.io/x/w@" + Sha('a'), Sha('a')),
            ],
            Failures = [new("s/u.yaml#u", "latest", "NotFound", "manifest unknown"), new("s/u.yaml#w", "latest", "Unauthorized", "401")],
        };

        var content = PullRequestContentBuilder.Build(facts);

        Assert.Equal(
            ["s/u.yaml u latest NotFound: manifest unknown", "s/u.yaml w latest Unauthorized: 401"],
            content.Problems.Select(p => $"{p.FilePath} {p.Stream} {p.Tag} {p.Message}"));
    }

    [Fact]
    public void A_tag_without_a_changed_sibling_is_named_by_its_stream_key()
    {
        var facts = new PullRequestRunFacts
        {
            BaseBranch = "main",
            Now = Now,
            Changes = [new("dir/a#b.yaml#app", "dir/a#b.yaml", "app", "1", TagChangeKind.New, null, null, "quay.io/x/app@" + Sha('a'), Sha('a'))],
            Deferred = [new("dir/a#b.yaml#app", "2", "quay.io/x/app:2", new ResolutionFailed(ResolutionFailureKind.Timeout, "timed out")), new("other.yaml#web", "3", "quay.io/x/web:3", new ResolutionFailed(ResolutionFailureKind.Timeout, "timed out"))],
            Held = [new("other.yaml#web", "4", Digest.Parse(Sha('b')), "closed pull request #3")],
        };

        var content = PullRequestContentBuilder.Build(facts);

        Assert.Equal([new TagKey("dir/a#b.yaml", "app", "2"), new TagKey("other.yaml", "web", "3")], content.Deferred.Select(d => d.Key));
        Assert.Equal(["timed out", "timed out"], content.Deferred.Select(d => d.Reason));
        Assert.Equal(new TagKey("other.yaml", "web", "4"), Assert.Single(content.Held).Key);
    }

    [Fact]
    public void Only_new_and_updated_digests_become_rows_and_the_source_falls_back_to_the_pulled_repository()
    {
        var facts = new PullRequestRunFacts
        {
            BaseBranch = "main",
            Now = Now,
            Changes =
            [
                new("s/u.yaml#u", "s/u.yaml", "u", "plain", TagChangeKind.Updated, "u:old", "not a digest", "quay.io/x/u:plain", Sha('a')),
                new("s/u.yaml#u", "s/u.yaml", "u", "none", TagChangeKind.New, null, null, null, Sha('b')),
                new("s/u.yaml#u", "s/u.yaml", "u", "bad", TagChangeKind.New, null, null, "quay.io/x/u@bad", "bad"),
                new("s/u.yaml#u", "s/u.yaml", "u", "cleared", TagChangeKind.ConditionCleared, null, Sha('c'), null, Sha('c')),
            ],
        };

        var content = PullRequestContentBuilder.Build(facts);

        Assert.Equal([("plain", "quay.io/x/u:plain", (Digest?)null), ("none", "", null)], content.Changes.Select(c => (c.Key.Tag, c.Source, c.OldDigest)));
        Assert.All(content.Changes, c => Assert.Null(c.Provenance));
        Assert.Empty(content.Problems);
    }

    [Fact]
    public void Provenance_comes_from_the_images_the_run_read_for_the_old_and_the_new_digest()
    {
        var old = Digest.Parse(Sha('a'));
        var proposed = Digest.Parse(Sha('b'));
        var facts = new PullRequestRunFacts
        {
            BaseBranch = "main",
            Now = Now,
            Changes =
            [
                new("s/u.yaml#u", "s/u.yaml", "u", "1", TagChangeKind.Updated, "u@" + old, old.ToString(), "u@" + proposed, proposed.ToString()),
                new("s/u.yaml#u", "s/u.yaml", "u", "2", TagChangeKind.New, null, null, "u@" + proposed, proposed.ToString()),
            ],
            Images = new Dictionary<Digest, ImageFacts> { [old] = new(old) { Chosen = Platform.LinuxAmd64 }, [proposed] = new(proposed) },
        };

        var content = PullRequestContentBuilder.Build(facts);

        Assert.Equal(new TagProvenance(new ImageFacts(old) { Chosen = Platform.LinuxAmd64 }, new ImageFacts(proposed)), content.Changes[0].Provenance);
        Assert.Equal(new TagProvenance(null, new ImageFacts(proposed)), content.Changes[1].Provenance);
    }

    [Fact]
    public void Sources_and_base_digests_are_read_from_the_streams_as_written()
    {
        const string Stream = """
            apiVersion: image.openshift.io/v1
            kind: ImageStream
            metadata:
              name: app
            spec:
              tags:
              - name: "1"
                from: {kind: DockerImage, name: quay.io/acme/app:1}
              - name: "2"
                from: {kind: DockerImage, name: quay.io/acme/app:2}
              - name: alias
                from: {kind: ImageStreamTag, name: app:1}
              - name: bare
            status:
              tags:
              - tag: "1"
                items:
                - created: "2026-01-01T00:00:00Z"
                  dockerImageReference: quay.io/acme/app@sha256:1111111111111111111111111111111111111111111111111111111111111111
                  image: sha256:1111111111111111111111111111111111111111111111111111111111111111
                  generation: 1
              - tag: "2"
                items: []
            """;
        var streams = ImageStreamReader.ReadRepository([new SourceFile("app.yaml", Stream)]).Streams;

        var sources = PullRequestRunFacts.SourcesOf(streams);
        var digests = PullRequestRunFacts.CurrentDigestsOf(streams);

        Assert.Equal("quay.io/acme/app:1", sources[new("app.yaml", "app", "1")]);
        Assert.Equal("app:1", sources[new("app.yaml", "app", "alias")]);
        Assert.False(sources.ContainsKey(new("app.yaml", "app", "bare")));
        Assert.Equal(Digest.Parse("sha256:" + new string('1', 64)), Assert.Single(digests).Value);
        Assert.Equal(new TagKey("app.yaml", "app", "1"), digests.Single().Key);
    }
}
