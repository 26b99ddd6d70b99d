using GitStreamSync.Core.Read;
using GitStreamSync.Core.Read.Yaml;

namespace GitStreamSync.Core.Render;

/// <summary>
/// One ImageStream as the cluster should receive it: each reviewed tag's <c>from.name</c> becomes
/// the current <c>dockerImageReference</c> and <c>importPolicy.scheduled</c> becomes <c>false</c>,
/// so OpenShift neither re-imports nor moves the tag away from what was reviewed; <c>status</c> is
/// dropped because the API server owns it. Every other character of the object is copied from the
/// file, comments included, so the diff a person reviews is exactly what is applied.
/// </summary>
internal static class OpenShiftStreamWriter
{
    public static string Write(ParsedStream parsed, string fileText, IReadOnlyList<ReviewedTag> reviewed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(reviewed);
        var splice = new TextSplice(fileText);
        var json = parsed.Document.Format == DocumentFormat.Json;
        var newline = fileText.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var node = parsed.Node;
        if (node.GetEntry("status") is { } status)
        {
            RemoveEntry(splice, node, status);
        }

        var tags = node.Get("spec")?.Get("tags")?.Items ?? [];
        foreach (var pin in reviewed.Where(r => r.Tag.From?.Kind == TagSourceKind.DockerImage))
        {
            var tagNode = tags.FirstOrDefault(t => YamlNode.ScalarText(t.Get("name")) == pin.Tag.Name);
            if (tagNode?.Get("from")?.Get("name") is not { Kind: YamlNodeKind.Scalar } name)
            {
                continue;
            }

            splice.Replace(name.Start, name.End, ScalarText.Format(pin.Current.DockerImageReference, name.Style, json));
            PinSchedule(splice, tagNode, json, newline);
        }

        var text = splice.Apply(node.Start, node.End);
        return node.IsFlow ? text : Outdent(text, node.Column);
    }

    private static void PinSchedule(TextSplice splice, YamlNode tag, bool json, string newline)
    {
        var key = json ? "\"scheduled\"" : "scheduled";
        var policy = tag.GetEntry("importPolicy");
        if (policy is { Value: { Kind: YamlNodeKind.Mapping } mapping })
        {
            if (mapping.Get("scheduled") is { Kind: YamlNodeKind.Scalar } scheduled)
            {
                if (YamlNode.ScalarText(scheduled) is not ("false" or "False" or "FALSE"))
                {
                    splice.Replace(scheduled.Start, scheduled.End, "false");
                }
            }
            else
            {
                AddEntry(splice, mapping, $"{key}: false", newline);
            }

            return;
        }

        var value = json ? "{\"scheduled\": false}" : tag.IsFlow ? "{scheduled: false}" : null;
        if (policy is { } empty)
        {
            // importPolicy: null (or nothing): the value is replaced, the key stays where it is.
            var span = ImageStreamDocumentReader.EntrySpan(empty, splice.Text);
            splice.Replace(span.Start, span.End, $"{splice.Text[empty.Key.Start..empty.Key.End]}: {value ?? "{scheduled: false}"}");
            return;
        }

        if (value is not null)
        {
            AddEntry(splice, tag, $"{(json ? "\"importPolicy\"" : "importPolicy")}: {value}", newline);
        }
        else
        {
            var indent = new string(' ', tag.Column);
            splice.Insert(tag.End, $"{newline}{indent}importPolicy:{newline}{indent}  scheduled: false");
        }
    }

    /// <summary>Adds <paramref name="entry"/> after a mapping's last entry, on its own line when the entries are on their own lines.</summary>
    private static void AddEntry(TextSplice splice, YamlNode mapping, string entry, string newline)
    {
        if (!mapping.IsFlow)
        {
            var first = mapping.Entries.Count > 0 ? mapping.Entries[0].Key.Column : mapping.Column;
            splice.Insert(mapping.End, $"{newline}{new string(' ', first)}{entry}");
            return;
        }

        if (mapping.Entries.Count == 0)
        {
            // "{}" or "{ }": the new entry goes inside the brackets.
            splice.Replace(mapping.Start, mapping.End, $"{{{entry}}}");
            return;
        }

        var last = mapping.Entries[^1];
        var lineStart = splice.Text.LastIndexOf('\n', last.Key.Start) + 1;
        var ownLine = lineStart > mapping.Start && string.IsNullOrWhiteSpace(splice.Text[lineStart..last.Key.Start]);
        splice.Insert(last.Value.End, ownLine ? $",{newline}{splice.Text[lineStart..last.Key.Start]}{entry}" : $", {entry}");
    }

    private static void RemoveEntry(TextSplice splice, YamlNode mapping, KeyValuePair<YamlNode, YamlNode> entry)
    {
        var text = splice.Text;
        var span = ImageStreamDocumentReader.EntrySpan(entry, text);
        if (!mapping.IsFlow)
        {
            // Whole lines: from the key's line start to the end of the value's last line.
            var lineStart = text.LastIndexOf('\n', Math.Max(0, span.Start - 1)) + 1;
            var atLineStart = string.IsNullOrWhiteSpace(text[lineStart..span.Start]);
            var lineEnd = text.IndexOf('\n', span.End);
            var end = lineEnd < 0 ? text.Length : lineEnd + 1;
            if (end > mapping.End)
            {
                // The object's last entry: the object's text ends at the value, so the line break before the key goes instead.
                splice.Replace(atLineStart && lineStart > 0 ? PreviousLineEnd(text, lineStart) : span.Start, span.End, "");
            }
            else
            {
                splice.Replace(atLineStart ? lineStart : span.Start, end, "");
            }

            return;
        }

        // Flow (JSON): the comma before the entry goes with it, or the one after when it is the first.
        var index = mapping.Entries.FindIndex(e => e.Key == entry.Key);
        if (index > 0)
        {
            splice.Replace(mapping.Entries[index - 1].Value.End, span.End, "");
        }
        else if (mapping.Entries.Count > 1)
        {
            splice.Replace(span.Start, mapping.Entries[1].Key.Start, "");
        }
        else
        {
            splice.Replace(span.Start, span.End, "");
        }
    }

    private static int PreviousLineEnd(string text, int lineStart)
    {
        var end = lineStart - 1;
        return end > 0 && text[end - 1] == '\r' ? end - 1 : end;
    }

    /// <summary>
    /// An ImageStream inside a <c>List</c> starts at a column other than 0; its following lines
    /// lose that indentation so the object stands as a document of its own.
    /// </summary>
    internal static string Outdent(string text, int column)
    {
        if (column == 0)
        {
            return text;
        }

        var lines = text.Split('\n');
        for (var i = 1; i < lines.Length; i++)
        {
            var spaces = 0;
            while (spaces < column && spaces < lines[i].Length && lines[i][spaces] == ' ')
            {
                spaces++;
            }

            lines[i] = lines[i][spaces..];
        }

        return string.Join('\n', lines);
    }
}
