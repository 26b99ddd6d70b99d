using GitStreamSync.Core.Images;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;

namespace GitStreamSync.Core.Tests.Propose;

/// <summary>
/// Closing and regrouping comments name up to 100 tags or branches and count the rest in the
/// right number; a pull request whose marker lists nothing, or whose tags the run cannot speak
/// for, gets the short comment.
/// </summary>
public sealed class CloseCommentCountsTests
{
    private static readonly TagFacts Elsewhere = new(TagStanding.Resolved, ManyTags.DigestOf("something else"));

    [Theory]
    [InlineData(100, 0, null)]
    [InlineData(101, 0, "- … and 1 more tag\n")]
    [InlineData(102, 0, "- … and 2 more tags\n")]
    [InlineData(2, 1, "- … and 1 more tag\n")]
    public void A_close_comment_names_100_tags_and_counts_the_others_in_the_right_number(int listed, int omitted, string? more)
    {
        var marker = PullRequestMarker.From(ManyTags.Content(listed, perStream: 200)) with { Omitted = omitted };

        var comment = PullRequestPublication.CloseComment("main", marker, _ => Elsewhere);

        Assert.Equal(Math.Min(listed, 100), comment.Split('\n').Count(l => l.StartsWith("- `", StringComparison.Ordinal)));
        if (more is null)
        {
            Assert.DoesNotContain("- … and", comment, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("\n" + more + "\nClosed by the tool", comment, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_marker_that_lists_no_tag_gets_the_short_comment_even_when_the_run_knows_every_tag()
    {
        var marker = new PullRequestMarker("main", null, []) { Omitted = 3 };

        var comment = PullRequestPublication.CloseComment("main", marker, _ => Elsewhere);

        Assert.Equal(
            "GitStreamSync closed this pull request: the latest run found nothing left to propose for `main`.\n\n"
            + "Closed by the tool, so these digests are not treated as rejected. A new pull request opens when upstream publishes a new digest.",
            comment);
    }

    [Fact]
    public void Without_what_the_run_learned_per_tag_the_comment_counts_nothing()
    {
        var marker = PullRequestMarker.From(ManyTags.Content(150)) with { Omitted = 5 };

        var comment = PullRequestPublication.CloseComment("main", marker, facts: null);

        Assert.DoesNotContain("- ", comment, StringComparison.Ordinal);
        Assert.StartsWith("GitStreamSync closed this pull request: the latest run found nothing left to propose for `main`.\n\nClosed", comment, StringComparison.Ordinal);
    }

    [Fact]
    public void Digests_already_on_the_base_are_said_once_whatever_the_marker_left_out()
    {
        var content = ManyTags.Content(150);
        var marker = PullRequestMarker.From(content) with { Omitted = 5 };
        var onBase = content.Changes.ToDictionary(c => c.Key, c => c.NewDigest);

        var comment = PullRequestPublication.CloseComment("release/1.x", marker, key => new TagFacts(TagStanding.Resolved, onBase[key]));

        Assert.Equal(
            "GitStreamSync closed this pull request: the digests it proposed are already on `release/1.x`.\n\n"
            + "Closed by the tool, so these digests are not treated as rejected. A new pull request opens when upstream publishes a new digest.",
            comment);
    }

    [Fact]
    public void A_tag_the_run_resolved_elsewhere_or_found_waiting_is_no_longer_proposed()
    {
        var key = new TagKey("streams/a.yaml", "alpha", "1");
        var proposed = Digest.Parse("sha256:" + new string('b', 64));
        var marker = new PullRequestMarker("main", null, [new(key, null, proposed)]);
        var onBase = Digest.Parse("sha256:" + new string('a', 64));

        string Line(TagFacts facts) => PullRequestPublication.CloseComment("main", marker, _ => facts).Split('\n').Single(l => l.StartsWith("- `", StringComparison.Ordinal));

        Assert.Equal("- `streams/a.yaml#alpha:1`: `sha256:bbbbbbbbbbbb` is no longer proposed", Line(new TagFacts(TagStanding.Resolved, null)));
        Assert.Equal("- `streams/a.yaml#alpha:1`: `sha256:bbbbbbbbbbbb` is no longer proposed; the base keeps `sha256:aaaaaaaaaaaa`", Line(new TagFacts(TagStanding.Waiting, onBase)));
        Assert.Equal("- `streams/a.yaml#alpha:1`: `sha256:bbbbbbbbbbbb` is no longer proposed; the base keeps `sha256:aaaaaaaaaaaa`", Line(new TagFacts(TagStanding.Held, onBase)));
        Assert.Equal("- `streams/a.yaml#alpha:1`: the registry now refuses the tag ()", Line(new TagFacts(TagStanding.Failed, null)));
        Assert.Equal("- `streams/a.yaml#alpha:1`: upstream moved back to `sha256:aaaaaaaaaaaa`, which was rejected: ; the base keeps `sha256:aaaaaaaaaaaa`", Line(new TagFacts(TagStanding.Held, onBase) { Rejected = onBase }));
        Assert.Equal("- `streams/a.yaml#alpha:1`: the tag is now `reference: true`: the tool no longer resolves it", Line(new TagFacts(TagStanding.Reference, null)));
    }

    [Theory]
    [InlineData(1, "from `b/0000`. Git cannot keep `b` next to that branch, so")]
    [InlineData(100, "`b/0099`. Git cannot keep `b` next to those branches, so")]
    [InlineData(101, "`b/0099` and 1 more. Git cannot keep `b` next to those branches, so")]
    public void A_regroup_comment_names_100_branches_and_speaks_of_one_in_the_singular(int branches, string expected)
    {
        var comment = PullRequestPublication.RegroupComment("b", [.. Enumerable.Range(0, branches).Select(i => $"b/{i:D4}")]);

        Assert.Contains(expected, comment, StringComparison.Ordinal);
    }
}

public sealed class ProposalReportTests
{
    [Fact]
    public void A_report_proposed_only_when_it_talked_to_a_repository_and_neither_skipped_nor_failed()
    {
        Assert.True(new ProposalReport { Repository = "acme/images" }.Proposed);
        Assert.False(new ProposalReport { Repository = "acme/images", Skipped = "dry run" }.Proposed);
        Assert.False(new ProposalReport { Repository = "acme/images", NotOpened = "not a GitHub repository" }.Proposed);
        Assert.False(new ProposalReport { Repository = "acme/images", Failure = "401" }.Proposed);
        Assert.False(ProposalReport.None.Proposed);
    }
}
