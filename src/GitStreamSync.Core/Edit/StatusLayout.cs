using GitStreamSync.Core.Read.Yaml;
using YamlDotNet.Core;

namespace GitStreamSync.Core.Edit;

/// <summary>
/// The formatting a status block is written in, taken from the file itself so the new lines look
/// like the old ones: line ending, indentation width, whether block sequences are indented under
/// their key, how timestamps are quoted, and for JSON the indentation unit.
/// </summary>
internal sealed record StatusLayout
{
    public string LineEnding { get; init; } = "\n";

    /// <summary>Columns a nested mapping is indented by.</summary>
    public int Indent { get; init; } = 2;

    /// <summary>Columns a block sequence's dash is indented under its key (0 = not indented, as <c>oc</c> prints).</summary>
    public int SequenceIndent { get; init; }

    public TimestampQuoting Timestamps { get; init; } = TimestampQuoting.Double;

    /// <summary>One level of indentation in a pretty-printed JSON or flow document.</summary>
    public string JsonIndent { get; init; } = "  ";

    /// <summary>Between a JSON key and its value (<c>": "</c> or <c>":"</c>).</summary>
    public string JsonKeySeparator { get; init; } = ": ";

    public static StatusLayout Detect(string text, YamlNode document, IEnumerable<YamlNode> otherDocuments)
    {
        var status = document.Get("status");
        var candidates = new List<YamlNode>();
        if (status is not null)
        {
            candidates.Add(status);
        }

        candidates.Add(document);
        candidates.AddRange(otherDocuments);

        // The status entry's own indentation first: its children are the lines being rewritten, and
        // nothing inside a status is a nested block mapping to measure.
        var indent = (document.GetEntry("status") is { } own ? Width(own) : null)
            ?? candidates.Select(MappingIndent).FirstOrDefault(found => found is > 0);
        var sequence = candidates.Select(SequenceIndentOf).FirstOrDefault(found => found is not null);
        var timestamps = candidates.Select(TimestampStyle).FirstOrDefault(found => found is not null);
        return new StatusLayout
        {
            LineEnding = LineEndingOf(text),
            Indent = indent ?? 2,
            SequenceIndent = sequence ?? 0,
            Timestamps = timestamps ?? TimestampQuoting.Double,
            JsonIndent = JsonIndentOf(text, document) ?? "  ",
            JsonKeySeparator = JsonSeparatorOf(text, document),
        };
    }

    private static string LineEndingOf(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline > 0 && text[newline - 1] == '\r' ? "\r\n" : "\n";
    }

    private static int? MappingIndent(YamlNode node) => Walk(node).Select(Width).FirstOrDefault(width => width is not null);

    /// <summary>Columns a block mapping value is indented under its key; null for any other value.</summary>
    private static int? Width(KeyValuePair<YamlNode, YamlNode> entry) =>
        entry.Value is { Kind: YamlNodeKind.Mapping, IsFlow: false } && entry.Value.Location.Line > entry.Key.Location.Line && entry.Value.Column > entry.Key.Column
            ? entry.Value.Column - entry.Key.Column
            : null;

    private static int? SequenceIndentOf(YamlNode node) => Walk(node)
        .Where(entry => entry.Value is { Kind: YamlNodeKind.Sequence, IsFlow: false } && entry.Value.Location.Line > entry.Key.Location.Line)
        .Select(entry => (int?)Math.Max(0, entry.Value.Column - entry.Key.Column))
        .FirstOrDefault();

    /// <summary>The quoting most timestamps under <paramref name="node"/> use (ties: double, as <c>oc</c> writes).</summary>
    private static TimestampQuoting? TimestampStyle(YamlNode node) => Walk(node)
        .Where(entry => entry.Key.Value is "created" or "lastTransitionTime" && entry.Value.Kind == YamlNodeKind.Scalar && !entry.Value.IsNull)
        .Select(entry => entry.Value.Style switch
        {
            ScalarStyle.SingleQuoted => TimestampQuoting.Single,
            ScalarStyle.Plain => TimestampQuoting.Plain,
            _ => TimestampQuoting.Double,
        })
        .GroupBy(style => style)
        .OrderByDescending(group => group.Count()).ThenBy(group => group.Key)
        .Select(group => (TimestampQuoting?)group.Key)
        .FirstOrDefault();

    /// <summary>
    /// The JSON indentation unit: the step (a member's line prefix minus its collection's line
    /// prefix) that most members and items of the stream's object use. One irregular line, a
    /// member on the line of its bracket, or a hand-aligned block does not decide it, so a status
    /// block written into an irregular file uses the step the rest of the object uses at every
    /// level. Ties go to the step seen first.
    /// </summary>
    private static string? JsonIndentOf(string text, YamlNode document)
    {
        var counts = new Dictionary<string, (int Count, int First)>(StringComparer.Ordinal);
        foreach (var node in Nodes(document).Where(node => node is { IsFlow: true, Kind: YamlNodeKind.Mapping or YamlNodeKind.Sequence }))
        {
            var parent = LinePrefix(text, node.Start, onlyWhitespace: false);
            var children = node.Kind == YamlNodeKind.Mapping ? node.Entries.Select(entry => entry.Key) : node.Items;
            foreach (var child in children)
            {
                var prefix = LinePrefix(text, child.Start, onlyWhitespace: true);
                if (prefix is not null && parent is not null && prefix.Length > parent.Length && prefix.StartsWith(parent, StringComparison.Ordinal))
                {
                    var step = prefix[parent.Length..];
                    counts[step] = counts.TryGetValue(step, out var seen) ? (seen.Count + 1, seen.First) : (1, child.Start);
                }
            }
        }

        return counts.Count == 0
            ? null
            : counts.OrderByDescending(pair => pair.Value.Count).ThenBy(pair => pair.Value.First).First().Key;
    }

    /// <summary>
    /// The line prefix most of a JSON object's members have on lines of their own, where a member
    /// appended to it goes; null when every member shares its line with other text.
    /// </summary>
    internal static string? JsonMemberPrefix(string text, YamlNode node) => node.Entries
        .Select(entry => LinePrefix(text, entry.Key.Start, onlyWhitespace: true))
        .OfType<string>()
        .GroupBy(prefix => prefix, StringComparer.Ordinal)
        .OrderByDescending(group => group.Count())
        .Select(group => group.Key)
        .FirstOrDefault();

    private static string JsonSeparatorOf(string text, YamlNode document)
    {
        var entry = document.Entries.FirstOrDefault();
        return entry.Key is { } key && entry.Value is { } value && value.Start > key.End && key.End <= text.Length
            && text.AsSpan(key.End, value.Start - key.End).Trim().SequenceEqual(":")
            ? text[key.End..value.Start]
            : ": ";
    }

    /// <summary>The leading whitespace of the line holding <paramref name="offset"/>; with <paramref name="onlyWhitespace"/>, null when other text precedes the offset on its line.</summary>
    internal static string? LinePrefix(string text, int offset, bool onlyWhitespace)
    {
        var start = offset;
        while (start > 0 && text[start - 1] is not '\n' and not '\r')
        {
            start--;
        }

        var end = start;
        while (end < offset && text[end] is ' ' or '\t' or '\uFEFF')
        {
            end++;
        }

        if (onlyWhitespace && end != offset)
        {
            return null;
        }

        return text[start..end].Replace("\uFEFF", "", StringComparison.Ordinal);
    }

    private static IEnumerable<KeyValuePair<YamlNode, YamlNode>> Walk(YamlNode node)
    {
        foreach (var current in Nodes(node))
        {
            foreach (var entry in current.Entries)
            {
                yield return entry;
            }
        }
    }

    /// <summary>Every node under <paramref name="root"/>, breadth first, each once (aliases may repeat a node).</summary>
    private static IEnumerable<YamlNode> Nodes(YamlNode root)
    {
        var seen = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        var queue = new Queue<YamlNode>([root]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            if (!seen.Add(node))
            {
                continue;
            }

            yield return node;
            foreach (var entry in node.Entries)
            {
                queue.Enqueue(entry.Value);
            }

            foreach (var item in node.Items)
            {
                queue.Enqueue(item);
            }
        }
    }
}
