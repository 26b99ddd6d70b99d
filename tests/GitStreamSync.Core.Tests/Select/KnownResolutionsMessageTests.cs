using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Select;

namespace GitStreamSync.Core.Tests.Select;

/// <summary>The exact refusals a <c>sync --resolutions</c> user reads, and the bounds they are given at.</summary>
public sealed class KnownResolutionsMessageTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);

    private static ResolutionSet Set(string source, int index, int count, string[] streams, DateTimeOffset madeAt, string baseBranch = "main") => new()
    {
        Source = source,
        Repository = "github.com/acme/images",
        BaseBranch = baseBranch,
        BaseCommit = new string('a', 40),
        MadeAt = madeAt,
        Shard = new Shard(index, count),
        Streams = streams,
        Resolutions = new Dictionary<ResolveRequest, ResolutionOutcome>(),
    };

    private static string Refusal(params ResolutionSet[] sets) =>
        Assert.Throws<ResolutionsRefusedException>(() => KnownResolutions.Combine(sets, Now, KnownResolutions.DefaultMaxAge)).Message;

    [Fact]
    public void No_file_is_refused_with_the_reason() =>
        Assert.Equal("no resolutions file given", Refusal());

    [Fact]
    public void No_list_at_all_is_a_programming_error() =>
        Assert.Throws<ArgumentNullException>(() => KnownResolutions.Combine(null!, Now, KnownResolutions.DefaultMaxAge));

    [Fact]
    public void A_file_exactly_as_old_as_the_bound_or_exactly_the_clock_skew_ahead_is_taken()
    {
        var known = KnownResolutions.Combine(
            [Set("old.json", 0, 2, ["a.yaml#a"], Now - KnownResolutions.DefaultMaxAge), Set("ahead.json", 1, 2, ["b.yaml#b"], Now + KnownResolutions.ClockSkew)],
            Now,
            KnownResolutions.DefaultMaxAge);

        Assert.Equal(2, known.Sets.Count);
    }

    [Fact]
    public void Ages_under_an_hour_are_given_in_minutes_and_seconds_and_under_a_minute_in_seconds()
    {
        var late = Assert.Throws<ResolutionsRefusedException>(() => KnownResolutions.Combine([Set("s.json", 0, 1, ["a.yaml#a"], Now.AddMinutes(-12).AddSeconds(-7))], Now, TimeSpan.FromSeconds(45))).Message;
        var ahead = Refusal(Set("s.json", 0, 1, ["a.yaml#a"], Now.AddMinutes(6).AddSeconds(5)));

        Assert.Equal("s.json: made at 2026-01-15T09:17:53Z, 12m07s ago, older than --max-resolution-age 45s: its digests may have moved since; run the shards again", late);
        Assert.Equal("s.json: made at 2026-01-15T09:36:05Z, 6m05s in the future: the clocks of the machines disagree", ahead);
    }

    [Fact]
    public void An_age_of_exactly_one_minute_is_given_in_minutes() =>
        Assert.Contains(
            "1m00s ago",
            Assert.Throws<ResolutionsRefusedException>(() => KnownResolutions.Combine([Set("s.json", 0, 1, ["a.yaml#a"], Now.AddMinutes(-1))], Now, TimeSpan.FromSeconds(30))).Message,
            StringComparison.Ordinal);

    [Fact]
    public void Files_made_against_different_base_branches_are_refused()
    {
        Assert.Equal(
            "b.json: made against base branch release, but a.json against main",
            Refusal(Set("a.json", 0, 2, ["a.yaml#a"], Now), Set("b.json", 1, 2, ["b.yaml#b"], Now, "release")));
    }

    [Fact]
    public void An_overlap_of_one_stream_names_it_alone_and_every_fault_is_listed()
    {
        Assert.Equal(
            "b.json: made against base branch release, but a.json against main; b.json (shard 1/2) overlaps a.json (shard 0/2): both cover a.yaml#a; give each shard's file once, all from one run",
            Refusal(Set("a.json", 0, 2, ["a.yaml#a"], Now), Set("b.json", 1, 2, ["a.yaml#a", "b.yaml#b"], Now, "release")));
    }

    [Fact]
    public void A_file_that_overlaps_is_compared_to_the_first_owner_of_each_stream()
    {
        // c.json overlaps a.json only; b.json's streams were never taken over by it.
        Assert.Equal(
            "b.json (shard 1/3) overlaps a.json (shard 0/3): both cover a.yaml#a; give each shard's file once, all from one run; "
            + "c.json (shard 2/3) overlaps a.json (shard 0/3): both cover a.yaml#a; give each shard's file once, all from one run",
            Refusal(Set("a.json", 0, 3, ["a.yaml#a"], Now), Set("b.json", 1, 3, ["a.yaml#a", "b.yaml#b"], Now), Set("c.json", 2, 3, ["a.yaml#a", "b.yaml#b"], Now)));
    }

    [Fact]
    public void Every_file_made_for_another_repository_than_the_run_is_named()
    {
        var known = KnownResolutions.Combine([Set("a.json", 0, 2, ["a.yaml#a"], Now), Set("b.json", 1, 2, ["b.yaml#b"], Now)], Now, KnownResolutions.DefaultMaxAge);

        Assert.Equal(
            "a.json: made against github.com/acme/images, not github.com/evil/images; b.json: made against github.com/acme/images, not github.com/evil/images",
            Assert.Throws<ResolutionsRefusedException>(() => known.CheckMadeFor("github.com/evil/images", "main")).Message);
    }

    [Fact]
    public void A_set_just_made_has_no_source_name() =>
        Assert.Equal("", new ResolutionSet
        {
            Repository = "r",
            BaseBranch = "main",
            BaseCommit = new string('a', 40),
            MadeAt = Now,
            Shard = new Shard(0, 1),
            Streams = [],
            Resolutions = new Dictionary<ResolveRequest, ResolutionOutcome>(),
        }.Source);
}
