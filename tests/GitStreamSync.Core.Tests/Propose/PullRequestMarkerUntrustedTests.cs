using GitStreamSync.Core.Images;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using System.IO.Compression;
using System.Text;

namespace GitStreamSync.Core.Tests.Propose;

/// <summary>
/// A pull-request body is text anyone with write access can edit: a marker that is not exactly
/// what the tool writes is refused with the line that is wrong, never half-read, and a compact
/// marker never inflates past its bound.
/// </summary>
public sealed class PullRequestMarkerUntrustedTests
{
    private static readonly string DigestA = "sha256:" + new string('a', 64);
    private static readonly string DigestB = "sha256:" + new string('b', 64);

    [Theory]
    [InlineData("base main extra")]
    [InlineData("group one two")]
    [InlineData("run 1 2")]
    [InlineData("set a.yaml#s:t -")]
    [InlineData("set a.yaml#s:t - {B} 2026-11-28T04:00:00Z extra")]
    [InlineData("set #s:t - {B}")]
    [InlineData("set a.yaml#:t - {B}")]
    [InlineData("set a.yaml#s: - {B}")]
    [InlineData("set a.yaml#s - {B}")]
    [InlineData("set a.yaml#s:t sha256:0 {B}")]
    [InlineData("set a.yaml#s:t {A} sha256:0")]
    [InlineData("set a.yaml#s:t - {B} 2026-11-28")]
    [InlineData("set a.yaml#s:%4 - {B}")]
    [InlineData("set a.yaml#s:%zz - {B}")]
    [InlineData("set a.yaml#s:tä - {B}")]
    [InlineData("base ma%4")]
    public void A_plain_marker_line_that_is_not_as_the_tool_writes_it_is_refused_by_its_number(string line)
    {
        var body = "Body\n\n<!-- gitstreamsync:pull-request v1\nbase main\n" + line.Replace("{A}", DigestA, StringComparison.Ordinal).Replace("{B}", DigestB, StringComparison.Ordinal) + "\n-->\n";

        Assert.False(PullRequestMarker.TryParse(body, out var marker, out var error));
        Assert.Null(marker);
        Assert.StartsWith("malformed gitstreamsync marker line 3: '", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_field_of_a_plain_marker_is_read_and_percent_escapes_are_decoded()
    {
        var body = $"<!-- gitstreamsync:pull-request  v1 \nbase ma%41in\ngroup we%2Fb\nrun r%201\nset d%23/a.yaml#s%3A:t%25 {DigestA} {DigestB} 2026-11-28T04:05:06Z\nset b.yaml#s:u - {DigestB}\nclosed-by-tool\n-->";

        var marker = PullRequestMarker.Parse(body);

        Assert.Equal(("maAin", "we/b", "r 1", true), (marker.BaseBranch, marker.Group, marker.RunId, marker.ClosedByTool));
        Assert.Equal(
            [
                new PullRequestMarkerEntry(new("d#/a.yaml", "s:", "t%"), Digest.Parse(DigestA), Digest.Parse(DigestB)) { FirstSeen = new DateTimeOffset(2026, 11, 28, 4, 5, 6, TimeSpan.Zero) },
                new PullRequestMarkerEntry(new("b.yaml", "s", "u"), null, Digest.Parse(DigestB)),
            ],
            marker.Entries);
    }

    [Fact]
    public void A_name_with_ASCII_characters_the_tool_would_have_encoded_is_read_as_written()
    {
        var body = $"<!-- gitstreamsync:pull-request v1\nbase main\nset a@b.yaml#s!:t\u007f - {DigestB}\n-->";

        Assert.Equal(new TagKey("a@b.yaml", "s!", "t\u007f"), Assert.Single(PullRequestMarker.Parse(body).Entries).Key);
    }

    [Fact]
    public void The_first_marker_of_a_body_counts_and_a_closing_before_it_does_not_close_it()
    {
        Assert.False(PullRequestMarker.TryParse("--> then <!-- gitstreamsync:pull-request v1\nbase main\n", out _, out var error));
        Assert.Equal("the gitstreamsync marker is not closed with -->", error);

        var two = "<!-- gitstreamsync:pull-request v1\nbase first\n-->\n<!-- gitstreamsync:pull-request v1\nbase second\n-->";
        Assert.Equal("first", PullRequestMarker.Parse(two).BaseBranch);
        Assert.False(PullRequestMarker.TryParse(null, out _));
    }

    [Fact]
    public void Replace_appends_a_marker_to_a_body_that_has_none_or_an_unclosed_one()
    {
        var marker = new PullRequestMarker("main", null, []);

        Assert.Equal("Body\n\n" + marker.Format() + "\n", PullRequestMarker.Replace("Body", marker));
        Assert.Equal("<!-- gitstreamsync:pull-request v1\n\n\n" + marker.Format() + "\n", PullRequestMarker.Replace("<!-- gitstreamsync:pull-request v1\n", marker));
    }

    [Theory]
    [InlineData("entries 1 omitted", "line 3")]
    [InlineData("entries 1 skipped 0", "line 3")]
    [InlineData("entries -1 omitted 0", "line 3")]
    [InlineData("entries 1 omitted x", "line 3")]
    [InlineData("group a b", "line 3")]
    [InlineData("run a b", "line 3")]
    [InlineData("base a b", "line 3")]
    public void A_compact_marker_head_line_that_is_not_as_the_tool_writes_it_is_refused(string line, string expected)
    {
        var body = "<!-- gitstreamsync:pull-request v2\nbase main\n" + line + "\n-->";

        Assert.Contains(expected, Assert.Throws<PullRequestMarkerFormatException>(() => PullRequestMarker.Parse(body)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_compact_marker_reads_its_head_and_skips_words_of_a_later_format_before_the_entries()
    {
        var body = Compact("file a.yaml\nstream s\ntag t " + DigestA + " -\n", count: 1, head: "group we%2Fb\nrun r1\nclosed-by-tool\nclosed-by-tool later\nsummary 1\n");

        var marker = PullRequestMarker.Parse(body);

        Assert.Equal(("main", "we/b", "r1", true, 0), (marker.BaseBranch, marker.Group, marker.RunId, marker.ClosedByTool, marker.Omitted));
        Assert.Equal(new PullRequestMarkerEntry(new("a.yaml", "s", "t"), null, Digest.Parse(DigestA)), Assert.Single(marker.Entries));
    }

    [Fact]
    public void After_the_entries_line_only_base64_lines_are_read()
    {
        var body = Compact("file a.yaml\nstream s\ntag t " + DigestA + " -\n", count: 1).Replace("\n-->", "\nclosed-by-tool x\n-->", StringComparison.Ordinal);

        var error = Assert.Throws<PullRequestMarkerFormatException>(() => PullRequestMarker.Parse(body)).Message;

        Assert.StartsWith("malformed gitstreamsync marker line ", error, StringComparison.Ordinal);
        Assert.EndsWith("'closed-by-tool x'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("seen 2026-11-28\n", "seen 2026-11-28")]
    [InlineData("seen 2026-11-28T04:00:00Z extra\n", "seen 2026-11-28T04:00:00Z extra")]
    [InlineData("file a.yaml b\n", "file a.yaml b")]
    [InlineData("file a.yaml\nstream s t\n", "stream s t")]
    [InlineData("file %zz\n", "file %zz")]
    [InlineData("stream s\ntag t {A} -\n", "tag t sha256:")]
    [InlineData("file a.yaml\ntag t {A} -\n", "tag t sha256:")]
    [InlineData("file a.yaml\nstream s\ntag t {A}\n", "tag t sha256:")]
    [InlineData("file a.yaml\nstream s\ntag t sha256:0 -\n", "tag t sha256:0 -")]
    [InlineData("file a.yaml\nstream s\ntag %zz {A} -\n", "tag %zz")]
    [InlineData("seen 2026-11-28T04:00:00Z\nfile a.yaml\nstream s\ntag t {A} 1\n", "tag t sha256:")]
    [InlineData("file a.yaml\nstream s\ntag t {A} -1\n", "tag t sha256:")]
    [InlineData("file a.yaml\nstream s\ntag t {A} x\n", "tag t sha256:")]
    [InlineData("later a\n", "later a")]
    public void An_entry_that_is_not_as_the_tool_writes_it_is_refused_naming_it(string payload, string named)
    {
        var body = Compact(payload.Replace("{A}", DigestA, StringComparison.Ordinal), count: 1);

        var error = Assert.Throws<PullRequestMarkerFormatException>(() => PullRequestMarker.Parse(body)).Message;

        Assert.StartsWith("malformed gitstreamsync marker entry '" + named, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(80, "")]
    [InlineData(81, "…")]
    public void An_entry_is_quoted_whole_up_to_80_characters(int length, string cut)
    {
        var line = "file " + new string('x', length - 7) + " y";
        var body = Compact(line + "\n", count: 1);

        var error = Assert.Throws<PullRequestMarkerFormatException>(() => PullRequestMarker.Parse(body)).Message;

        Assert.Equal("malformed gitstreamsync marker entry '" + line[..80] + cut + "'", error);
    }

    [Fact]
    public void An_empty_file_name_is_refused()
    {
        var body = Compact("file \n", count: 0);

        Assert.Equal("malformed gitstreamsync marker entry 'file '", Assert.Throws<PullRequestMarkerFormatException>(() => PullRequestMarker.Parse(body)).Message);
    }

    [Fact]
    public void A_compact_head_line_is_quoted_whole_up_to_80_characters()
    {
        var line = "base " + new string('m', 73) + " x";
        var longer = "base " + new string('m', 74) + " x";

        Assert.Equal(80, line.Length);
        Assert.Equal("malformed gitstreamsync marker line 2: '" + line + "'", Assert.Throws<PullRequestMarkerFormatException>(() => PullRequestMarker.Parse("<!-- gitstreamsync:pull-request v2\n" + line + "\n-->")).Message);
        Assert.Equal("malformed gitstreamsync marker line 2: '" + longer[..80] + "…'", Assert.Throws<PullRequestMarkerFormatException>(() => PullRequestMarker.Parse("<!-- gitstreamsync:pull-request v2\n" + longer + "\n-->")).Message);
    }

    [Fact]
    public void A_long_entry_is_quoted_in_part()
    {
        var body = Compact("file " + new string('x', 200) + " y\n", count: 1);

        var error = Assert.Throws<PullRequestMarkerFormatException>(() => PullRequestMarker.Parse(body)).Message;

        Assert.Equal("malformed gitstreamsync marker entry 'file " + new string('x', 75) + "…'", error);
    }

    [Fact]
    public void Entries_refer_to_first_seen_times_by_number_and_hold_file_and_stream_until_the_next()
    {
        var payload = $"seen 2026-11-27T04:00:00Z\nseen 2026-11-28T04:00:00Z\nfile a.yaml\nstream s\ntag t {DigestA} 1\nstream u\ntag t {DigestB} 0\nfile b.yaml\ntag v {DigestB} -\n";

        var marker = PullRequestMarker.Parse(Compact(payload, count: 3));

        Assert.Equal(
            [
                ("a.yaml#s:t", (DateTimeOffset?)new DateTimeOffset(2026, 11, 28, 4, 0, 0, TimeSpan.Zero)),
                ("a.yaml#u:t", new DateTimeOffset(2026, 11, 27, 4, 0, 0, TimeSpan.Zero)),
                ("b.yaml#u:v", null),
            ],
            marker.Entries.Select(e => (e.Key.ToString(), e.FirstSeen)));
    }

    [Fact]
    public void A_marker_that_inflates_past_16_MiB_is_refused()
    {
        var body = Compact(new string('\n', 17 * 1024 * 1024), count: 0);
        Assert.True(body.Length < 65_536, $"{body.Length} characters");

        var error = Assert.Throws<PullRequestMarkerFormatException>(() => PullRequestMarker.Parse(body)).Message;

        Assert.Equal("the gitstreamsync marker's entries do not decode: the entries inflate past 16 MiB", error);
    }

    [Fact]
    public void A_marker_that_inflates_to_just_16_MiB_is_read()
    {
        var body = Compact(new string('\n', 16 * 1024 * 1024), count: 0);

        Assert.Empty(PullRequestMarker.Parse(body).Entries);
    }

    [Fact]
    public void Compressed_bytes_that_are_not_deflate_are_refused()
    {
        var body = "<!-- gitstreamsync:pull-request v2\nbase main\nentries 0 omitted 0\n" + Convert.ToBase64String(Enumerable.Repeat((byte)0xFF, 64).ToArray()) + "\n-->";

        Assert.StartsWith("the gitstreamsync marker's entries do not decode: ", Assert.Throws<PullRequestMarkerFormatException>(() => PullRequestMarker.Parse(body)).Message, StringComparison.Ordinal);
    }

    /// <summary>A <c>v2</c> marker with these uncompressed entries, as the tool writes them.</summary>
    private static string Compact(string payload, int count, string head = "")
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflate.Write(Encoding.UTF8.GetBytes(payload));
        }

        var base64 = Convert.ToBase64String(output.ToArray());
        var lines = string.Join("\n", base64.Chunk(100).Select(c => new string(c)));
        return $"<!-- gitstreamsync:pull-request v2\nbase main\n{head}entries {count} omitted 0\n{lines}\n-->";
    }
}
