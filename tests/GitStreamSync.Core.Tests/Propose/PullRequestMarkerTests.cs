
using GitStreamSync.Core.Tests.Plan;
using GitStreamSync.Core.Tests.Record;
using GitStreamSync.Core.Tests.Select;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
namespace GitStreamSync.Core.Tests.Propose;

public sealed class PullRequestMarkerTests
{
    private static Digest Sha(char c) => Digest.Parse("sha256:" + new string(c, 64));

    public static TheoryData<string, string, string> AwkwardNames => new()
    {
        { "streams/ubuntu.yaml", "myubuntu", "16.04" },
        { "dir with spaces/a#b:c.yaml", "s", "t" },
        { "evil-->/x.yaml", "s--", "--!>" },
        { "ünïcödé/файл.yaml", "s", "latest" },
        { "%41%zz/p.yaml", "name", "tag_1.2-rc" },
    };

    [Theory]
    [MemberData(nameof(AwkwardNames))]
    public void A_marker_formats_and_parses_back_to_the_same_entries(string file, string stream, string tag)
    {
        var marker = new PullRequestMarker("release/1.x", "group one", [
            new(new(file, stream, tag), Sha('a'), Sha('b')) { FirstSeen = new DateTimeOffset(2026, 11, 28, 4, 5, 6, TimeSpan.Zero) },
            new(new("other.yaml", "o", "new"), null, Sha('c')),
        ])
        {
            RunId = "20261128T040506Z-abc123",
        };

        var text = marker.Format();
        var parsed = PullRequestMarker.Parse("Some body\n\n" + text + "\ntrailing words");

        Assert.Equal(marker, parsed);
        Assert.Equal(1, CountOf(text, "-->"));
        Assert.EndsWith("-->", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Closed_by_tool_round_trips_and_Replace_keeps_the_rest_of_the_body()
    {
        var marker = new PullRequestMarker("main", null, [new(new("a.yaml", "a", "1"), Sha('a'), Sha('b'))]);
        var body = "Intro\r\n\r\n" + marker.Format() + "\r\nEdited by a person\r\n";

        var replaced = PullRequestMarker.Replace(body, marker with { ClosedByTool = true });

        Assert.StartsWith("Intro\r\n\r\n", replaced, StringComparison.Ordinal);
        Assert.EndsWith("\r\nEdited by a person\r\n", replaced, StringComparison.Ordinal);
        Assert.True(PullRequestMarker.Parse(replaced).ClosedByTool);
        Assert.False(PullRequestMarker.Parse(body).ClosedByTool);
    }

    [Fact]
    public void A_body_edited_in_the_browser_with_CRLF_still_parses()
    {
        var marker = new PullRequestMarker("main", null, [new(new("a.yaml", "a", "1"), null, Sha('b'))]);

        Assert.Equal(marker, PullRequestMarker.Parse(marker.Format().Replace("\n", "\r\n", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("no marker here", "no gitstreamsync marker")]
    [InlineData("<!-- gitstreamsync:pull-request v1\nbase main\n", "not closed")]
    [InlineData("<!-- gitstreamsync:pull-request v9\nbase main\n-->", "unsupported gitstreamsync marker version 'v9'")]
    [InlineData("<!-- gitstreamsync:pull-request v1\nset a.yaml#s:t - sha256:abc\n-->", "line 2")]
    [InlineData("<!-- gitstreamsync:pull-request v1\nset a.yaml:t - sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\nbase main\n-->", "line 2")]
    [InlineData("<!-- gitstreamsync:pull-request v1\nset a.yaml#s:t\n-->", "line 2")]
    [InlineData("<!-- gitstreamsync:pull-request v1\nbase ma%ZZin\n-->", "line 2")]
    [InlineData("<!-- gitstreamsync:pull-request v1\ngroup x\n-->", "names no base branch")]
    [InlineData("<!-- gitstreamsync:pull-request v1\nbase main\nset a.yaml#s:t - sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa yesterday\n-->", "line 3")]
    public void A_missing_or_malformed_marker_is_a_format_error_that_says_why(string body, string expected)
    {
        Assert.False(PullRequestMarker.TryParse(body, out _));
        var ex = Assert.Throws<PullRequestMarkerFormatException>(() => PullRequestMarker.Parse(body));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_of_a_later_format_are_skipped()
    {
        var body = "<!-- gitstreamsync:pull-request v1\nbase main\nfuture-field 42\n-->";

        Assert.Equal(new PullRequestMarker("main", null, []), PullRequestMarker.Parse(body));
    }

    private static int CountOf(string text, string part) => text.Split(part).Length - 1;
}
