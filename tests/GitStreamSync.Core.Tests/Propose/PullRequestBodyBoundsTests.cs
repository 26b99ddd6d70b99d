using GitStreamSync.Core.Images;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Tests.Edit;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace GitStreamSync.Core.Tests.Propose;

/// <summary>Bodies stay within GitHub's 65,536 characters whatever the number of tags, and say what they leave out.</summary>
public sealed partial class PullRequestBodyBoundsTests(ITestOutputHelper output)
{
    private static readonly string Golden = GoldenFile.Folder();

    [Theory]
    [InlineData(1)]
    [InlineData(300)]
    [InlineData(5_000)]
    [InlineData(20_000)]
    public void Every_body_fits_in_GitHubs_limit_and_its_marker_reads_back(int tags)
    {
        var content = ManyTags.Content(tags);

        var body = PullRequestBodyRenderer.Render(content);

        var marker = PullRequestMarker.Parse(body);
        output.WriteLine($"{tags} tags: body {body.Length} characters; the marker lists {marker.Entries.Count} and counts {marker.Omitted} more");
        Assert.True(body.Length <= GitHubTextLimits.BodyCharacters, $"{tags} tags give a {body.Length}-character body");
        Assert.StartsWith($"GitStreamSync proposes {tags} new image digest", body, StringComparison.Ordinal);
        Assert.Equal(tags, marker.Entries.Count + marker.Omitted);
        var proposed = content.Changes.ToDictionary(c => c.Key, c => c.NewDigest);
        Assert.All(marker.Entries, e => Assert.Equal(proposed[e.Key], e.NewDigest));
        Assert.Equal(marker.Entries.Count, marker.Entries.Select(e => e.Key).Distinct().Count());
    }

    [Theory]
    [InlineData(300)]
    [InlineData(5_000)]
    [InlineData(20_000)]
    public void A_cut_body_says_how_many_tags_it_lists_and_where_to_see_the_rest(int tags)
    {
        var body = PullRequestBodyRenderer.Render(ManyTags.Content(tags));

        var note = CutNote().Match(body);
        Assert.True(note.Success, "the body says it is cut");
        var listed = int.Parse(note.Groups["listed"].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(tags, int.Parse(note.Groups["total"].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(listed, TagRow().Count(body));
        Assert.Contains("`gitstreamsync plan -o diff`", body, StringComparison.Ordinal);
        Assert.Contains("**Files changed**", body, StringComparison.Ordinal);
        var moreInStreams = MoreInStream().Matches(body).Sum(m => int.Parse(m.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture));
        var moreStreams = MoreStreams().Match(body) is { Success: true } m ? int.Parse(m.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) : 0;
        Assert.Equal(tags - listed, moreInStreams + moreStreams);
    }

    [Fact]
    public void A_body_that_fits_lists_every_tag_and_no_cut_note()
    {
        var body = PullRequestBodyRenderer.Render(ManyTags.Content(20));

        Assert.DoesNotMatch(CutNote(), body);
        Assert.Equal(20, TagRow().Count(body));
        Assert.Contains("Closing this pull request without merging rejects them", body, StringComparison.Ordinal);
    }

    [Fact]
    public void At_300_tags_the_marker_still_lists_every_digest_so_closing_rejects_them_all()
    {
        var body = PullRequestBodyRenderer.Render(ManyTags.Content(300));

        var marker = PullRequestMarker.Parse(body);
        Assert.Equal((300, 0), (marker.Entries.Count, marker.Omitted));
        Assert.Contains("Closing this pull request without merging rejects them", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Past_the_markers_room_the_footer_says_which_digests_closing_rejects()
    {
        var body = PullRequestBodyRenderer.Render(ManyTags.Content(5_000));

        var marker = PullRequestMarker.Parse(body);
        Assert.True(marker.Omitted > 0);
        Assert.Contains($"rejects the first {marker.Entries.Count:N0} of them", body, StringComparison.Ordinal);
        Assert.Contains($"the other {marker.Omitted:N0}", body, StringComparison.Ordinal);
        // The marker lists the first tags of every stream, the rows the body shows.
        Assert.Equal(100, marker.Entries.Where(e => e.Key.Tag == "v1.0.0").Select(e => e.Key.Stream).Distinct().Count());
    }

    [Fact]
    public void Sections_list_their_first_rows_and_count_the_rest()
    {
        var content = ManyTags.Content(3) with
        {
            Deferred = [.. Enumerable.Range(0, 500).Select(i => new PullRequestDeferredTag(new("d.yaml", "d", $"t{i:D3}"), "registry answered 503"))],
            Held = [.. Enumerable.Range(0, 70).Select(i => new PullRequestHeldTag(new("h.yaml", "h", $"t{i:D3}"), ManyTags.DigestOf($"held {i}"), "#12"))],
            Problems = [.. Enumerable.Range(0, 60).Select(i => new PullRequestProblem("p.yaml", "p", $"t{i:D3}", new string(i == 0 ? 'x' : 'y', i == 0 ? 5_000 : 100)))],
        };

        var body = PullRequestBodyRenderer.Render(content);

        Assert.Contains("_… and 450 more deferred tags._", body, StringComparison.Ordinal);
        Assert.Contains("_… and 20 more held tags._", body, StringComparison.Ordinal);
        Assert.Contains("_… and 10 more problems._", body, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 301), body, StringComparison.Ordinal);
        Assert.Contains("| `d.yaml` | `d` | `t049` |", body, StringComparison.Ordinal);
        Assert.DoesNotContain("| `d.yaml` | `d` | `t050` |", body, StringComparison.Ordinal);
        Assert.True(body.Length <= GitHubTextLimits.BodyCharacters);
    }

    [Fact]
    public void Sections_with_huge_cells_stay_within_the_visible_budget()
    {
        var content = ManyTags.Content(1) with
        {
            Problems = [.. Enumerable.Range(0, 50).Select(i => new PullRequestProblem(new string('&', 400) + i, new string('<', 400), new string('|', 400), new string('&', 5_000)))],
        };

        var body = PullRequestBodyRenderer.Render(content);

        Assert.True(body.Length <= GitHubTextLimits.BodyCharacters, $"{body.Length} characters");
        Assert.Matches(@"_… and \d+ more problems\._", body);
    }

    [Fact]
    public void A_cut_body_at_a_small_budget_matches_the_golden_file()
    {
        var content = ManyTags.Content(18, perStream: 6) with
        {
            Problems = [new("streams/broken.yaml", "broken", "latest", "manifest unknown"), new("streams/broken.yaml", "broken", "edge", "manifest unknown"), new(null, null, null, "config: bad schedule")],
            Deferred = [new(new("streams/app-0001.yaml", "app-0001", "v9"), "registry answered 503; retried next run"), new(new("streams/app-0002.yaml", "app-0002", "v9"), "deadline reached")],
            Held = [new(new("streams/app-0000.yaml", "app-0000", "v8"), ManyTags.DigestOf("held"), "pull request 12")],
        };

        var body = PullRequestBodyRenderer.Render(content, new PullRequestBodyBudget(VisibleCharacters: 3_000, SectionRows: 2, MarkerCharacters: 700));

        GoldenFile.AssertMatches(Path.Combine(Golden, "pull-request-body-cut.md"), body);
        var marker = PullRequestMarker.Parse(body);
        Assert.True(marker.Omitted > 0 && marker.Entries.Count > 0);
    }

    [GeneratedRegex(@"This body lists (?<listed>[\d,]+) of the (?<total>[\d,]+) changed tags")]
    private static partial Regex CutNote();

    [GeneratedRegex(@"^\| `v1\.\d+\.0` \|", RegexOptions.Multiline)]
    private static partial Regex TagRow();

    [GeneratedRegex(@"_… and (?<n>[\d,]+) more tags? in this ImageStream\._")]
    private static partial Regex MoreInStream();

    [GeneratedRegex(@"_… and (?<n>[\d,]+) changed tags? in [\d,]+ more ImageStreams?\._")]
    private static partial Regex MoreStreams();
}
