using GitStreamSync.Core.Images;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using System.IO.Compression;
using System.Text;

namespace GitStreamSync.Core.Tests.Propose;

/// <summary>
/// The marker's text as other versions of the tool read it: which characters of a name stay as they
/// are and which are percent-encoded, when the readable <c>v1</c> lines give way to the compact
/// <c>v2</c> form, how <c>v2</c> lays out its entries, and that it lists as many tags as its limit holds.
/// </summary>
public sealed class PullRequestMarkerFormatTests
{
    private static readonly DateTimeOffset Seen = new(2026, 11, 28, 4, 0, 0, TimeSpan.Zero);

    private static Digest Sha(char c) => Digest.Parse("sha256:" + new string(c, 64));

    [Fact]
    public void A_plain_marker_keeps_the_safe_characters_and_percent_encodes_every_other_byte()
    {
        var marker = new PullRequestMarker("release/1.x", "Grüne Gruppe", [
            // Every character of the safe set, at both ends of each range.
            new(new("streams/AZaz09._~+=,-.yaml", "web app#1", "1:2%3!>"), Sha('a'), Sha('b')) { FirstSeen = new DateTimeOffset(2026, 11, 28, 6, 30, 0, TimeSpan.FromHours(2)) },
            new(new("streams/[x]@`{|}\u007f.yaml", "s", "t"), null, Sha('c')),
        ])
        {
            RunId = "20261128T040000Z-1a2b3c",
            ClosedByTool = true,
        };

        var text = marker.Format();

        GoldenFile.AssertMatches("pull-request-marker-v1.txt", text);
        Assert.Equal(marker, PullRequestMarker.Parse(text));
    }

    [Fact]
    public void A_marker_without_group_run_or_times_has_only_base_and_set_lines()
    {
        var marker = new PullRequestMarker("main", null, [new(new("a.yaml", "a", "1"), null, Sha('b'))]);

        Assert.Equal($"<!-- gitstreamsync:pull-request v1\nbase main\nset a.yaml#a:1 - {Sha('b')}\n-->", marker.Format());
    }

    [Fact]
    public void A_plain_marker_is_written_up_to_exactly_its_limit_and_compact_one_character_below()
    {
        var marker = PullRequestMarker.From(ManyTags.Content(3));
        var plain = marker.Format();

        var compact = marker.Format(plain.Length - 1);

        Assert.Equal(plain, marker.Format(plain.Length));
        Assert.StartsWith("<!-- gitstreamsync:pull-request v2\n", compact, StringComparison.Ordinal);
        Assert.True(compact.Length <= plain.Length - 1, $"{compact.Length} characters");
        Assert.Equal(3, PullRequestMarker.Parse(compact).Entries.Count + PullRequestMarker.Parse(compact).Omitted);
    }

    [Fact]
    public void Readable_lines_are_kept_up_to_8192_characters_even_under_a_larger_limit()
    {
        var marker = PullRequestMarker.From(ManyTags.Content(3)) with { Group = "g" };
        var padded = marker with { Group = new string('g', 1 + PullRequestMarker.PlainCharacters - marker.Format().Length) };
        var longer = padded with { Group = padded.Group + "g" };

        Assert.Equal(PullRequestMarker.PlainCharacters, padded.Format().Length);
        Assert.StartsWith("<!-- gitstreamsync:pull-request v1\n", padded.Format(), StringComparison.Ordinal);
        Assert.StartsWith("<!-- gitstreamsync:pull-request v2\n", longer.Format(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_marker_that_counts_omitted_tags_stays_compact_however_few_it_lists()
    {
        var marker = new PullRequestMarker("main", null, [new(new("a.yaml", "a", "1"), null, Sha('b'))]) { Omitted = 3 };

        var text = marker.Format();

        Assert.StartsWith("<!-- gitstreamsync:pull-request v2\nbase main\nentries 1 omitted 3\n", text, StringComparison.Ordinal);
        Assert.Equal(marker, PullRequestMarker.Parse(text));
    }

    [Fact]
    public void A_compact_marker_is_written_up_to_exactly_its_limit()
    {
        var marker = PullRequestMarker.From(ManyTags.Content(300));
        var text = marker.Format();

        Assert.Equal(text, marker.Format(text.Length));
        Assert.NotEqual(text, marker.Format(text.Length - 1));
        Assert.True(marker.Format(text.Length - 1).Length < text.Length);
    }

    [Fact]
    public void Compact_entries_are_base64_lines_of_100_characters_and_a_shorter_last_line()
    {
        var text = PullRequestMarker.From(ManyTags.Content(300)).Format();

        var lines = Base64Lines(text);

        Assert.True(lines.Count > 2, $"{lines.Count} lines");
        Assert.All(lines.SkipLast(1), l => Assert.Equal(100, l.Length));
        Assert.InRange(lines[^1].Length, 1, 100);
    }

    [Fact]
    public void Compact_entries_number_the_first_seen_times_and_name_each_file_and_stream_once()
    {
        var marker = new PullRequestMarker("main", "web", [
            new(new("a b.yaml", "s", "t"), Sha('a'), Sha('b')) { FirstSeen = Seen },
            new(new("a b.yaml", "s", "u"), null, Sha('c')) { FirstSeen = new DateTimeOffset(2026, 11, 27, 6, 0, 0, TimeSpan.FromHours(2)) },
            new(new("a b.yaml", "v", "t"), null, Sha('d')),
            new(new("c.yaml", "v", "t"), null, Sha('e')) { FirstSeen = Seen },
        ])
        {
            Omitted = 1,
        };

        var payload = Payload(marker.Format());

        Assert.Equal(
            "seen 2026-11-27T04:00:00Z\nseen 2026-11-28T04:00:00Z\n"
            + $"file a%20b.yaml\nstream s\ntag t {Sha('b')} 1\ntag u {Sha('c')} 0\nstream v\ntag t {Sha('d')} -\n"
            // The stream line holds across files: c.yaml's stream is v too.
            + $"file c.yaml\ntag t {Sha('e')} 1\n",
            payload);
    }

    [Fact]
    public void A_marker_past_its_limit_lists_the_first_tags_of_every_stream_and_no_room_is_left_for_one_more()
    {
        var content = ManyTags.Content(5_000);
        var marker = PullRequestMarker.From(content);

        var parsed = PullRequestMarker.Parse(marker.Format());

        // All streams' first tags, then all streams' second tags..., streams in file order.
        var ranked = marker.Entries
            .GroupBy(e => (e.Key.FilePath, e.Key.Stream))
            .SelectMany(s => s.OrderBy(e => e.Key.Tag, StringComparer.Ordinal).Select((entry, rank) => (entry, rank)))
            .OrderBy(p => p.rank).ThenBy(p => p.entry.Key.FilePath, StringComparer.Ordinal).ThenBy(p => p.entry.Key.Stream, StringComparer.Ordinal)
            .Select(p => p.entry with { OldDigest = null })
            .ToList();
        var listed = parsed.Entries.Count;
        Assert.Equal(ranked.Take(listed).OrderBy(e => e.Key.ToString(), StringComparer.Ordinal), parsed.Entries);
        Assert.Equal(5_000 - listed, parsed.Omitted);
        var oneMore = new PullRequestMarker(marker.BaseBranch, marker.Group, [.. ranked.Take(listed + 1).OrderBy(e => e.Key.ToString(), StringComparer.Ordinal)])
        {
            RunId = marker.RunId,
            Omitted = 5_000 - listed - 1,
        };
        Assert.True(oneMore.Format(int.MaxValue).Length > PullRequestMarker.DefaultMaxCharacters, "one more tag would have fit");
    }

    [Fact]
    public void When_not_even_the_head_fits_the_marker_lists_nothing_and_counts_every_tag()
    {
        var marker = PullRequestMarker.From(ManyTags.Content(300));

        var parsed = PullRequestMarker.Parse(marker.Format(10));

        Assert.Empty(parsed.Entries);
        Assert.Equal(300, parsed.Omitted);
    }

    [Fact]
    public void Markers_that_differ_in_any_fact_are_not_equal()
    {
        var marker = new PullRequestMarker("main", "g", [new(new("a.yaml", "a", "1"), null, Sha('b'))]) { RunId = "r", Omitted = 1 };

        Assert.Equal(marker, marker with { Entries = [.. marker.Entries] });
        Assert.Equal(marker.GetHashCode(), (marker with { Entries = [.. marker.Entries] }).GetHashCode());
        Assert.NotEqual(marker, marker with { BaseBranch = "other" });
        Assert.NotEqual(marker, marker with { Group = null });
        Assert.NotEqual(marker, marker with { ClosedByTool = true });
        Assert.NotEqual(marker, marker with { RunId = null });
        Assert.NotEqual(marker, marker with { Omitted = 0 });
        Assert.NotEqual(marker, marker with { Entries = [] });
        Assert.NotEqual(marker, marker with { Entries = [new(new("a.yaml", "a", "1"), null, Sha('c'))] });
        Assert.False(marker.Equals(null));
    }

    [Fact]
    public void A_compact_closed_by_tool_line_with_more_words_is_of_a_later_format_and_does_not_close()
    {
        var text = new PullRequestMarker("main", null, [new(new("a.yaml", "a", "1"), null, Sha('b'))]) { Omitted = 1 }.Format();

        var parsed = PullRequestMarker.Parse(text.Replace("\nentries ", "\nclosed-by-tool later\nentries ", StringComparison.Ordinal));

        Assert.False(parsed.ClosedByTool);
        Assert.Single(parsed.Entries);
    }

    private static List<string> Base64Lines(string text) =>
        [.. text.Split('\n').SkipWhile(l => !l.StartsWith("entries ", StringComparison.Ordinal)).Skip(1).TakeWhile(l => l != "-->")];

    /// <summary>The uncompressed entries of a <c>v2</c> marker.</summary>
    private static string Payload(string text)
    {
        using var input = new MemoryStream(Convert.FromBase64String(string.Concat(Base64Lines(text))));
        using var deflate = new DeflateStream(input, CompressionMode.Decompress);
        using var reader = new StreamReader(deflate, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
