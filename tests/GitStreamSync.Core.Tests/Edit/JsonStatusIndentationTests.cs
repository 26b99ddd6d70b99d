using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Read;

namespace GitStreamSync.Core.Tests.Edit;

/// <summary>
/// A status written into a JSON file is indented by the step most of the stream's object uses, at
/// every level, however irregular a few lines are (architecture: "JSON files stay JSON with their
/// own indentation"; semantics doc section 1 for the status shape). The golden cases under
/// Golden/json-irregular-* hold the exact text; this test states the rule they follow.
/// </summary>
public sealed class JsonStatusIndentationTests
{
    public static TheoryData<string, string> Cases() => new()
    {
        { "json-irregular-first-member", "  " },
        { "json-irregular-aligned-members", "    " },
        { "json-irregular-tabs-mixed", "\t" },
        { "json-irregular-list-4", "    " },
        { "json-irregular-mixed-2-4", "  " },
        { "json-tabs", "\t" },
        { "json-replace-indent4", "    " },
        { "json-list", "  " },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_step_is_the_dominant_step_of_the_stream_object(string name, string step)
    {
        var file = Input(name);
        var parsed = ImageStreamReader.Parse(file);

        foreach (var stream in parsed.Streams)
        {
            var others = parsed.Streams.Where(other => !ReferenceEquals(other, stream)).Select(other => other.Node);
            Assert.Equal(step, StatusLayout.Detect(file.Text, stream.Node, others).JsonIndent);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_line_of_a_written_status_is_its_key_prefix_plus_whole_steps(string name, string step)
    {
        var expected = Input(name) with { Text = GoldenFile.Read(Path.Combine(GoldenFile.Folder(), name, "expected.json")) };
        var streams = ImageStreamReader.ReadFile(expected).Streams;
        Assert.NotEmpty(streams);

        foreach (var span in streams.Select(stream => stream.StatusSpan!.Value))
        {
            var keyPrefix = StatusLayout.LinePrefix(expected.Text, span.Start, onlyWhitespace: true)!;
            var lines = expected.Text[span.Start..span.End].Split('\n').Skip(1).Select(line => line.TrimEnd('\r')).ToList();
            Assert.NotEmpty(lines);
            foreach (var line in lines)
            {
                var indent = line[..(line.Length - line.TrimStart(' ', '\t').Length)];
                Assert.StartsWith(keyPrefix, indent, StringComparison.Ordinal);
                var rest = indent[keyPrefix.Length..];
                Assert.True(rest.Length % step.Length == 0 && rest == string.Concat(Enumerable.Repeat(step, rest.Length / step.Length)),
                    $"{name}: line \"{line}\" is not indented by whole steps of \"{step}\" under \"{keyPrefix}\"");
            }
        }
    }

    private static SourceFile Input(string name) =>
        new("repo/" + name + ".json", GoldenFile.Read(Path.Combine(GoldenFile.Folder(), name, "input.json")));
}
