using GitStreamSync.Core.Read;
using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace GitStreamSync.Core.Configuration;

/// <summary>Typed reads of YAML nodes that turn a wrong shape into a problem at the node, and null.</summary>
internal sealed class ConfigValues(string filePath, List<Problem> problems)
{
    public void Report(YamlNode node, string message) =>
        problems.Add(new Problem(filePath, new SourceLocation((int)node.Start.Line, (int)node.Start.Column), message));

    /// <summary>The known entries of a mapping; unknown and repeated keys are problems.</summary>
    public IEnumerable<(string Key, YamlNode Value)> Entries(YamlMappingNode mapping, params string[] known)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                var near = known.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
                Report(keyNode, near is null
                    ? $"unknown key '{key}'; expected one of {string.Join(", ", known)}"
                    : $"unknown key '{key}'; did you mean '{near}'?");
                continue;
            }

            if (!seen.Add(key))
            {
                Report(keyNode, $"key '{key}' is written twice");
                continue;
            }

            yield return (key, value);
        }
    }

    public YamlMappingNode? Mapping(YamlNode node, string label)
    {
        if (node is YamlMappingNode mapping)
        {
            return mapping;
        }

        if (!IsNull(node))
        {
            Report(node, $"{label} must be a mapping");
        }

        return null;
    }

    public string? String(YamlNode node, string label)
    {
        if (IsNull(node))
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { } value })
        {
            return value;
        }

        Report(node, $"{label} must be a single value");
        return null;
    }

    public List<string>? Strings(YamlNode node, string label)
    {
        switch (node)
        {
            case YamlScalarNode scalar when IsNull(scalar):
                return [];
            case YamlScalarNode { Value: { } single }:
                return [single];
            case YamlSequenceNode sequence:
                var items = new List<string>();
                foreach (var item in sequence.Children)
                {
                    if (item is YamlScalarNode { Value: { Length: > 0 } value })
                    {
                        items.Add(value);
                    }
                    else
                    {
                        Report(item, $"{label} must be a list of values");
                    }
                }

                return items;
            default:
                Report(node, $"{label} must be a list of values");
                return null;
        }
    }

    public bool? Boolean(YamlNode node, string label)
    {
        var text = String(node, label);
        switch (text)
        {
            case null:
                return null;
            case "true":
                return true;
            case "false":
                return false;
            default:
                Report(node, $"{label} must be true or false, not '{text}'");
                return null;
        }
    }

    public int? Integer(YamlNode node, string label, int minimum)
    {
        var text = String(node, label);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, minimum < 0 ? NumberStyles.AllowLeadingSign : NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum)
        {
            return value;
        }

        Report(node, $"{label} must be a whole number of at least {minimum}, not '{text}'");
        return null;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: not (YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted) } scalar
        && scalar.Value is null or "" or "~" or "null";
}
