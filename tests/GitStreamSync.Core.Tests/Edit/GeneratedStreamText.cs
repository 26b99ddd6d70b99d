using GitStreamSync.Core.Tests.Read;
using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Read;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GitStreamSync.Core.Tests.Edit;

/// <summary>Formatting choices a person (or another tool) may have made in an ImageStream file.</summary>
public sealed record Formatting(
    bool Json,
    int Indent,
    bool IndentedSequences,
    int TimestampQuoting,
    bool Comments,
    bool Crlf,
    bool Bom,
    bool FinalNewline,
    bool FlowSpec,
    int Wrapper,
    bool StatusFirst,
    int JsonStyle);

/// <summary>A generated stream: its name, spec tags (name, source) and status.</summary>
public sealed record GeneratedImageStreamDocument(string Name, IReadOnlyList<(string Tag, string From)> SpecTags, ImageStreamStatus? Status);

/// <summary>Writes a generated stream as a file, the way its formatting says (a test-side writer, independent of the editor).</summary>
internal static class GeneratedStreamText
{
    public static string Write(GeneratedImageStreamDocument stream, Formatting format)
    {
        var text = format.Json ? Json(stream, format) : Yaml(stream, format);
        if (format.Crlf)
        {
            text = text.Replace("\n", "\r\n", StringComparison.Ordinal);
        }

        if (!format.FinalNewline)
        {
            text = text.TrimEnd('\r', '\n');
        }

        return (format.Bom ? "\uFEFF" : "") + text;
    }

    private static string Yaml(GeneratedImageStreamDocument stream, Formatting format)
    {
        var lines = new List<string>();
        var pad = new string(' ', format.Indent);
        var dash = format.IndentedSequences ? pad : "";
        if (format.Comments)
        {
            lines.Add("# generated # with: colons");
        }

        lines.Add("apiVersion: image.openshift.io/v1");
        lines.Add("kind: ImageStream" + (format.Comments ? "   # the kind" : ""));
        lines.Add("metadata:");
        lines.Add($"{pad}name: {stream.Name}");
        if (format.StatusFirst && stream.Status is not null)
        {
            lines.AddRange(YamlStatus(stream.Status, format, pad, dash));
        }

        if (format.FlowSpec)
        {
            var tags = stream.SpecTags.Select(tag => $"{{name: \"{tag.Tag}\", from: {{kind: DockerImage, name: '{tag.From}'}}}}");
            lines.Add($"spec: {{lookupPolicy: {{local: false}}, tags: [{string.Join(", ", tags)}]}}");
        }
        else
        {
            lines.Add("spec:");
            if (format.Comments)
            {
                lines.Add("");
                lines.Add($"{pad}# tags follow upstream");
            }

            lines.Add($"{pad}lookupPolicy:");
            lines.Add($"{pad}{pad}local: false");
            lines.Add(stream.SpecTags.Count == 0 ? $"{pad}tags: []" : $"{pad}tags:");
            foreach (var (tag, from) in stream.SpecTags)
            {
                lines.Add($"{pad}{dash}- name: \"{tag}\"" + (format.Comments ? " # tag" : ""));
                lines.Add($"{pad}{dash}  from:");
                lines.Add($"{pad}{dash}  {pad}kind: DockerImage");
                lines.Add($"{pad}{dash}  {pad}name: {from}");
            }
        }

        if (!format.StatusFirst && stream.Status is not null)
        {
            lines.AddRange(YamlStatus(stream.Status, format, pad, dash));
        }

        if (format.Comments)
        {
            lines[^1] += "  # last line";
        }

        var configMap = new[] { "apiVersion: v1", "kind: ConfigMap", "metadata:", $"{pad}name: settings # keep", "data:", $"{pad}status: not an image stream" };
        return format.Wrapper switch
        {
            1 => Join(["# first", "---", .. configMap, "...", "---", .. lines, "---", .. configMap]),
            2 => Join(["apiVersion: v1", "kind: List", "items:", .. Item(configMap, dash), .. Item(lines, dash)]),
            _ => Join(lines),
        };
    }

    private static IEnumerable<string> Item(IReadOnlyList<string> lines, string dash) =>
        lines.Select((line, index) => line.Length == 0 ? line : (index == 0 ? dash + "- " : dash + "  ") + line);

    private static string Join(IEnumerable<string> lines) => string.Join("\n", lines) + "\n";

    private static IEnumerable<string> YamlStatus(ImageStreamStatus status, Formatting format, string pad, string dash)
    {
        yield return "status:";
        yield return $"{pad}dockerImageRepository: \"{status.DockerImageRepository}\"";
        if (status.PublicDockerImageRepository is { } publicRepository)
        {
            yield return $"{pad}publicDockerImageRepository: {publicRepository}";
        }

        if (status.Tags.Count == 0)
        {
            yield break;
        }

        yield return $"{pad}tags:";
        var item = pad + dash;
        foreach (var tag in status.Tags)
        {
            yield return $"{item}- tag: \"{tag.Tag}\"";
            if (tag.Items.Count == 0)
            {
                yield return $"{item}  items: null";
            }
            else
            {
                yield return $"{item}  items:";
            }

            foreach (var tagEvent in tag.Items)
            {
                yield return $"{item}  {dash}- created: {Time(tagEvent.Created, format.TimestampQuoting)}";
                yield return $"{item}  {dash}  dockerImageReference: {tagEvent.DockerImageReference}";
                yield return $"{item}  {dash}  generation: {tagEvent.Generation}";
                yield return $"{item}  {dash}  image: {tagEvent.Image}";
            }

            if (tag.Conditions.Count > 0)
            {
                yield return $"{item}  conditions:";
            }

            foreach (var condition in tag.Conditions)
            {
                yield return $"{item}  {dash}- type: {condition.Type}";
                yield return $"{item}  {dash}  status: \"{condition.Status}\"";
                yield return $"{item}  {dash}  lastTransitionTime: {Time(condition.LastTransitionTime, format.TimestampQuoting)}";
                yield return $"{item}  {dash}  generation: {condition.Generation}";
                yield return $"{item}  {dash}  reason: {condition.Reason}";
                yield return $"{item}  {dash}  message: {JsonSerializer.Serialize(condition.Message)}";
            }
        }
    }

    private static string Time(DateTimeOffset time, int quoting)
    {
        var text = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return quoting switch { 1 => $"'{text}'", 2 => text, _ => $"\"{text}\"" };
    }

    private static string Json(GeneratedImageStreamDocument stream, Formatting format)
    {
        var spec = new JsonObject
        {
            ["lookupPolicy"] = new JsonObject { ["local"] = false },
            ["tags"] = new JsonArray(stream.SpecTags.Select(tag => (JsonNode)new JsonObject
            {
                ["name"] = tag.Tag,
                ["from"] = new JsonObject { ["kind"] = "DockerImage", ["name"] = tag.From },
            }).ToArray()),
        };
        var root = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ImageStream", ["metadata"] = new JsonObject { ["name"] = stream.Name } };
        if (format.StatusFirst && stream.Status is not null)
        {
            root["status"] = JsonStatus(stream.Status);
        }

        root["spec"] = spec;
        if (!format.StatusFirst && stream.Status is not null)
        {
            root["status"] = JsonStatus(stream.Status);
        }

        JsonNode document = format.Wrapper == 2
            ? new JsonObject { ["apiVersion"] = "v1", ["kind"] = "List", ["items"] = new JsonArray(new JsonObject { ["kind"] = "ConfigMap", ["apiVersion"] = "v1" }, root) }
            : root;
        var options = new JsonSerializerOptions
        {
            WriteIndented = format.JsonStyle != 3,
            IndentCharacter = format.JsonStyle == 2 ? '\t' : ' ',
            IndentSize = format.JsonStyle switch { 2 => 1, 1 => 4, _ => 2 },
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        return document.ToJsonString(options) + "\n";
    }

    private static JsonObject JsonStatus(ImageStreamStatus status)
    {
        var result = new JsonObject { ["dockerImageRepository"] = status.DockerImageRepository };
        if (status.PublicDockerImageRepository is { } publicRepository)
        {
            result["publicDockerImageRepository"] = publicRepository;
        }

        result["tags"] = new JsonArray(status.Tags.Select(tag => (JsonNode)new JsonObject
        {
            ["tag"] = tag.Tag,
            ["items"] = tag.Items.Count == 0 ? null : new JsonArray(tag.Items.Select(item => (JsonNode)new JsonObject
            {
                ["created"] = Time(item.Created, 2),
                ["dockerImageReference"] = item.DockerImageReference,
                ["generation"] = item.Generation,
                ["image"] = item.Image,
            }).ToArray()),
            ["conditions"] = new JsonArray(tag.Conditions.Select(condition => (JsonNode)new JsonObject
            {
                ["type"] = condition.Type,
                ["status"] = condition.Status,
                ["lastTransitionTime"] = Time(condition.LastTransitionTime, 2),
                ["generation"] = condition.Generation,
                ["reason"] = condition.Reason,
                ["message"] = condition.Message,
            }).ToArray()),
        }).ToArray());
        return result;
    }
}
