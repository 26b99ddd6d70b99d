using GitStreamSync.Core.Read;
using GitStreamSync.Core.Read.Yaml;
using System.Text;

namespace GitStreamSync.Core.Edit;

/// <summary>
/// Reads an edited file back and compares it with the original: the same documents with the same
/// content outside the ImageStreams' <c>status</c> entries, the same streams and problems, each
/// new status where it was spliced and equal to what was asked for.
/// </summary>
internal static class StatusEditVerifier
{
    /// <returns>Null when the edit is sound, else what is wrong with it.</returns>
    public static string? Check(SourceFile original, ParsedFile before, string text, IReadOnlyList<StatusSplice> splices)
    {
        var after = ImageStreamReader.Parse(original with { Text = text });
        if (after.DoesNotParse)
        {
            return "the edited text does not parse: " + after.Problems[0].Message;
        }

        if (after.Streams.Count != before.Streams.Count || after.Problems.Count != before.Problems.Count)
        {
            return "the edited text holds different ImageStreams or problems";
        }

        if (after.Roots.Count != before.Roots.Count || !Enumerable.Range(0, after.Roots.Count).All(index =>
                Fingerprint(before.Roots[index], before) == Fingerprint(after.Roots[index], after)))
        {
            return "the edited text differs outside status";
        }

        var shift = 0;
        foreach (var splice in splices.OrderBy(splice => splice.From))
        {
            var index = before.Streams.ToList().IndexOf(splice.Stream);
            var document = after.Streams[index].Document;
            var start = splice.From + shift;
            shift += splice.Insert.Length - (splice.To - splice.From);
            if (!splice.Status.Equals(document.Status))
            {
                return $"the new status of \"{document.Name}\" does not read back as written";
            }

            if (document.StatusSpan is not { } span || span.Start < start || span.End > start + splice.Insert.Length)
            {
                return $"the new status of \"{document.Name}\" is not where it was written";
            }
        }

        for (var index = 0; index < after.Streams.Count; index++)
        {
            var (old, edited) = (before.Streams[index].Document, after.Streams[index].Document);
            var spliced = splices.Any(splice => ReferenceEquals(splice.Stream, before.Streams[index]));
            if (Identity(old) != Identity(edited) || (!spliced && !Equals(old.Status, edited.Status)))
            {
                return $"ImageStream \"{edited.Name}\" changed outside status";
            }
        }

        return null;
    }

    /// <summary>Everything the reader keeps of a stream except positions and status.</summary>
    private static string Identity(ImageStreamDocument document)
    {
        var text = new StringBuilder()
            .Append(document.DocumentIndex).Append('|').Append(document.ItemIndex).Append('|').Append(document.Name)
            .Append('|').Append(document.Namespace).Append('|').Append(document.Generation).Append('|').Append(document.Format);
        Map(text, document.Annotations);
        foreach (var tag in document.SpecTags)
        {
            text.Append("|tag ").Append((tag with { Location = default, Annotations = new Dictionary<string, string>() }).ToString());
            Map(text, tag.Annotations);
        }

        return text.ToString();
    }

    private static void Map(StringBuilder text, IReadOnlyDictionary<string, string> map)
    {
        foreach (var pair in map.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            text.Append('|').Append(pair.Key).Append('=').Append(pair.Value);
        }
    }

    /// <summary>A document's content with every ImageStream's status entry left out.</summary>
    private static string Fingerprint(YamlNode? root, ParsedFile file)
    {
        var streams = file.Streams.Select(stream => stream.Node).ToHashSet(ReferenceEqualityComparer.Instance);
        var text = new StringBuilder();
        Append(text, root, streams, depth: 0);
        return text.ToString();
    }

    private static void Append(StringBuilder text, YamlNode? node, HashSet<object?> streams, int depth)
    {
        if (node is null || depth > 64)
        {
            text.Append('~');
            return;
        }

        switch (node.Kind)
        {
            case YamlNodeKind.Scalar:
                text.Append('S').Append((int)node.Style).Append(':').Append(node.Value.Length).Append(':').Append(node.Value);
                break;
            case YamlNodeKind.Mapping:
                text.Append(node.IsFlow ? "{" : "M(");
                foreach (var entry in node.Entries.Where(entry => !(streams.Contains(node) && entry.Key.Value == "status")))
                {
                    Append(text, entry.Key, streams, depth + 1);
                    Append(text, entry.Value, streams, depth + 1);
                }

                text.Append(')');
                break;
            default:
                text.Append(node.IsFlow ? "[" : "Q(");
                foreach (var item in node.Items)
                {
                    Append(text, item, streams, depth + 1);
                }

                text.Append(')');
                break;
        }
    }
}
