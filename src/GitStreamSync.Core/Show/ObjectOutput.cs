using GitStreamSync.Core.Read;
using GitStreamSync.Core.Read.Yaml;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Encodings.Web;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace GitStreamSync.Core.Show;

/// <summary>
/// Objects for <c>-o yaml</c> and <c>-o json</c>: a stored node read as typed values (plain YAML
/// scalars resolve to null, booleans and numbers as Kubernetes' decoder reads them; quoted ones
/// stay strings), written with every object's keys in ordinal order, as <c>oc get -o yaml|json</c>
/// prints them (it decodes into unstructured maps, whose keys Go's encoders sort). A stream asked
/// for in the format it is stored in is not rebuilt at all: it is printed as stored.
/// </summary>
internal static class ObjectOutput
{
    private static readonly ISerializer Yaml = YamlSerializer();


    public static object? Typed(YamlNode? node) => node switch
    {
        null => null,
        { Kind: YamlNodeKind.Mapping } => node.Entries.ToDictionary(e => e.Key.Value, e => Typed(e.Value), StringComparer.Ordinal),
        { Kind: YamlNodeKind.Sequence } => node.Items.Select(Typed).ToList(),
        { IsNull: true } => null,
        { Style: ScalarStyle.Plain or ScalarStyle.Any } => Plain(node.Value),
        _ => node.Value,
    };

    /// <summary>YAML with nulls written as <c>null</c>, as <c>oc</c> prints them (YamlDotNet leaves the value empty).</summary>
    public static string ToYaml(object? value) =>
        string.Join('\n', Yaml.Serialize(Sorted(value)).Split('\n').Select(line =>
            line.EndsWith(": ", StringComparison.Ordinal) || line.TrimStart() == "- " ? line + "null" : line));

    public static string ToJson(object? value) => JsonTree.ToText(Sorted(value), indented: true, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";

    /// <summary>What <c>oc get -o yaml|json</c> prints for several objects: a <c>v1 List</c>.</summary>
    public static Dictionary<string, object?> List(IEnumerable<object?> items) => new(StringComparer.Ordinal)
    {
        ["apiVersion"] = "v1",
        ["kind"] = "List",
        ["items"] = items.ToList(),
        ["metadata"] = new Dictionary<string, object?> { ["resourceVersion"] = "" },
    };

    // The reflection serializer builds no code here: it is given only maps of text keys, lists and
    // plain values (Typed), which it walks through the non-generic IDictionary and IEnumerable, and
    // the Native AOT binary prints `show -o yaml` byte for byte as the JIT build does (checked by
    // tests/aot-binary.sh against the same golden text).
    [UnconditionalSuppressMessage("AOT", "IL3050:RequiresDynamicCode", Justification = "Only maps, lists and plain values are serialized; the AOT binary's show -o yaml is checked.")]
    [UnconditionalSuppressMessage("Trimming", "IL2026:RequiresUnreferencedCode", Justification = "Only maps, lists and plain values are serialized; the AOT binary's show -o yaml is checked.")]
    private static ISerializer YamlSerializer() => new SerializerBuilder()
        .WithQuotingNecessaryStrings()
        .WithIndentedSequences()
        .Build();

    private static object? Sorted(object? value) => value switch
    {
        IDictionary<string, object?> map => map.OrderBy(e => e.Key, StringComparer.Ordinal)
            .ToDictionary(e => e.Key, e => Sorted(e.Value), StringComparer.Ordinal),
        IEnumerable<object?> items => items.Select(Sorted).ToList(),
        _ => value,
    };

    private static object Plain(string text) => text switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => number,
        _ when text.Any(char.IsDigit) && !text.Any(char.IsLetter)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) => real,
        _ => text,
    };
}
