using GitStreamSync.Core.Propose;

namespace GitStreamSync.Core.Tests.Propose;

/// <summary>The marker of a pull request with many tags: compact, bounded, and read back exactly.</summary>
public sealed class PullRequestMarkerCompactTests
{
    // The compact form leaves the old digest out: nothing decides on it, and the commit's trailers keep it.
    private static PullRequestMarker WithoutOldDigests(PullRequestMarker marker) =>
        marker with { Entries = [.. marker.Entries.Select(e => e with { OldDigest = null })] };

    [Fact]
    public void A_short_marker_stays_readable_v1_lines()
    {
        var text = PullRequestMarker.From(ManyTags.Content(3)).Format();

        Assert.StartsWith("<!-- gitstreamsync:pull-request v1\n", text, StringComparison.Ordinal);
        Assert.Contains("set streams/app-0000.yaml#app-0000:v1.0.0 sha256:", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_300_tag_marker_is_compressed_and_round_trips_whole()
    {
        var marker = PullRequestMarker.From(ManyTags.Content(300)) with { ClosedByTool = true };

        var text = marker.Format();

        Assert.StartsWith("<!-- gitstreamsync:pull-request v2\nbase main\nrun 20261128T040000Z-1a2b3c\nclosed-by-tool\nentries 300 omitted 0\n", text, StringComparison.Ordinal);
        Assert.True(text.Length < PullRequestMarker.DefaultMaxCharacters, $"{text.Length} characters");
        Assert.Equal(WithoutOldDigests(marker), PullRequestMarker.Parse("Body\n\n" + text + "\n"));
    }

    [Fact]
    public void A_5000_tag_marker_fits_its_limit_and_round_trips_what_it_lists()
    {
        var content = ManyTags.Content(5_000);
        var marker = PullRequestMarker.From(content);

        var text = marker.Format();
        var parsed = PullRequestMarker.Parse(text);

        Assert.True(text.Length <= PullRequestMarker.DefaultMaxCharacters, $"{text.Length} characters");
        Assert.Equal(5_000, parsed.Entries.Count + parsed.Omitted);
        Assert.True(parsed.Entries.Count >= 500, $"{parsed.Entries.Count} entries listed");
        var expected = WithoutOldDigests(marker).Entries.ToDictionary(e => e.Key);
        Assert.All(parsed.Entries, e => Assert.Equal(expected[e.Key], e));
        Assert.Equal((marker.BaseBranch, marker.Group, marker.RunId), (parsed.BaseBranch, parsed.Group, parsed.RunId));

        // Formatting what was read gives the same text: a run that proposes nothing new leaves the body byte for byte.
        Assert.Equal(text, parsed.Format());
        Assert.Equal(text, PullRequestMarker.From(content).Format());
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(20_000)]
    public void The_marker_never_passes_the_limit_it_is_formatted_for(int tags)
    {
        var text = PullRequestMarker.From(ManyTags.Content(tags)).Format(8_000);

        Assert.True(text.Length <= 8_000, $"{text.Length} characters");
        var parsed = PullRequestMarker.Parse(text);
        Assert.Equal(tags, parsed.Entries.Count + parsed.Omitted);
    }

    [Fact]
    public void Closed_by_tool_is_added_to_a_compact_marker_without_touching_the_rest_of_the_body()
    {
        var body = PullRequestBodyRenderer.Render(ManyTags.Content(300));
        var marker = PullRequestMarker.Parse(body);

        var closed = PullRequestMarker.Replace(body, marker with { ClosedByTool = true });

        Assert.True(PullRequestMarker.Parse(closed).ClosedByTool);
        Assert.Equal(body.Length + "closed-by-tool\n".Length, closed.Length);
        Assert.True(closed.Length <= GitHubTextLimits.BodyCharacters);
    }

    [Theory]
    [InlineData("<!-- gitstreamsync:pull-request v2\nbase main\n-->", "no entries line")]
    [InlineData("<!-- gitstreamsync:pull-request v2\nentries 0 omitted 0\n-->", "names no base branch")]
    [InlineData("<!-- gitstreamsync:pull-request v2\nbase main\nentries 2 omitted 0\nnot*base64\n-->", "line 4")]
    [InlineData("<!-- gitstreamsync:pull-request v2\nbase main\nentries 2 omitted 0\n////\n-->", "do not decode")]
    [InlineData("<!-- gitstreamsync:pull-request v2\nbase main\nentries x omitted 0\n-->", "line 3")]
    public void A_malformed_compact_marker_is_a_format_error_that_says_why(string body, string expected)
    {
        var ex = Assert.Throws<PullRequestMarkerFormatException>(() => PullRequestMarker.Parse(body));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Entries_that_do_not_match_their_count_are_refused()
    {
        var text = PullRequestMarker.From(ManyTags.Content(300)).Format();

        var ex = Assert.Throws<PullRequestMarkerFormatException>(() => PullRequestMarker.Parse(text.Replace("entries 300", "entries 299", StringComparison.Ordinal)));

        Assert.Contains("lists 300 entries where it says 299", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_proposal_that_did_not_change_keeps_its_run_id_even_when_the_marker_counts_tags_it_does_not_list()
    {
        var content = ManyTags.Content(5_000);
        var existing = PullRequestMarker.Parse(PullRequestMarker.From(content with { RunId = "first-run" }).Format());
        Assert.True(existing.Omitted > 0);

        var kept = PullRequestPublication.KeepFirstSeen(content with { RunId = "second-run" }, existing);
        var grown = PullRequestPublication.KeepFirstSeen(ManyTags.Content(5_001) with { RunId = "second-run" }, existing);

        Assert.Equal(("first-run", "second-run"), (kept.RunId, grown.RunId));
    }
}
