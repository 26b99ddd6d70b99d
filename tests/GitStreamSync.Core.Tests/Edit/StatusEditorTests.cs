
using GitStreamSync.Core.Tests.Read;
using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Read.Yaml;
namespace GitStreamSync.Core.Tests.Edit;

public sealed class StatusEditorTests
{
    private const string Stream = "apiVersion: v1\nkind: ImageStream\nmetadata:\n  name: s\nspec:\n  tags:\n  - name: a\n    from: {kind: DockerImage, name: x:1}\n";

    private static readonly ImageStreamStatus NewStatus = new()
    {
        Tags = [new NamedTagEventList
        {
            Tag = "a",
            Items = [new TagEvent(new DateTimeOffset(2026, 11, 28, 6, 0, 0, TimeSpan.Zero), "x@sha256:1", "sha256:1", 1)],
        }],
    };

    [Fact]
    public void No_changes_and_unchanged_statuses_leave_the_text_as_it_is()
    {
        var file = new SourceFile("s.yaml", Stream + "status:\n  dockerImageRepository: ''\n  tags:\n  - tag: b\n    items: []\n  - tag: a\n    items: ~\n");
        var read = Read(file);

        var sameContent = read.Status! with { Tags = [.. read.Status.Tags.Reverse()] };

        Assert.Equal(file.Text, StatusEditor.Edit(file, []).Text);
        var result = StatusEditor.Edit(file, [new StatusChange(read, sameContent)]);
        Assert.Equal(file.Text, result.Text);
        Assert.False(result.Changed);
        Assert.False(result.IsRefused);
    }

    [Fact]
    public void Refuses_a_file_that_does_not_parse()
    {
        var read = Read(new SourceFile("s.yaml", Stream));

        var result = StatusEditor.Edit(new SourceFile("s.yaml", Stream + "status: [\n"), [new StatusChange(read, NewStatus)]);

        Assert.True(result.IsRefused);
        Assert.Null(result.Text);
        Assert.StartsWith("the file does not parse, so its status cannot be written: ", result.Refusal!.Message, StringComparison.Ordinal);
        Assert.Equal(("s.yaml", new SourceLocation(1, 1)), (result.Refusal.FilePath, result.Refusal.Location));
    }

    [Fact]
    public void Refuses_a_stream_read_from_another_text_or_file_or_given_twice()
    {
        var read = Read(new SourceFile("s.yaml", Stream));

        var moved = StatusEditor.Edit(new SourceFile("s.yaml", "# moved\n" + Stream), [new StatusChange(read, NewStatus)]);
        var otherFile = StatusEditor.Edit(new SourceFile("t.yaml", Stream), [new StatusChange(read, NewStatus)]);
        var twice = StatusEditor.Edit(new SourceFile("s.yaml", Stream), [new StatusChange(read, NewStatus), new StatusChange(read, new ImageStreamStatus())]);

        Assert.Contains("is not where it was read", moved.Refusal!.Message, StringComparison.Ordinal);
        Assert.False(moved.Changed);
        Assert.Equal("s.yaml", moved.Refusal.FilePath);
        Assert.Contains("is not where it was read", otherFile.Refusal!.Message, StringComparison.Ordinal);
        Assert.Contains("two new statuses", twice.Refusal!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_stream_renamed_in_place_since_it_was_read()
    {
        // The same span, another name: the status asked for belongs to a stream the file no longer holds.
        var read = Read(new SourceFile("s.yaml", Stream));

        var renamed = StatusEditor.Edit(new SourceFile("s.yaml", Stream.Replace("name: s", "name: t", StringComparison.Ordinal)), [new StatusChange(read, NewStatus)]);

        Assert.Equal("ImageStream \"s\" is not where it was read in s.yaml; read the file again", renamed.Refusal!.Message);
        Assert.Equal(read.Location, renamed.Refusal.Location);
    }

    [Fact]
    public void A_missing_file_or_change_list_is_an_argument_error()
    {
        Assert.Equal("file", Assert.Throws<ArgumentNullException>(() => StatusEditor.Edit(null!, [])).ParamName);
        Assert.Equal("changes", Assert.Throws<ArgumentNullException>(() => StatusEditor.Edit(new SourceFile("s.yaml", Stream), null!)).ParamName);
    }

    [Fact]
    public void Refuses_an_edit_that_would_change_something_outside_status()
    {
        // The anchor lives in status; rewriting status would leave the alias outside the stream (in the
        // List holding it; an alias inside an ImageStream is refused by the reader) dangling.
        var text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ImageStream\n  metadata:\n    name: s\n  status:\n    dockerImageRepository: &repo quay.io/org/s\nmetadata:\n  annotations:\n    copy: *repo\n";
        var file = new SourceFile("s.yaml", text);
        var read = Read(file);

        var result = StatusEditor.Edit(file, [new StatusChange(read, NewStatus)]);

        Assert.True(result.IsRefused);
        Assert.Contains("refused", result.Refusal!.Message, StringComparison.Ordinal);
        Assert.Equal(new SourceLocation(4, 3), result.Refusal.Location);
    }

    [Fact]
    public void A_refused_edit_of_several_streams_points_at_the_first_stream_being_edited()
    {
        var text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ImageStream\n  metadata:\n    name: t\n"
            + "- apiVersion: v1\n  kind: ImageStream\n  metadata:\n    name: s\n  status:\n    dockerImageRepository: &repo quay.io/org/s\nmetadata:\n  annotations:\n    copy: *repo\n";
        var file = new SourceFile("s.yaml", text);
        var streams = ImageStreamReader.ReadFile(file).Streams;

        var result = StatusEditor.Edit(file, [new StatusChange(streams[1], NewStatus), new StatusChange(streams[0], NewStatus)]);

        Assert.True(result.IsRefused);
        Assert.Equal(new SourceLocation(4, 3), result.Refusal!.Location);
        Assert.Equal(streams[0].Location, result.Refusal.Location);
    }

    [Fact]
    public void Writes_every_changed_stream_of_a_file_in_one_edit()
    {
        var file = new SourceFile("m.yaml", Stream + "---\n" + Stream.Replace("name: s", "name: t", StringComparison.Ordinal));
        var streams = ImageStreamReader.ReadFile(file).Streams;

        var result = StatusEditor.Edit(file, [new StatusChange(streams[1], NewStatus), new StatusChange(streams[0], NewStatus)]);

        var after = ImageStreamReader.ReadFile(file with { Text = result.Text! }).Streams;
        Assert.All(after, stream => Assert.Equal(NewStatus, stream.Status));
        Assert.StartsWith(Stream + "status:\n", result.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "\"\"")]
    [InlineData("plain text", "plain text")]
    [InlineData("False", "\"False\"")]
    [InlineData("yes", "\"yes\"")]
    [InlineData("1.25", "\"1.25\"")]
    [InlineData("0x1F", "\"0x1F\"")]
    [InlineData("2021-11-15T05:06:44Z", "\"2021-11-15T05:06:44Z\"")]
    [InlineData("a: b", "'a: b'")]
    [InlineData("it's # here", "'it''s # here'")]
    [InlineData("- item", "'- item'")]
    [InlineData("line\nbreak", "\"line\\nbreak\"")]
    [InlineData("ubuntu@sha256:abc", "ubuntu@sha256:abc")]
    [InlineData("trailing:", "'trailing:'")]
    [InlineData("ünïcode ✓", "ünïcode ✓")]
    public void Writes_scalars_as_oc_does_and_they_read_back(string value, string expected)
    {
        var written = YamlScalarFormat.String(value);

        Assert.Equal(expected, written);
        var root = YamlTreeParser.Parse("k: " + written + "\n", out var error)[0]!;
        Assert.Null(error);
        Assert.Equal(value, root.Get("k")!.Value);
    }

    private static ImageStreamDocument Read(SourceFile file) => Assert.Single(ImageStreamReader.ReadFile(file).Streams);
}
