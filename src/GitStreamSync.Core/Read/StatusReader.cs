using GitStreamSync.Core.Read.Yaml;
using System.Globalization;
using System.Text.RegularExpressions;

namespace GitStreamSync.Core.Read;

/// <summary>Reads <c>status</c> into the model; anything OpenShift would not have written is a problem.</summary>
internal static partial class StatusReader
{
    public static ImageStreamStatus? Read(YamlNode node, string label, ProblemList problems)
    {
        if (node.Kind != YamlNodeKind.Mapping)
        {
            problems.Add(node, $"{label}: status is not a mapping");
            return null;
        }

        var tags = new List<NamedTagEventList>();
        var tagsNode = node.Get("tags");
        if (tagsNode is { IsNull: false, Kind: not YamlNodeKind.Sequence })
        {
            problems.Add(tagsNode, $"{label}: status.tags is not a list");
        }
        else if (tagsNode is { Kind: YamlNodeKind.Sequence })
        {
            for (var index = 0; index < tagsNode.Items.Count; index++)
            {
                if (ReadTag(tagsNode.Items[index], $"{label}: status.tags[{index}]", problems) is { } tag)
                {
                    tags.Add(tag);
                }
            }
        }

        return new ImageStreamStatus
        {
            DockerImageRepository = String(node, "dockerImageRepository", label + ": status", problems, optional: true) ?? "",
            PublicDockerImageRepository = String(node, "publicDockerImageRepository", label + ": status", problems, optional: true),
            Tags = tags,
        };
    }

    private static NamedTagEventList? ReadTag(YamlNode node, string label, ProblemList problems)
    {
        if (node.Kind != YamlNodeKind.Mapping)
        {
            problems.Add(node, $"{label} is not a mapping");
            return null;
        }

        var tag = String(node, "tag", label, problems, optional: false);
        var items = ReadList(node.Get("items"), $"{label}.items", problems, ReadEvent);
        var conditions = ReadList(node.Get("conditions"), $"{label}.conditions", problems, ReadCondition);
        return tag is null ? null : new NamedTagEventList
        {
            Tag = tag,
            Items = items,
            Conditions = conditions,
            Span = new TextSpan(node.Start, node.End),
        };
    }

    private static List<T> ReadList<T>(YamlNode? node, string label, ProblemList problems, Func<YamlNode, string, ProblemList, T?> read)
        where T : class
    {
        var result = new List<T>();
        if (node is null || node.IsNull)
        {
            return result;
        }

        if (node.Kind != YamlNodeKind.Sequence)
        {
            problems.Add(node, $"{label} is not a list");
            return result;
        }

        for (var index = 0; index < node.Items.Count; index++)
        {
            if (read(node.Items[index], $"{label}[{index}]", problems) is { } item)
            {
                result.Add(item);
            }
        }

        return result;
    }

    private static TagEvent? ReadEvent(YamlNode node, string label, ProblemList problems)
    {
        if (node.Kind != YamlNodeKind.Mapping)
        {
            problems.Add(node, $"{label} is not a mapping");
            return null;
        }

        var created = Time(node, "created", label, problems);
        var reference = String(node, "dockerImageReference", label, problems, optional: false);
        var image = String(node, "image", label, problems, optional: false, allowEmpty: true);
        var generation = Long(node, "generation", label, problems);
        return created is { } at && reference is not null && image is not null && generation is { } number
            ? new TagEvent(at, reference, image, number)
            : null;
    }

    private static TagEventCondition? ReadCondition(YamlNode node, string label, ProblemList problems)
    {
        if (node.Kind != YamlNodeKind.Mapping)
        {
            problems.Add(node, $"{label} is not a mapping");
            return null;
        }

        var type = String(node, "type", label, problems, optional: false);
        var status = String(node, "status", label, problems, optional: false);
        var at = Time(node, "lastTransitionTime", label, problems);
        var reason = String(node, "reason", label, problems, optional: true);
        var message = String(node, "message", label, problems, optional: true);
        var generation = Long(node, "generation", label, problems);
        return type is not null && status is not null && at is { } time && generation is { } number
            ? new TagEventCondition(type, status, time, reason, message, number)
            : null;
    }

    private static string? String(YamlNode node, string key, string label, ProblemList problems, bool optional, bool allowEmpty = false)
    {
        var value = node.Get(key);
        if (value is null || (value.IsNull && value.Kind == YamlNodeKind.Scalar))
        {
            if (!optional)
            {
                problems.Add(value ?? node, $"{label} has no {key}");
            }

            return null;
        }

        if (value.Kind != YamlNodeKind.Scalar)
        {
            problems.Add(value, $"{label}.{key} is not a string");
            return null;
        }

        if (value.Value.Length == 0 && !optional && !allowEmpty)
        {
            problems.Add(value, $"{label}.{key} is empty");
            return null;
        }

        return value.Value;
    }

    private static long? Long(YamlNode node, string key, string label, ProblemList problems)
    {
        var value = node.Get(key);
        var text = YamlNode.ScalarText(value);
        if (text is null)
        {
            problems.Add(value ?? node, $"{label} has no {key}");
            return null;
        }

        var number = ImageStreamDocumentReader.ParseLong(text);
        if (number is null)
        {
            problems.Add(value!, $"{label}.{key} \"{text}\" is not a whole number");
        }

        return number;
    }

    private static DateTimeOffset? Time(YamlNode node, string key, string label, ProblemList problems)
    {
        var value = node.Get(key);
        var text = YamlNode.ScalarText(value);
        if (text is null)
        {
            problems.Add(value ?? node, $"{label} has no {key}");
            return null;
        }

        if (TryParseRfc3339(text) is { } time)
        {
            return time;
        }

        problems.Add(value!, $"{label}.{key} \"{text}\" is not an RFC 3339 time such as 2021-11-15T05:06:44Z");
        return null;
    }

    internal static DateTimeOffset? TryParseRfc3339(string text) =>
        Rfc3339().IsMatch(text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
