using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GitStreamSync.Core.Read.Yaml;

/// <summary>A file that YamlDotNet could not parse, with where it stopped.</summary>
internal sealed class YamlSyntaxError(SourceLocation location, string message)
{
    public SourceLocation Location { get; } = location;
    public string Message { get; } = message;
}

/// <summary>An alias (<c>*name</c>) or a merge key (<c>&lt;&lt;</c>) and where it is written.</summary>
internal sealed record YamlAliasUse(int Offset, SourceLocation Location, string Text);

/// <summary>
/// Parses a file's text into one root node per document. JSON is read as YAML flow syntax, which
/// gives the same positions. A leading byte-order mark is kept in the text but hidden from YamlDotNet
/// (it would become part of the first key), so offsets are shifted back by one.
/// The text comes from repositories that others write to, so the parse is bounded and linear: nesting
/// deeper than <see cref="MaxDepth"/> stops it at the place, aliases may stand for at most
/// <see cref="MaxAliasNodes"/> nodes in a document (a few kilobytes of nested anchors would otherwise
/// stand for billions), an alias to the collection that holds it is refused, and a key written twice
/// in one mapping is an error, as kubectl's strict field validation makes it.
/// </summary>
internal static class YamlTreeParser
{
    /// <summary>The deepest nesting read: System.Text.Json's default; an ImageStream needs fewer than 15 levels.</summary>
    public const int MaxDepth = 64;

    /// <summary>How many nodes the aliases of one document may stand for in all.</summary>
    public const int MaxAliasNodes = 10_000;

    public static IReadOnlyList<YamlNode?> Parse(string text, out YamlSyntaxError? error) => Parse(text, out error, out _);

    /// <summary>As <see cref="Parse(string, out YamlSyntaxError?)"/>, also giving every alias and merge key, in text order.</summary>
    public static IReadOnlyList<YamlNode?> Parse(string text, out YamlSyntaxError? error, out IReadOnlyList<YamlAliasUse> aliases)
    {
        ArgumentNullException.ThrowIfNull(text);
        aliases = [];
        var shift = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var documents = new List<YamlNode?>();
        var lastLocation = new SourceLocation(1, 1);
        error = null;
        try
        {
            var parser = new Parser(new StringReader(shift == 0 ? text : text[shift..]));
            var builder = new TreeBuilder(shift);
            aliases = builder.Aliases;
            while (parser.MoveNext())
            {
                lastLocation = new SourceLocation((int)parser.Current!.End.Line, (int)parser.Current.End.Column);
                switch (parser.Current)
                {
                    case DocumentStart:
                        builder.Reset();
                        break;
                    case DocumentEnd:
                        documents.Add(builder.Root);
                        break;
                    case { } parsingEvent:
                        builder.Accept(parsingEvent);
                        break;
                }
            }
        }
        catch (YamlException ex)
        {
            // The tree's own limits carry the node's place (a Mark cannot be made with one).
            var location = ex.Data[nameof(SourceLocation)] is SourceLocation at ? at : new SourceLocation((int)ex.Start.Line, (int)ex.Start.Column);
            error = new YamlSyntaxError(location, Clean(ex.Message));
            aliases = [];
            return [];
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException or OverflowException)
        {
            // YamlDotNet's scanner throws these on some malformed input; it is still a file that does not parse.
            error = new YamlSyntaxError(lastLocation, "the text after this point could not be read");
            aliases = [];
            return [];
        }

        return documents;
    }

    private static string Clean(string message)
    {
        // YamlDotNet sometimes prefixes "(Line: 1, Col: 2, Idx: 3) - (Line: ...): "; the location is reported separately.
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line:", StringComparison.Ordinal) && marker >= 0 ? message[(marker + 3)..] : message;
    }

    private sealed class TreeBuilder(int shift)
    {
        private readonly Stack<YamlNode> open = new();
        private readonly Stack<YamlNode?> pendingKeys = new();
        // The keys of each open mapping, by text, made only once a mapping has many entries: a
        // mapping of a few keys is searched in its own entries, which costs less than a table each.
        private readonly Stack<Dictionary<string, YamlNode>?> keysSeen = new();
        private readonly Dictionary<string, YamlNode> anchors = new(StringComparer.Ordinal);
        private long aliasNodes;

        public YamlNode? Root { get; private set; }

        public List<YamlAliasUse> Aliases { get; } = [];

        public void Reset()
        {
            Root = null;
            open.Clear();
            pendingKeys.Clear();
            keysSeen.Clear();
            anchors.Clear();
            aliasNodes = 0;
        }

        public void Accept(ParsingEvent parsingEvent)
        {
            switch (parsingEvent)
            {
                case Scalar scalar:
                    Add(Remember(scalar.Anchor, new YamlNode
                    {
                        Kind = YamlNodeKind.Scalar,
                        Start = Offset(scalar.Start),
                        End = Offset(scalar.End),
                        Location = Location(scalar.Start),
                        Value = scalar.Value,
                        Style = scalar.Style,
                    }));
                    break;
                case MappingStart mapping:
                    Open(Remember(mapping.Anchor, Collection(YamlNodeKind.Mapping, mapping, mapping.Style == MappingStyle.Flow)));
                    break;
                case SequenceStart sequence:
                    Open(Remember(sequence.Anchor, Collection(YamlNodeKind.Sequence, sequence, sequence.Style == SequenceStyle.Flow)));
                    break;
                case MappingEnd or SequenceEnd:
                    Close(parsingEvent);
                    break;
                case AnchorAlias alias when anchors.TryGetValue(alias.Value.Value, out var target):
                    // A collection of this document is either still open (on the stack) or closed.
                    if (target.Kind != YamlNodeKind.Scalar && open.Contains(target))
                    {
                        throw new YamlException(alias.Start, alias.End, $"alias *{alias.Value.Value} refers to the collection that holds it, which would never end");
                    }

                    // The tree shares the target; what the alias stands for is counted as if it were copied.
                    aliasNodes += target.Size;
                    if (aliasNodes > MaxAliasNodes)
                    {
                        throw new YamlException(alias.Start, alias.End,
                            $"alias *{alias.Value.Value} makes this document's aliases stand for more than {MaxAliasNodes:N0} nodes, the limit (an alias bomb?)");
                    }

                    Aliases.Add(new YamlAliasUse(Offset(alias.Start), Location(alias.Start), "*" + alias.Value.Value));
                    Add(target);
                    // The target ends where its anchor's text ends; the collections holding the alias end after the alias.
                    ExtendBlockAncestors(Offset(alias.End));
                    break;
                case AnchorAlias alias:
                    throw new YamlException(alias.Start, alias.End, $"alias *{alias.Value.Value} refers to no anchor");
            }
        }

        private YamlNode Collection(YamlNodeKind kind, ParsingEvent start, bool flow) => new()
        {
            Kind = kind,
            Start = Offset(start.Start),
            End = Offset(start.End),
            Location = Location(start.Start),
            IsFlow = flow,
        };

        private YamlNode Remember(AnchorName anchor, YamlNode node)
        {
            if (!anchor.IsEmpty)
            {
                anchors[anchor.Value] = node;
            }

            return node;
        }

        private void Open(YamlNode node)
        {
            if (open.Count >= MaxDepth)
            {
                throw new YamlException(Mark.Empty, Mark.Empty, $"nesting is deeper than {MaxDepth} levels, the limit (an ImageStream needs fewer than 15)")
                {
                    Data = { [nameof(SourceLocation)] = node.Location },
                };
            }

            Add(node);
            open.Push(node);
            pendingKeys.Push(null);
            keysSeen.Push(null);
        }

        private void Close(ParsingEvent end)
        {
            var node = open.Pop();
            pendingKeys.Pop();
            keysSeen.Pop();
            var size = 1L;
            foreach (var item in node.Items)
            {
                size += item.Size;
            }

            foreach (var entry in node.Entries)
            {
                size += entry.Key.Size + entry.Value.Size;
            }

            node.Size = size;
            if (node.IsFlow)
            {
                // The end event sits on the closing bracket.
                node.End = Offset(end.Start) + 1;
                ExtendBlockAncestors(node.End);
            }
        }

        private void ExtendBlockAncestors(int end)
        {
            // A block collection ends where its last child ends; the end bubbles up to each open block ancestor.
            foreach (var ancestor in open)
            {
                if (ancestor.IsFlow)
                {
                    break;
                }

                ancestor.End = Math.Max(ancestor.End, end);
            }
        }

        private void Add(YamlNode node)
        {
            if (open.Count == 0)
            {
                Root = node;
                return;
            }

            var parent = open.Peek();
            if (parent.Kind == YamlNodeKind.Sequence)
            {
                parent.AddItem(node);
            }
            else if (pendingKeys.Peek() is { } key)
            {
                parent.AddEntry(key, node);
                pendingKeys.Pop();
                pendingKeys.Push(null);
            }
            else
            {
                AcceptKey(node);
                pendingKeys.Pop();
                pendingKeys.Push(node);
            }

            ExtendBlockAncestors(node.End);
        }

        private void AcceptKey(YamlNode key)
        {
            if (key.Kind != YamlNodeKind.Scalar)
            {
                return;
            }

            // A key reached through an alias is already listed as that alias; the list stays in text order.
            if (key.Value == "<<" && key.Style is ScalarStyle.Plain or ScalarStyle.Any && (Aliases.Count == 0 || Aliases[^1].Offset <= key.Start))
            {
                Aliases.Add(new YamlAliasUse(key.Start, key.Location, "<<"));
            }

            if (EarlierKey(key) is { } earlier)
            {
                var first = earlier.Location;
                throw new YamlException(Mark.Empty, Mark.Empty, $"key \"{Shorten(key.Value)}\" is written twice in one mapping (first at {first.Line}:{first.Column}); kubectl refuses such a file")
                {
                    Data = { [nameof(SourceLocation)] = key.Location },
                };
            }
        }

        /// <summary>
        /// The scalar key of the open mapping written as <paramref name="key"/> is before it, else
        /// null. Every earlier key of the mapping is in its entries: a key is only taken once the
        /// value of the key before it has been added.
        /// </summary>
        private YamlNode? EarlierKey(YamlNode key)
        {
            var value = key.Value;
            const int SearchedInPlace = 8;
            var entries = open.Peek().Entries;
            var seen = keysSeen.Peek();
            if (seen is null && entries.Count < SearchedInPlace)
            {
                foreach (var entry in entries)
                {
                    if (entry.Key.Kind == YamlNodeKind.Scalar && string.Equals(entry.Key.Value, value, StringComparison.Ordinal))
                    {
                        return entry.Key;
                    }
                }

                return null;
            }

            if (seen is null)
            {
                seen = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
                foreach (var entry in entries)
                {
                    if (entry.Key.Kind == YamlNodeKind.Scalar)
                    {
                        seen.TryAdd(entry.Key.Value, entry.Key);
                    }
                }

                keysSeen.Pop();
                keysSeen.Push(seen);
            }

            if (seen.TryGetValue(value, out var first))
            {
                return first;
            }

            // The entry is added once its value is read; the table takes the key now.
            seen.Add(value, key);
            return null;
        }

        private static string Shorten(string value) => value.Length <= 60 ? value : value[..60] + "...";

        private int Offset(Mark mark) => (int)mark.Index + shift;

        private static SourceLocation Location(Mark mark) => new((int)mark.Line, (int)mark.Column);
    }
}
