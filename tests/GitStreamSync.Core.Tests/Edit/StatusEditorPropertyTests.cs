using GitStreamSync.Core.Tests.Read;
using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Read;
using CsCheck;

namespace GitStreamSync.Core.Tests.Edit;

/// <summary>
/// For generated ImageStreams written with random formatting choices: writing the same status
/// changes no byte, and writing a different status changes only bytes inside the old status entry
/// (or inserts at the end of the stream when it had none), and reads back as written.
/// </summary>
public sealed class StatusEditorPropertyTests
{
    /// <summary>Iterations per property; the report of the test run quotes this number.</summary>
    internal const int Iterations = 1000;

    private static readonly string[] TagNames = ["latest", "1.0", "xenial", "a", "no", "v2.1-rc"];
    private static readonly string[] Messages =
        ["not found", "Internal error occurred: x: y", "'quoted' value", "yes", "a # b", "line\nbreak", "\"double\"", "ünïcode ✓", "- dash", "[flow]"];

    private static readonly Gen<DateTimeOffset> Time =
        Gen.Long[0, 7 * 365 * 86400L].Select(seconds => new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(seconds));

    private static readonly Gen<string> Digest = Gen.Int.Select(value => "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(value))));

    private static readonly Gen<TagEvent> Event =
        Gen.Select(Time, Digest, Gen.Long[1, 9], (at, digest, generation) => new TagEvent(at, "quay.io/org/app@" + digest, digest, generation));

    private static readonly Gen<TagEventCondition> Condition =
        Gen.Select(Time, Gen.OneOfConst(Messages), Gen.OneOfConst("NotFound", "Unauthorized", "InternalError"), Gen.Long[1, 9],
            (at, message, reason, generation) => new TagEventCondition("ImportSuccess", "False", at, reason, message, generation));

    private static Gen<NamedTagEventList> Tag(string name) =>
        Gen.Select(Event.Array[0, 3], Condition.Array[0, 1], (items, conditions) => new NamedTagEventList { Tag = name, Items = items, Conditions = conditions });

    private static readonly Gen<ImageStreamStatus> Status =
        Gen.Int[0, TagNames.Length].SelectMany(count => Gen.Shuffle(TagNames, count))
            .SelectMany(names => Tag("").Array[names.Length].Select(tags => tags.Select((tag, index) => tag with { Tag = names[index] }).ToArray()))
            .Select(Gen.OneOfConst("", "image-registry.openshift-image-registry.svc:5000/ns/s"), (tags, repository) => new ImageStreamStatus { DockerImageRepository = repository, Tags = tags });

    private static readonly Gen<GeneratedImageStreamDocument> Stream =
        Gen.Select(Gen.OneOfConst("myubuntu", "nginx", "app.v2", "base_images"), Gen.Shuffle(TagNames, 0, 4), Gen.Bool, Status,
            (name, tags, hasStatus, status) => new GeneratedImageStreamDocument(name, tags.Select(tag => (tag, $"quay.io/org/app:{tag}")).ToList(), hasStatus ? status : null));

    private static readonly Gen<Formatting> Format =
        Gen.Select(Gen.Bool, Gen.Int[2, 4], Gen.Bool, Gen.Int[0, 2], Gen.Bool, Gen.Bool, Gen.Bool, Gen.Bool)
            .Select(Gen.Bool, Gen.Int[0, 2], Gen.Bool, Gen.Int[0, 3],
                (a, flow, wrapper, statusFirst, jsonStyle) => new Formatting(a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, a.Item6, a.Item7, a.Item8, flow, wrapper, statusFirst, jsonStyle));

    /// <summary>A status that differs from <paramref name="old"/> in one of the ways a run changes status.</summary>
    private static Gen<ImageStreamStatus> Changed(ImageStreamStatus? old) =>
        Gen.Select(Gen.Int[0, 5], Event, Condition, Tag("added"), Status, (kind, newEvent, condition, added, fresh) =>
        {
            if (old is null || old.Tags.Count == 0 || kind == 5)
            {
                return old is null ? fresh : old with { Tags = [.. old.Tags, added] };
            }

            var first = old.Tags[0];
            var tags = old.Tags.Skip(1).ToList();
            return kind switch
            {
                0 => old with { Tags = [first with { Items = [newEvent, .. first.Items], Conditions = [] }, .. tags] },
                1 => old with { Tags = [first with { Conditions = [condition] }, .. tags] },
                2 => old with { Tags = tags },
                3 => old with { DockerImageRepository = old.DockerImageRepository + "x" },
                _ => old with { PublicDockerImageRepository = "public.example.com/ns/s" },
            };
        });

    [Fact]
    public void Writing_the_same_status_changes_no_byte()
    {
        Gen.Select(Stream, Format).Sample((stream, format) =>
        {
            var file = new SourceFile(format.Json ? "s.json" : "s.yaml", GeneratedStreamText.Write(stream, format));
            var read = ReadOne(file);
            var changes = read.Status is null ? [] : new[] { new StatusChange(read, read.Status) };

            var result = StatusEditor.Edit(file, changes);

            Assert.Null(result.Refusal);
            Assert.Equal(file.Text, result.Text);
            Assert.False(result.Changed);
        }, iter: Iterations, print: value => Print(value.Item1, value.Item2));
    }

    [Fact]
    public void Writing_another_status_changes_only_the_status_entry()
    {
        Gen.Select(Stream, Format).SelectMany((stream, format) => Changed(stream.Status).Select(status => (stream, format, status))).Sample((stream, format, status) =>
        {
            var file = new SourceFile(format.Json ? "s.json" : "s.yaml", GeneratedStreamText.Write(stream, format));
            var read = ReadOne(file);
            if (read.Status is { } old && StatusEditor.Sorted(old).Equals(StatusEditor.Sorted(status)))
            {
                return;
            }

            var result = StatusEditor.Edit(file, [new StatusChange(read, status)]);

            Assert.Null(result.Refusal);
            var text = result.Text!;
            Assert.True(result.Changed);
            if (read.StatusSpan is { } span)
            {
                Assert.Equal(file.Text[..span.Start], text[..span.Start]);
                Assert.Equal(file.Text[span.End..], text[(text.Length - (file.Text.Length - span.End))..]);
            }
            else
            {
                AssertInsertedAtEnd(file.Text, text, read.Span);
            }

            if (format.Json)
            {
                // JSON files stay JSON: a strict JSON reader accepts the output.
                using var json = System.Text.Json.JsonDocument.Parse(text.TrimStart('\uFEFF'));
            }

            var again = ReadOne(file with { Text = text });
            Assert.Equal(StatusEditor.Sorted(status), again.Status);
            Assert.Equal(read.Name, again.Name);
            Assert.Equal(read.SpecTags.Select(tag => tag.Name + tag.From), again.SpecTags.Select(tag => tag.Name + tag.From));
            Assert.False(StatusEditor.Edit(file with { Text = text }, [new StatusChange(again, status)]).Changed);
        }, iter: Iterations, print: Print);
    }

    [Fact]
    public void Damaged_files_give_problems_or_refusals_never_exceptions_or_corrupt_output()
    {
        var damage = Gen.Select(Gen.Int[0, 10_000], Gen.Int[0, 6], Gen.OneOfConst(":", "- ", "{", "]", "#", "'", "\"", "\n", "\t", "&a ", "*a", "|", "  ", "status:", "\r\n"));
        Gen.Select(Stream, Format, damage.Array[1, 3], Status).Sample((stream, format, cuts, status) =>
        {
            var text = GeneratedStreamText.Write(stream, format);
            foreach (var (at, delete, insert) in cuts)
            {
                var start = at % (text.Length + 1);
                text = text.Remove(start, Math.Min(delete, text.Length - start)).Insert(start, insert);
            }

            var file = new SourceFile(format.Json ? "s.json" : "s.yaml", text);
            var read = ImageStreamReader.ReadFile(file);
            foreach (var document in read.Streams)
            {
                var result = StatusEditor.Edit(file, [new StatusChange(document, status)]);
                if (!result.IsRefused)
                {
                    var again = ImageStreamReader.ReadFile(file with { Text = result.Text! });
                    Assert.Equal(read.Problems.Count, again.Problems.Count);
                    Assert.Equal(StatusEditor.Sorted(status), again.Streams.Single(s => s.DocumentIndex == document.DocumentIndex && s.ItemIndex == document.ItemIndex).Status);
                }
            }
        }, iter: Iterations, print: value => $"{value.Item2}\n{value.Item1}");
    }

    /// <summary>
    /// The output is the input with one insertion, placed after the stream's last value (before a
    /// JSON object's closing brace) and no later than the end of that line.
    /// </summary>
    private static void AssertInsertedAtEnd(string input, string output, TextSpan stream)
    {
        Assert.True(output.Length > input.Length);
        var prefix = 0;
        while (prefix < input.Length && input[prefix] == output[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < input.Length && input[^(suffix + 1)] == output[^(suffix + 1)])
        {
            suffix++;
        }

        // Every k in [input.Length - suffix, prefix] is a place where inserting gives the output.
        var (first, last) = (input.Length - suffix, prefix);
        Assert.True(first <= last, "the output is not the input with one insertion");
        var earliest = input[stream.End - 1] == '}' ? input[..(stream.End - 1)].TrimEnd().Length : stream.End;
        var lineEnd = input.IndexOfAny(['\r', '\n'], stream.End) is var end and >= 0 ? end : input.Length;
        Assert.True(first <= lineEnd && last >= earliest, $"inserted at [{first}, {last}], expected within [{earliest}, {lineEnd}]");
    }

    private static ImageStreamDocument ReadOne(SourceFile file)
    {
        var result = ImageStreamReader.ReadFile(file);
        Assert.True(result.Problems.Count == 0, string.Join("\n", result.Problems) + "\n" + file.Text);
        return Assert.Single(result.Streams);
    }

    private static string Print(GeneratedImageStreamDocument stream, Formatting format) => $"{format}\n{GeneratedStreamText.Write(stream, format)}";

    private static string Print((GeneratedImageStreamDocument Stream, Formatting Format, ImageStreamStatus Status) value) =>
        Print(value.Stream, value.Format) + "\nnew status: " + string.Join(", ", value.Status.Tags.Select(tag => $"{tag.Tag}({tag.Items.Count} items, {tag.Conditions.Count} conditions)"));
}
