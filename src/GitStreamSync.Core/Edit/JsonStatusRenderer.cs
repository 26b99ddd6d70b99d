using GitStreamSync.Core.Read;
using System.Text;

namespace GitStreamSync.Core.Edit;

/// <summary>
/// Writes a <c>status</c> value as JSON (also used for flow-style YAML documents, which JSON is a
/// subset of), pretty-printed with the file's indentation unit and line ending, or on one line
/// when the document is on one line. Unchanged status tags keep their original text when they sit
/// at the same indentation. A JSON file gets its keys in the order <c>oc get -o json</c> prints
/// them, the Go struct order of openshift/api's image/v1 types (semantics doc section 1); a
/// flow-style YAML document gets them alphabetical, as <c>oc get -o yaml</c> prints them.
/// </summary>
internal sealed class JsonStatusRenderer(string originalText, StatusLayout layout, bool structOrder)
{
    /// <param name="prefix">The line prefix of the <c>status</c> key, or null to write on one line.</param>
    public string Render(ImageStreamStatus status, string? prefix, ImageStreamStatus? previous)
    {
        var tags = status.Tags.Select(tag => (JsonValue?)Reused(tag, previous, prefix) ?? TagValue(tag)).ToList();
        var members = new List<KeyValuePair<string, JsonValue>>
        {
            new("dockerImageRepository", new JsonValue.Raw(YamlScalarFormat.Json(status.DockerImageRepository))),
        };
        if (status.PublicDockerImageRepository is { } publicRepository)
        {
            members.Add(new("publicDockerImageRepository", new JsonValue.Raw(YamlScalarFormat.Json(publicRepository))));
        }

        if (tags.Count > 0)
        {
            members.Add(new("tags", new JsonValue.Array(tags)));
        }

        var output = new StringBuilder();
        Write(output, Ordered(members), prefix);
        return output.ToString();
    }

    private JsonValue.Raw? Reused(NamedTagEventList tag, ImageStreamStatus? previous, string? prefix)
    {
        var old = previous?.Tags.FirstOrDefault(candidate => candidate.Tag == tag.Tag);
        if (prefix is null || old?.Span is not { } span || !old.Equals(tag))
        {
            return null;
        }

        var expected = prefix + layout.JsonIndent + layout.JsonIndent;
        var found = StatusLayout.LinePrefix(originalText, span.Start, onlyWhitespace: true);
        return string.Equals(found, expected, StringComparison.Ordinal) && originalText[span.Start] == '{'
            ? new JsonValue.Raw(originalText[span.Start..span.End])
            : null;
    }

    private JsonValue.Object TagValue(NamedTagEventList tag)
    {
        var members = new List<KeyValuePair<string, JsonValue>>
        {
            new("tag", Text(tag.Tag)),
            new("items", tag.Items.Count == 0 ? new JsonValue.Raw("null") : new JsonValue.Array(tag.Items.Select(item => (JsonValue)Event(item)).ToList())),
        };
        if (tag.Conditions.Count > 0)
        {
            members.Add(new("conditions", new JsonValue.Array(tag.Conditions.Select(condition => (JsonValue)Condition(condition)).ToList())));
        }

        return Ordered(members);
    }

    private JsonValue.Object Condition(TagEventCondition condition)
    {
        var members = new List<KeyValuePair<string, JsonValue>>
        {
            new("type", Text(condition.Type)),
            new("status", Text(condition.Status)),
            new("lastTransitionTime", Time(condition.LastTransitionTime)),
        };
        if (condition.Reason is not null)
        {
            members.Add(new("reason", Text(condition.Reason)));
        }

        if (condition.Message is not null)
        {
            members.Add(new("message", Text(condition.Message)));
        }

        members.Add(new("generation", Number(condition.Generation)));
        return Ordered(members);
    }

    private JsonValue.Object Event(TagEvent item) => Ordered([
        new("created", Time(item.Created)),
        new("dockerImageReference", Text(item.DockerImageReference)),
        new("image", Text(item.Image)),
        new("generation", Number(item.Generation)),
    ]);

    /// <summary>The members as listed (Go struct order), or sorted by key for a YAML document.</summary>
    private JsonValue.Object Ordered(List<KeyValuePair<string, JsonValue>> members) =>
        new(structOrder ? members : members.OrderBy(member => member.Key, StringComparer.Ordinal).ToList());

    private static JsonValue.Raw Text(string value) => new(YamlScalarFormat.Json(value));

    private static JsonValue.Raw Number(long value) => new(YamlScalarFormat.Number(value));

    private static JsonValue.Raw Time(DateTimeOffset value) => new(YamlScalarFormat.Time(value, TimestampQuoting.Double));

    private void Write(StringBuilder output, JsonValue value, string? prefix)
    {
        var compactSeparator = layout.JsonKeySeparator.EndsWith(' ') ? ", " : ",";
        switch (value)
        {
            case JsonValue.Raw raw:
                output.Append(raw.Text);
                break;
            case JsonValue.Object obj:
                output.Append('{');
                for (var index = 0; index < obj.Members.Count; index++)
                {
                    output.Append(index == 0 ? "" : prefix is null ? compactSeparator : ",");
                    NewLine(output, prefix, 1);
                    output.Append(YamlScalarFormat.Json(obj.Members[index].Key)).Append(layout.JsonKeySeparator);
                    Write(output, obj.Members[index].Value, Deeper(prefix));
                }

                NewLine(output, prefix, 0);
                output.Append('}');
                break;
            case JsonValue.Array array:
                output.Append('[');
                for (var index = 0; index < array.Items.Count; index++)
                {
                    output.Append(index == 0 ? "" : prefix is null ? compactSeparator : ",");
                    NewLine(output, prefix, 1);
                    Write(output, array.Items[index], Deeper(prefix));
                }

                NewLine(output, prefix, 0);
                output.Append(']');
                break;
        }
    }

    private string? Deeper(string? prefix) => prefix is null ? null : prefix + layout.JsonIndent;

    private void NewLine(StringBuilder output, string? prefix, int depth)
    {
        if (prefix is not null)
        {
            output.Append(layout.LineEnding).Append(prefix);
            for (var level = 0; level < depth; level++)
            {
                output.Append(layout.JsonIndent);
            }
        }
    }

    private abstract record JsonValue
    {
        public sealed record Raw(string Text) : JsonValue;

        public sealed record Object(IReadOnlyList<KeyValuePair<string, JsonValue>> Members) : JsonValue;

        public sealed record Array(IReadOnlyList<JsonValue> Items) : JsonValue;
    }
}
