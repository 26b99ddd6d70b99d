using System.Text;
using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Read;

namespace GitStreamSync.Fuzz.Harnesses;

/// <summary>
/// An ImageStream file from a pull request: read -> plan a new status -> splice -> verify. The
/// editor either refuses with a problem or writes a file in which no byte outside the stream's
/// status changed, that reads back with the status it was given and the same problems, and that a
/// second write of the same status leaves alone.
/// </summary>
internal static class ImageStreamHarness
{
    private static readonly DateTimeOffset At = new(2026, 11, 28, 4, 0, 0, TimeSpan.Zero);

    public static void Run(byte[] bytes, string path)
    {
        var file = new SourceFile(path, Encoding.UTF8.GetString(bytes));
        var read = ImageStreamReader.ReadFile(file);
        foreach (var stream in read.Streams)
        {
            // Writing the status the file already holds changes no byte.
            if (stream.Status is { } current)
            {
                var same = StatusEditor.Edit(file, [new StatusChange(stream, current)]);
                Invariant.That(same.IsRefused || same.Text == file.Text, $"{stream.DisplayName}: writing the same status changed the file");
            }

            var status = NewStatus(stream, bytes.Length);
            var result = StatusEditor.Edit(file, [new StatusChange(stream, status)]);
            if (result.IsRefused)
            {
                continue;
            }

            var text = result.Text!;
            if (stream.StatusSpan is { } span)
            {
                Invariant.That(text.AsSpan().StartsWith(file.Text.AsSpan(0, span.Start)), $"{stream.DisplayName}: a byte before status changed");
                Invariant.That(text.AsSpan().EndsWith(file.Text.AsSpan(span.End)), $"{stream.DisplayName}: a byte after status changed");
            }
            else
            {
                Invariant.That(IsOneInsertion(file.Text, text), $"{stream.DisplayName}: adding a status changed more than one place");
            }

            var again = ImageStreamReader.ReadFile(file with { Text = text });
            Invariant.That(again.Problems.Count == read.Problems.Count, $"{stream.DisplayName}: the edited file reads with {again.Problems.Count} problems, the original with {read.Problems.Count}");
            var reread = again.Streams.SingleOrDefault(s => s.DocumentIndex == stream.DocumentIndex && s.ItemIndex == stream.ItemIndex && s.Name == stream.Name);
            Invariant.That(reread is not null, $"{stream.DisplayName}: the stream is gone from the edited file");
            Invariant.That(StatusEditor.Sorted(status).Equals(reread.Status), $"{stream.DisplayName}: the edited file does not read back with the status written");
            var second = StatusEditor.Edit(file with { Text = text }, [new StatusChange(reread, status)]);
            Invariant.That(!second.IsRefused && second.Text == text, $"{stream.DisplayName}: writing the status a second time changed the file");
        }
    }

    /// <summary>A status as a run writes it: a new image at the head of every spec tag's history, plus one failed tag.</summary>
    private static ImageStreamStatus NewStatus(ImageStreamDocument stream, int seed)
    {
        var digest = $"sha256:{seed:x64}";
        var tags = stream.SpecTags.Select(tag => tag.Name).Distinct(StringComparer.Ordinal).Select(name =>
        {
            var old = stream.Status?.Tags.FirstOrDefault(t => t.Tag == name);
            var item = new TagEvent(At, $"quay.io/org/app@{digest}", digest, 2);
            return new NamedTagEventList { Tag = name, Items = [item, .. (old?.Items ?? []).Take(3)] };
        }).ToList();
        tags.Add(new NamedTagEventList
        {
            Tag = "failed \"tag\" # ' : -",
            Conditions = [new TagEventCondition("ImportSuccess", "False", At, "NotFound", "line one\nline: two # 'three' \"four\" \u00fc", 3)],
        });
        return new ImageStreamStatus
        {
            DockerImageRepository = stream.Status?.DockerImageRepository ?? "",
            PublicDockerImageRepository = stream.Status?.PublicDockerImageRepository,
            Tags = tags.DistinctBy(t => t.Tag).ToList(),
        };
    }

    private static bool IsOneInsertion(string before, string after)
    {
        if (after.Length < before.Length)
        {
            return false;
        }

        var prefix = 0;
        while (prefix < before.Length && before[prefix] == after[prefix])
        {
            prefix++;
        }

        return after.AsSpan(prefix + (after.Length - before.Length)).SequenceEqual(before.AsSpan(prefix));
    }
}
