using GitStreamSync.Core.Tests.Read;
using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Read;
using System.Text.RegularExpressions;

namespace GitStreamSync.Core.Tests.Edit;

/// <summary>
/// Each folder under Golden/ is a case: <c>input.*</c>, the statuses to write in <c>status.yaml</c>
/// (ImageStream stubs by name; no file means "write the status each stream already has"), and
/// <c>expected.*</c>. Each case is checked for: the output is the golden file, nothing outside status
/// changed, the status reads back as given, and editing the output again changes nothing.
/// </summary>
public sealed partial class StatusEditorGoldenTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var directory in Directory.GetDirectories(GoldenFile.Folder()).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(directory));
        }

        return data;
    }

    [Fact]
    public void There_are_at_least_thirty_cases_in_yaml_and_json()
    {
        var inputs = Directory.GetDirectories(GoldenFile.Folder()).Select(InputPath).ToList();
        Assert.True(inputs.Count >= 30, $"{inputs.Count} golden cases");
        Assert.True(inputs.Count(path => path.EndsWith(".json", StringComparison.Ordinal)) >= 8);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Status_edit_matches_the_golden_file(string name)
    {
        var directory = Path.Combine(GoldenFile.Folder(), name);
        var inputPath = InputPath(directory);
        var extension = Path.GetExtension(inputPath);
        var input = new SourceFile("repo/" + name + extension, GoldenFile.Read(inputPath));
        var before = ImageStreamReader.ReadFile(input);
        Assert.Empty(before.Problems);
        Assert.NotEmpty(before.Streams);
        var wanted = WantedStatuses(directory, before.Streams);
        var changes = before.Streams.Where(stream => wanted.ContainsKey(stream.Name))
            .Select(stream => new StatusChange(stream, wanted[stream.Name])).ToList();

        var result = StatusEditor.Edit(input, changes);

        Assert.Null(result.Refusal);
        var output = result.Text!;
        GoldenFile.AssertMatches(Path.Combine(directory, "expected" + extension), output);

        if (extension == ".json")
        {
            using var json = System.Text.Json.JsonDocument.Parse(output.TrimStart('\uFEFF'));
            Assert.Equal(System.Text.Json.JsonValueKind.Object, json.RootElement.ValueKind);
        }

        var after = ImageStreamReader.ReadFile(input with { Text = output });
        Assert.Empty(after.Problems);
        Assert.Equal(before.Streams.Count, after.Streams.Count);
        for (var index = 0; index < before.Streams.Count; index++)
        {
            var (old, edited) = (before.Streams[index], after.Streams[index]);
            Assert.Equal(Describe(old), Describe(edited));
            var expected = wanted.TryGetValue(old.Name, out var status) ? StatusEditor.Sorted(status) : old.Status;
            Assert.Equal(expected, edited.Status);
        }

        // An appended status follows its document's last line, or (after a block scalar) fills a line of its own.
        Assert.Contains(Skeleton(input.Text, before.Streams), new[]
        {
            Skeleton(output, after.Streams, before.Streams, ownLine: false),
            Skeleton(output, after.Streams, before.Streams, ownLine: true),
        });
        Assert.Equal(result.Changed, input.Text != output);

        var again = StatusEditor.Edit(input with { Text = output }, after.Streams
            .Where(stream => wanted.ContainsKey(stream.Name)).Select(stream => new StatusChange(stream, wanted[stream.Name])).ToList());
        Assert.Equal(output, again.Text);
        Assert.False(again.Changed);
    }

    private static string InputPath(string directory) =>
        Directory.GetFiles(directory, "input.*").Single();

    private static Dictionary<string, ImageStreamStatus> WantedStatuses(string directory, IReadOnlyList<ImageStreamDocument> streams)
    {
        var path = Path.Combine(directory, "status.yaml");
        if (!File.Exists(path))
        {
            return streams.Where(stream => stream.Status is not null).ToDictionary(stream => stream.Name, stream => stream.Status!);
        }

        var stubs = ImageStreamReader.ReadFile(new SourceFile(path, GoldenFile.Read(path)));
        Assert.Empty(stubs.Problems);
        return stubs.Streams.ToDictionary(stream => stream.Name, stream => stream.Status ?? new ImageStreamStatus());
    }

    /// <summary>What a stream is apart from its status and positions.</summary>
    private static string Describe(ImageStreamDocument document) =>
        string.Join("|", [document.Name, document.Namespace, document.Generation, document.DocumentIndex, document.ItemIndex,
            string.Join(",", document.Annotations.Select(pair => pair.Key + "=" + pair.Value)),
            .. document.SpecTags.Select(tag => (tag with { Location = default, Annotations = new Dictionary<string, string>() }).ToString()
                + string.Join(",", tag.Annotations.Select(pair => pair.Key + "=" + pair.Value)))]);

    /// <summary>
    /// The text with each status entry replaced by a marker. A status the edit appended (none in
    /// <paramref name="original"/>) is removed with the line break, indentation or comma before it.
    /// </summary>
    internal static string Skeleton(string text, IReadOnlyList<ImageStreamDocument> streams, IReadOnlyList<ImageStreamDocument>? original = null, bool ownLine = false)
    {
        var result = text;
        for (var index = streams.Count - 1; index >= 0; index--)
        {
            if (streams[index].StatusSpan is not { } span)
            {
                continue;
            }

            var appended = original is not null && original[index].StatusSpan is null;
            var (start, end) = (span.Start, span.End);
            if (appended && ownLine)
            {
                start = result[..start].TrimEnd(' ').Length;
                end += result[end..].StartsWith("\r\n", StringComparison.Ordinal) ? 2 : result[end..].StartsWith('\n') ? 1 : 0;
            }
            else if (appended)
            {
                start = AppendSeparator().Match(result[..start]).Index;
            }

            result = result[..start] + (appended ? "" : "<status>") + result[end..];
        }

        return result;
    }

    [GeneratedRegex(@"(,?[ \t]*\r?\n[ \t]*|, ?)$")]
    private static partial Regex AppendSeparator();
}
