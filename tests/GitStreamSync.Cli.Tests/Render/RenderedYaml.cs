using System.Globalization;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace GitStreamSync.Cli.Tests.Render;

/// <summary>YAML (and JSON) read back with YamlDotNet as plain maps, lists and strings, independent of the renderer's own reader.</summary>
internal static class RenderedYaml
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    public static List<Dictionary<object, object>> Documents(string text)
    {
        var parser = new Parser(new StringReader(text));
        parser.Consume<StreamStart>();
        var documents = new List<Dictionary<object, object>>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (Deserializer.Deserialize<object>(parser) is Dictionary<object, object> document)
            {
                documents.Add(document);
            }
        }

        return documents;
    }

    public static object? At(object? node, params object[] path)
    {
        foreach (var step in path)
        {
            node = (node, step) switch
            {
                (Dictionary<object, object> map, string key) => map.GetValueOrDefault(key),
                (List<object> list, int index) => index < list.Count ? list[index] : null,
                _ => null,
            };
        }

        return node;
    }

    /// <summary>A text that is equal for equal trees whatever the order of mapping keys.</summary>
    public static string Canonical(object? node)
    {
        var text = new StringBuilder();
        Write(node, text);
        return text.ToString();
    }

    private static void Write(object? node, StringBuilder text)
    {
        switch (node)
        {
            case Dictionary<object, object> map:
                text.Append('{');
                foreach (var (key, value) in map.OrderBy(e => e.Key.ToString(), StringComparer.Ordinal))
                {
                    text.Append(CultureInfo.InvariantCulture, $"{key}:");
                    Write(value, text);
                    text.Append(',');
                }

                text.Append('}');
                break;
            case List<object> list:
                text.Append('[');
                foreach (var item in list)
                {
                    Write(item, text);
                    text.Append(',');
                }

                text.Append(']');
                break;
            default:
                text.Append(node is null ? "~" : $"'{node}'");
                break;
        }
    }
}
