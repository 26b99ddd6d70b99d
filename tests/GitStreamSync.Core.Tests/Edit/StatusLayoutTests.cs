using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Read;

namespace GitStreamSync.Core.Tests.Edit;

/// <summary>
/// The layout a status is written in comes from the file itself (architecture: "every other byte
/// of the file is kept", and new lines look like the old ones): the stream's own status first, then
/// the rest of its document, then the file's other documents.
/// </summary>
public sealed class StatusLayoutTests
{
    private const string Stream = "apiVersion: v1\nkind: ImageStream\nmetadata:\n  name: s\nspec:\n  tags:\n  - name: a\n    from:\n      kind: DockerImage\n      name: x:1\n";

    [Theory]
    [InlineData("\n", "\n")]
    [InlineData("\r\n", "\r\n")]
    public void The_line_ending_is_the_one_of_the_first_line(string ending, string expected)
    {
        Assert.Equal(expected, Layout(Stream.Replace("\n", ending, StringComparison.Ordinal)).LineEnding);
    }

    [Fact]
    public void A_file_that_starts_with_a_line_break_has_line_feed_endings()
    {
        Assert.Equal("\n", Layout("\n" + Stream).LineEnding);
        Assert.Equal("\r\n", Layout("\r\n" + Stream.Replace("\n", "\r\n", StringComparison.Ordinal)).LineEnding);
    }

    [Fact]
    public void The_status_entry_decides_the_indentation_before_the_rest_of_the_document()
    {
        var text = Stream + "status:\n    dockerImageRepository: \"\"\n    tags:\n      - items: null\n        tag: a\n";

        var layout = Layout(text);

        Assert.Equal((4, 2), (layout.Indent, layout.SequenceIndent));
        Assert.Equal((2, 0), (Layout(Stream).Indent, Layout(Stream).SequenceIndent));
    }

    [Fact]
    public void A_stream_written_in_flow_style_takes_the_indentation_of_the_other_streams_of_the_file()
    {
        var flow = "{apiVersion: v1, kind: ImageStream, metadata: {name: f}, spec: {tags: [{name: a, from: {kind: DockerImage, name: x:1}}]}}\n";
        var other = "apiVersion: v1\nkind: ImageStream\nmetadata:\n   name: b\nspec:\n   tags:\n     - name: a\n       from: {kind: DockerImage, name: x:1}\n";

        var layout = Layout(flow + "---\n" + other);

        Assert.Equal((3, 2), (layout.Indent, layout.SequenceIndent));
        Assert.Equal((2, 0), (Layout(flow).Indent, Layout(flow).SequenceIndent));
    }

    [Theory]
    [InlineData("'2021-11-15T05:06:44Z'", "\"2021-11-15T05:06:44Z\"", "Double")]
    [InlineData("'2021-11-15T05:06:44Z'", "2021-11-15T05:06:44Z", "Single")]
    [InlineData("2021-11-15T05:06:44Z", "2021-11-15T05:06:44Z", "Plain")]
    [InlineData("'2021-11-15T05:06:44Z'", "'2021-11-15T05:06:44Z'", "Single")]
    public void Timestamps_are_quoted_as_most_of_the_file_quotes_them_ties_going_to_the_quoted_style(string created, string lastTransitionTime, string expected)
    {
        var text = Stream + "status:\n  dockerImageRepository: \"\"\n  tags:\n  - conditions:\n    - generation: 1\n      lastTransitionTime: " + lastTransitionTime
            + "\n      status: \"False\"\n      type: ImportSuccess\n    items:\n    - created: " + created
            + "\n      dockerImageReference: x@sha256:1\n      generation: 1\n      image: sha256:1\n    tag: a\n";

        Assert.Equal(expected, Layout(text).Timestamps.ToString());
    }

    [Theory]
    [InlineData("{\"apiVersion\":\"v1\",\"kind\":\"ImageStream\",\"metadata\":{\"name\":\"s\"}}", ":")]
    [InlineData("{\"apiVersion\" : \"v1\",\"kind\":\"ImageStream\",\"metadata\":{\"name\":\"s\"}}", " : ")]
    [InlineData("{\"apiVersion\": \"v1\", \"kind\": \"ImageStream\", \"metadata\": {\"name\": \"s\"}}", ": ")]
    public void The_json_key_separator_is_the_one_after_the_first_key(string text, string expected)
    {
        Assert.Equal(expected, Layout(text, "s.json").JsonKeySeparator);
    }

    private static StatusLayout Layout(string text, string path = "s.yaml")
    {
        var parsed = ImageStreamReader.Parse(new SourceFile(path, text));
        Assert.Empty(parsed.Problems);
        var stream = parsed.Streams[0];
        return StatusLayout.Detect(text, stream.Node, parsed.Streams.Skip(1).Select(other => other.Node));
    }
}
