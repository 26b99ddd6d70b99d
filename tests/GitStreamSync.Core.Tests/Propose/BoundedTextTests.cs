using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;

namespace GitStreamSync.Core.Tests.Propose;

/// <summary>Titles within 256 characters and comments within 65,536, cut between characters and saying what they leave out.</summary>
public sealed class BoundedTextTests
{
    [Fact]
    public void Text_that_fits_is_left_as_it_is() =>
        Assert.Equal("short", GitHubTextLimits.Cut("short", 5));

    [Fact]
    public void Text_is_cut_between_characters_and_ends_in_an_ellipsis()
    {
        var cut = GitHubTextLimits.Cut(new string('a', 10) + "😀😀😀", 12);

        Assert.Equal(new string('a', 10) + "…", cut);
        Assert.Equal("aaaaaaaaa😀…", GitHubTextLimits.Cut("aaaaaaaaa😀😀😀", 12));
    }

    [Fact]
    public void A_long_stream_name_cuts_the_title_at_256_characters()
    {
        var content = ManyTags.Content(3) with { Group = new string('s', 300) };

        var title = PullRequestTitleTemplate.DefaultPerStream.Render(content);

        Assert.Equal(256, title.Length);
        Assert.StartsWith("Update image digests in sss", title, StringComparison.Ordinal);
        Assert.EndsWith("s…", title, StringComparison.Ordinal);
    }

    [Fact]
    public void A_title_is_never_cut_inside_a_surrogate_pair()
    {
        var content = ManyTags.Content(3) with { Group = string.Concat(Enumerable.Repeat("😀", 200)) };

        var title = PullRequestTitleTemplate.Parse("{group}").Render(content);

        Assert.True(title.Length <= 256);
        Assert.EndsWith("😀…", title, StringComparison.Ordinal);
        Assert.False(title.Any(char.IsSurrogate) && title.EnumerateRunes().Any(r => r == System.Text.Rune.ReplacementChar));
    }

    [Fact]
    public void A_close_comment_for_5000_tags_names_the_first_and_counts_the_rest()
    {
        var marker = PullRequestMarker.From(ManyTags.Content(5_000));

        var comment = PullRequestPublication.CloseComment("main", marker, _ => new TagFacts(TagStanding.Resolved, ManyTags.DigestOf("something else")));

        Assert.True(comment.Length <= GitHubTextLimits.CommentCharacters, $"{comment.Length} characters");
        Assert.Equal(100, comment.Split('\n').Count(l => l.StartsWith("- `", StringComparison.Ordinal)));
        Assert.Contains("- … and 4,900 more tags\n", comment, StringComparison.Ordinal);
    }

    [Fact]
    public void A_close_comment_counts_the_tags_its_marker_had_no_room_for()
    {
        var marker = PullRequestMarker.Parse(PullRequestMarker.From(ManyTags.Content(5_000)).Format());

        var comment = PullRequestPublication.CloseComment("main", marker, _ => new TagFacts(TagStanding.Resolved, ManyTags.DigestOf("something else")));

        Assert.Contains($"- … and {marker.Entries.Count - 100 + marker.Omitted:N0} more tags\n", comment, StringComparison.Ordinal);
    }

    [Fact]
    public void A_regroup_comment_for_thousands_of_stream_branches_stays_within_the_limit()
    {
        var branches = Enumerable.Range(0, 5_000).Select(i => $"gitstreamsync/main/stream-{i:D4}").ToList();

        var comment = PullRequestPublication.RegroupComment("gitstreamsync/main", branches);

        Assert.True(comment.Length <= GitHubTextLimits.CommentCharacters, $"{comment.Length} characters");
        Assert.Contains("`gitstreamsync/main/stream-0099` and 4,900 more.", comment, StringComparison.Ordinal);
        Assert.DoesNotContain("stream-0100", comment, StringComparison.Ordinal);
    }
}

public sealed class BoundedTextEdgeTests
{
    [Theory]
    [InlineData("abcdef", 6, "abcdef")]
    [InlineData("abcdef", 5, "abcd…")]
    [InlineData("abcdef", 1, "…")]
    [InlineData("abe\u0301x", 4, "ab…")]
    [InlineData("abe\u0301x", 5, "abe\u0301x")]
    public void Text_is_cut_to_exactly_the_limit_between_two_characters(string text, int limit, string expected)
    {
        var cut = GitHubTextLimits.Cut(text, limit);

        Assert.Equal(expected, cut);
        Assert.True(cut.Length <= limit);
    }

    [Fact]
    public void A_limit_below_one_character_is_a_programming_error() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GitHubTextLimits.Cut("abc", 0));
}
