using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Select;

namespace GitStreamSync.Core.Tests.Select;

public sealed class KnownResolutionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);
    private static readonly Digest Old = Digest.Parse("sha256:" + new string('1', 64));
    private static readonly Digest New = Digest.Parse("sha256:" + new string('2', 64));

    private static ResolveRequest Request(string reference) =>
        new(ImageReference.Parse(reference), ImportMode.Legacy, PlatformPreference.Default);

    private static ResolutionSet Set(string source, int index, int count, string[] streams, DateTimeOffset madeAt, params (string Reference, Digest Digest)[] answers) => new()
    {
        Source = source,
        Repository = "github.com/acme/images",
        BaseBranch = "main",
        BaseCommit = new string('a', 40),
        MadeAt = madeAt,
        Shard = new Shard(index, count),
        Streams = streams,
        Resolutions = answers.ToDictionary(a => Request(a.Reference), a => (ResolutionOutcome)new Resolved(a.Digest, "application/vnd.oci.image.manifest.v1+json")),
    };

    [Fact]
    public void The_files_together_give_the_due_streams_and_every_answer()
    {
        var known = KnownResolutions.Combine(
            [
                Set("s0.json", 0, 2, ["a.yaml#a"], Now.AddMinutes(-5), ("alpine:3.20", Old)),
                Set("s1.json", 1, 2, ["b.yaml#b", "c.yaml#c"], Now.AddMinutes(-4), ("ubuntu:24.04", New)),
            ],
            Now,
            KnownResolutions.DefaultMaxAge);

        Assert.Equal(["a.yaml#a", "b.yaml#b", "c.yaml#c"], known.Streams.Order(StringComparer.Ordinal));
        Assert.Equal(2, known.Resolutions.Count);
        Assert.Empty(known.MissingShards);
    }

    [Fact]
    public void Where_two_shards_asked_about_one_reference_the_newer_answer_wins()
    {
        var known = KnownResolutions.Combine(
            [
                Set("late.json", 1, 2, ["b.yaml#b"], Now.AddMinutes(-1), ("alpine:3.20", New)),
                Set("early.json", 0, 2, ["a.yaml#a"], Now.AddMinutes(-9), ("alpine:3.20", Old)),
            ],
            Now,
            KnownResolutions.DefaultMaxAge);

        Assert.Equal(New, Assert.IsType<Resolved>(known.Resolutions[Request("alpine:3.20")]).Digest);
    }

    [Fact]
    public void A_file_older_than_the_bound_is_refused_naming_it_and_its_age()
    {
        var refused = Assert.Throws<ResolutionsRefusedException>(() => KnownResolutions.Combine(
            [Set("fresh.json", 0, 2, ["a.yaml#a"], Now.AddMinutes(-5)), Set("shards/stale.json", 1, 2, ["b.yaml#b"], Now.AddMinutes(-75))],
            Now,
            KnownResolutions.DefaultMaxAge));

        Assert.Equal("shards/stale.json: made at 2026-01-15T08:15:00Z, 1h15m ago, older than --max-resolution-age 1h00m: its digests may have moved since; run the shards again", refused.Message);
    }

    [Fact]
    public void The_bound_is_the_one_given()
    {
        var set = Set("s.json", 0, 1, ["a.yaml#a"], Now.AddMinutes(-20));

        Assert.Single(KnownResolutions.Combine([set], Now, TimeSpan.FromMinutes(30)).Sets);
        Assert.Throws<ResolutionsRefusedException>(() => KnownResolutions.Combine([set], Now, TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public void A_file_made_in_the_future_is_refused()
    {
        var refused = Assert.Throws<ResolutionsRefusedException>(() => KnownResolutions.Combine([Set("s.json", 0, 1, ["a.yaml#a"], Now.AddHours(2))], Now, KnownResolutions.DefaultMaxAge));

        Assert.StartsWith("s.json: made at 2026-01-15T11:30:00Z, 2h00m in the future", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_files_are_refused_naming_both_and_a_stream()
    {
        var refused = Assert.Throws<ResolutionsRefusedException>(() => KnownResolutions.Combine(
            [
                Set("run1/shard-0.json", 0, 2, ["a.yaml#a", "c.yaml#c"], Now),
                Set("run2/shard-0.json", 0, 2, ["a.yaml#a", "c.yaml#c"], Now),
            ],
            Now,
            KnownResolutions.DefaultMaxAge));

        Assert.Equal("run2/shard-0.json (shard 0/2) overlaps run1/shard-0.json (shard 0/2): both cover a.yaml#a and 1 more; give each shard's file once, all from one run", refused.Message);
    }

    [Fact]
    public void Files_made_for_different_repositories_are_refused()
    {
        var refused = Assert.Throws<ResolutionsRefusedException>(() => KnownResolutions.Combine(
            [Set("a.json", 0, 2, ["a.yaml#a"], Now), Set("b.json", 1, 2, ["b.yaml#b"], Now) with { Repository = "github.com/acme/other" }],
            Now,
            KnownResolutions.DefaultMaxAge));

        Assert.Equal("b.json: made against github.com/acme/other, but a.json against github.com/acme/images", refused.Message);
    }

    [Fact]
    public void A_file_made_against_another_repository_or_base_than_the_run_is_refused()
    {
        var known = KnownResolutions.Combine([Set("a.json", 0, 1, ["a.yaml#a"], Now)], Now, KnownResolutions.DefaultMaxAge);

        known.CheckMadeFor("github.com/acme/images", "main");
        Assert.Equal(
            "a.json: made against github.com/acme/images, not github.com/evil/images",
            Assert.Throws<ResolutionsRefusedException>(() => known.CheckMadeFor("github.com/evil/images", "main")).Message);
        Assert.Equal(
            "a.json: made against base branch main, not release",
            Assert.Throws<ResolutionsRefusedException>(() => known.CheckMadeFor("github.com/acme/images", "release")).Message);
    }

    [Fact]
    public void A_missing_shard_is_named()
    {
        var known = KnownResolutions.Combine([Set("s0.json", 0, 3, ["a.yaml#a"], Now), Set("s2.json", 2, 3, ["b.yaml#b"], Now)], Now, KnownResolutions.DefaultMaxAge);

        Assert.Equal([new Shard(1, 3)], known.MissingShards);
    }

    [Fact]
    public void No_file_is_refused() =>
        Assert.Throws<ResolutionsRefusedException>(() => KnownResolutions.Combine([], Now, KnownResolutions.DefaultMaxAge));
}
