using YamlDotNet.Core;

namespace GitStreamSync.Core.Read.Yaml;

internal enum YamlNodeKind
{
    Scalar,
    Mapping,
    Sequence,
}

/// <summary>
/// A node of a parsed YAML (or JSON) document with its exact place in the file's text. YamlDotNet's
/// representation model drops positions of block collections' ends, so the tree is built from the
/// parser's events and a block collection ends where its last child ends.
/// </summary>
internal sealed class YamlNode
{
    public required YamlNodeKind Kind { get; init; }

    /// <summary>UTF-16 offset in the file's text (a byte-order mark included) where the node starts.</summary>
    public required int Start { get; init; }

    /// <summary>End, exclusive: after a scalar's last character or a flow collection's closing bracket.</summary>
    public int End { get; set; }

    public required SourceLocation Location { get; init; }
    public bool IsFlow { get; init; }
    public string Value { get; init; } = "";
    public ScalarStyle Style { get; init; }
    // Most nodes are scalars: their lists are one shared empty list, never written to (only the
    // parser adds children, through AddEntry and AddItem), so a parse allocates lists only for collections.
    private static readonly List<KeyValuePair<YamlNode, YamlNode>> NoEntries = [];
    private static readonly List<YamlNode> NoItems = [];
    private List<KeyValuePair<YamlNode, YamlNode>>? entries;
    private List<YamlNode>? items;

    // List, not an interface, so that a foreach over them allocates no enumerator. Read-only by
    // convention: the shared empty ones would be written for every node otherwise.
    public List<KeyValuePair<YamlNode, YamlNode>> Entries => entries ?? NoEntries;
    public List<YamlNode> Items => items ?? NoItems;

    internal void AddEntry(YamlNode key, YamlNode value) => (entries ??= []).Add(new KeyValuePair<YamlNode, YamlNode>(key, value));

    internal void AddItem(YamlNode item) => (items ??= []).Add(item);

    /// <summary>How many nodes this one stands for, itself and every node below it (aliases counted as copies); set when a collection ends.</summary>
    public long Size { get; set; } = 1;

    /// <summary>0-based column of <see cref="Start"/>.</summary>
    public int Column => Location.Column - 1;

    public bool IsNull =>
        Kind == YamlNodeKind.Scalar && Style is ScalarStyle.Plain or ScalarStyle.Any && Value is "" or "~" or "null" or "Null" or "NULL";

    public YamlNode? Get(string key) => GetEntry(key)?.Value;

    public KeyValuePair<YamlNode, YamlNode>? GetEntry(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key.Kind == YamlNodeKind.Scalar && entry.Key.Value == key)
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>The scalar's text, or null when the node is absent, null or not a scalar.</summary>
    public static string? ScalarText(YamlNode? node) =>
        node is { Kind: YamlNodeKind.Scalar, IsNull: false } ? node.Value : null;
}
