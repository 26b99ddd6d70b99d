using GitStreamSync.Core.Read;
using GitStreamSync.Core.Read.Yaml;

namespace GitStreamSync.Core.Edit;

/// <summary>
/// Reads an edited file back and compares it with the original: the same documents with the same
/// content outside the ImageStreams' <c>status</c> entries, the same streams and problems, each
/// new status where it was spliced and equal to what was asked for.
/// </summary>
internal static class StatusEditVerifier
{
    // What a spec tag's annotations are replaced by before two tags are compared as records.
    private static readonly IReadOnlyDictionary<string, string> NoAnnotations = new Dictionary<string, string>();

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

        var (beforeStreams, afterStreams) = (StreamNodes(before), StreamNodes(after));
        if (after.Roots.Count != before.Roots.Count || !Enumerable.Range(0, after.Roots.Count).All(index =>
                SameOutsideStatus(before.Roots[index], beforeStreams, after.Roots[index], afterStreams, depth: 0)))
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
            if (!SameIdentity(old, edited) || (!spliced && !Equals(old.Status, edited.Status)))
            {
                return $"ImageStream \"{edited.Name}\" changed outside status";
            }
        }

        return null;
    }

    /// <summary>
    /// Whether the reader keeps the same of both streams, positions and status aside: the same
    /// document and item, name, namespace, generation, format and annotations, and the same spec
    /// tags in the same order, each equal in every field but its place in the text.
    /// </summary>
    /// <remarks>
    /// Compared as values, without writing either stream out: a spec tag is compared as the record
    /// it is, so a field added to it later is compared too; its annotations, a map the record would
    /// compare by reference, are compared entry by entry.
    /// </remarks>
    internal static bool SameIdentity(ImageStreamDocument old, ImageStreamDocument edited)
    {
        if (old.DocumentIndex != edited.DocumentIndex || old.ItemIndex != edited.ItemIndex
            || !string.Equals(old.Name, edited.Name, StringComparison.Ordinal)
            || !string.Equals(old.Namespace, edited.Namespace, StringComparison.Ordinal)
            || old.Generation != edited.Generation || old.Format != edited.Format
            || !SameMap(old.Annotations, edited.Annotations) || old.SpecTags.Count != edited.SpecTags.Count)
        {
            return false;
        }

        for (var index = 0; index < old.SpecTags.Count; index++)
        {
            var (before, after) = (old.SpecTags[index], edited.SpecTags[index]);
            if (!SameMap(before.Annotations, after.Annotations)
                || !(before with { Location = default, Annotations = NoAnnotations }).Equals(after with { Location = default, Annotations = NoAnnotations }))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameMap(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        if (before.Count != after.Count)
        {
            return false;
        }

        foreach (var (key, value) in before)
        {
            if (!after.TryGetValue(key, out var other) || !string.Equals(value, other, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static HashSet<YamlNode> StreamNodes(ParsedFile file) =>
        new(file.Streams.Select(stream => stream.Node), ReferenceEqualityComparer.Instance);

    /// <summary>
    /// Whether two documents hold the same content with every ImageStream's status entry left out:
    /// the same kinds, flow or block, scalar styles and values, and entries and items in the same
    /// order, down to the parser's depth limit. Compared node by node, without writing either out.
    /// </summary>
    /// <remarks>
    /// It refuses exactly what a comparison of the two documents written out as length-prefixed,
    /// bracketed text (kind, flow or block, style, value) refuses: such a text reads back to exactly
    /// one tree, so two texts are equal exactly when the trees are equal in what the text holds. An
    /// absent node and anything deeper than 64 levels (which the parser never gives) would be written
    /// the same way, so they compare equal here too.
    /// </remarks>
    private static bool SameOutsideStatus(YamlNode? before, HashSet<YamlNode> beforeStreams, YamlNode? after, HashSet<YamlNode> afterStreams, int depth)
    {
        if (depth > 64 || (before is null && after is null))
        {
            return true;
        }

        if (before is null || after is null || before.Kind != after.Kind)
        {
            return false;
        }

        switch (before.Kind)
        {
            case YamlNodeKind.Scalar:
                return before.Style == after.Style && string.Equals(before.Value, after.Value, StringComparison.Ordinal);
            case YamlNodeKind.Mapping:
                if (before.IsFlow != after.IsFlow)
                {
                    return false;
                }

                var (beforeEntries, afterEntries) = (
                    Outside(before.Entries, beforeStreams.Contains(before)),
                    Outside(after.Entries, afterStreams.Contains(after)));
                if (beforeEntries.Count != afterEntries.Count)
                {
                    return false;
                }

                for (var index = 0; index < beforeEntries.Count; index++)
                {
                    if (!SameOutsideStatus(beforeEntries[index].Key, beforeStreams, afterEntries[index].Key, afterStreams, depth + 1)
                        || !SameOutsideStatus(beforeEntries[index].Value, beforeStreams, afterEntries[index].Value, afterStreams, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            default:
                if (before.IsFlow != after.IsFlow || before.Items.Count != after.Items.Count)
                {
                    return false;
                }

                for (var index = 0; index < before.Items.Count; index++)
                {
                    if (!SameOutsideStatus(before.Items[index], beforeStreams, after.Items[index], afterStreams, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
        }
    }

    /// <summary>A mapping's entries, without its status entries when the mapping is an ImageStream.</summary>
    private static List<KeyValuePair<YamlNode, YamlNode>> Outside(List<KeyValuePair<YamlNode, YamlNode>> entries, bool stream) =>
        stream && entries.Exists(entry => entry.Key.Value == "status") ? entries.FindAll(entry => entry.Key.Value != "status") : entries;
}
