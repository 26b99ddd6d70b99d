using GitStreamSync.Core.Read;
using GitStreamSync.Core.Read.Yaml;
using System.Text;

namespace GitStreamSync.Core.Edit;

/// <summary>
/// Writes a <c>status</c> entry in YAML block style, keys in the order <c>oc get -o yaml</c> prints
/// them, in the file's own layout. The text starts with <c>status:</c> and ends without a line
/// break, so it replaces exactly the old entry. A status tag whose content did not change keeps its
/// original text, so a pull request's diff shows only the tags that moved.
/// </summary>
internal sealed class YamlStatusRenderer(string originalText, StatusLayout layout)
{
    private readonly StringBuilder output = new();
    private bool firstLine = true;

    /// <param name="column">0-based column of the <c>status</c> key.</param>
    /// <param name="previous">The stream's status as read, whose unchanged parts keep their bytes.</param>
    /// <param name="previousNode">The node <paramref name="previous"/> was read from.</param>
    public string Render(ImageStreamStatus status, int column, ImageStreamStatus? previous, YamlNode? previousNode)
    {
        output.Clear();
        firstLine = true;
        Line(0, "status:");
        var inner = column + layout.Indent;
        Line(inner, "dockerImageRepository: " + Scalar(status.DockerImageRepository, previous?.DockerImageRepository, previousNode?.Get("dockerImageRepository")));
        if (status.PublicDockerImageRepository is { } publicRepository)
        {
            Line(inner, "publicDockerImageRepository: " + Scalar(publicRepository, previous?.PublicDockerImageRepository, previousNode?.Get("publicDockerImageRepository")));
        }

        if (status.Tags.Count > 0)
        {
            Line(inner, "tags:");
            var dash = inner + layout.SequenceIndent;
            var oldTagNodes = previousNode?.Get("tags")?.Items ?? [];
            foreach (var tag in status.Tags)
            {
                var oldIndex = previous is null ? -1 : previous.Tags.ToList().FindIndex(candidate => candidate.Tag == tag.Tag);
                var oldTag = oldIndex >= 0 ? previous!.Tags[oldIndex] : null;
                var oldNode = oldIndex >= 0 && oldIndex < oldTagNodes.Count ? oldTagNodes[oldIndex] : null;
                if (oldTag is not null && oldTag.Equals(tag) && oldNode is not null && Original(oldNode, dash) is { } original)
                {
                    Line(dash, "- " + original);
                }
                else
                {
                    Tag(tag, dash, oldTag, oldNode);
                }
            }
        }

        return output.ToString();
    }

    /// <summary>An unchanged value keeps its quoting when it sits on one line.</summary>
    private string Scalar(string value, string? previous, YamlNode? node) =>
        value == previous && node is { Kind: YamlNodeKind.Scalar } && !originalText.AsSpan(node.Start, node.End - node.Start).ContainsAny('\n', '\r')
            ? originalText[node.Start..node.End]
            : YamlScalarFormat.String(value);

    /// <summary>
    /// A sequence item's original text, reusable only where it sat at the same place: "&lt;dash
    /// spaces&gt;- " before it on its line, so its following lines keep the right indentation.
    /// </summary>
    /// <remarks>Compared in place: a copy of the text before each item would copy the file once per status item.</remarks>
    private string? Original(YamlNode node, int dash)
    {
        var prefix = originalText.AsSpan(0, node.Start);
        var line = prefix[(prefix.LastIndexOf('\n') + 1)..].TrimStart('\uFEFF');
        return line.Length == dash + 2 && line[..dash].IndexOfAnyExcept(' ') < 0 && line.EndsWith("- ", StringComparison.Ordinal)
            ? originalText[node.Start..node.End]
            : null;
    }

    private void Tag(NamedTagEventList tag, int dash, NamedTagEventList? oldTag, YamlNode? oldNode)
    {
        var content = dash + 2;
        var first = true;
        if (tag.Conditions.Count > 0)
        {
            Key(ref first, dash, content, "conditions:");
            foreach (var condition in tag.Conditions)
            {
                Mapping(content + layout.SequenceIndent, [
                    "generation: " + YamlScalarFormat.Number(condition.Generation),
                    "lastTransitionTime: " + YamlScalarFormat.Time(condition.LastTransitionTime, layout.Timestamps),
                    .. condition.Message is null ? Array.Empty<string>() : ["message: " + YamlScalarFormat.String(condition.Message)],
                    .. condition.Reason is null ? Array.Empty<string>() : ["reason: " + YamlScalarFormat.String(condition.Reason)],
                    "status: " + YamlScalarFormat.String(condition.Status),
                    "type: " + YamlScalarFormat.String(condition.Type),
                ]);
            }
        }

        if (tag.Items.Count == 0)
        {
            Key(ref first, dash, content, "items: null");
        }
        else
        {
            Key(ref first, dash, content, "items:");
            var oldItems = oldNode?.Get("items")?.Items ?? [];
            foreach (var item in tag.Items)
            {
                // An unchanged history item keeps its bytes (the usual case: a new item was prepended).
                var oldIndex = oldTag is null ? -1 : oldTag.Items.ToList().IndexOf(item);
                if (oldIndex >= 0 && oldIndex < oldItems.Count && Original(oldItems[oldIndex], content + layout.SequenceIndent) is { } original)
                {
                    Line(content + layout.SequenceIndent, "- " + original);
                    continue;
                }

                Mapping(content + layout.SequenceIndent, [
                    "created: " + YamlScalarFormat.Time(item.Created, layout.Timestamps),
                    "dockerImageReference: " + YamlScalarFormat.String(item.DockerImageReference),
                    "generation: " + YamlScalarFormat.Number(item.Generation),
                    "image: " + YamlScalarFormat.String(item.Image),
                ]);
            }
        }

        Key(ref first, dash, content, "tag: " + YamlScalarFormat.String(tag.Tag));
    }

    /// <summary>A sequence item that is a mapping: the first key after the dash, the rest under it.</summary>
    private void Mapping(int dash, IReadOnlyList<string> entries)
    {
        for (var index = 0; index < entries.Count; index++)
        {
            Line(index == 0 ? dash : dash + 2, (index == 0 ? "- " : "") + entries[index]);
        }
    }

    private void Key(ref bool first, int dash, int content, string entry)
    {
        Line(first ? dash : content, (first ? "- " : "") + entry);
        first = false;
    }

    private void Line(int indent, string content)
    {
        if (!firstLine)
        {
            output.Append(layout.LineEnding).Append(' ', indent);
        }

        firstLine = false;
        output.Append(content);
    }
}
