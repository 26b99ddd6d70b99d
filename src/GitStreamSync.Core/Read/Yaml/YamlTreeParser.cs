using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GitStreamSync.Core.Read.Yaml;

/// <summary>A file that YamlDotNet could not parse, with where it stopped.</summary>
internal sealed class YamlSyntaxError(SourceLocation location, string message)
{
    public SourceLocation Location { get; } = location;
    public string Message { get; } = message;
}

/// <summary>
/// Parses a file's text into one root node per document. JSON is read as YAML flow syntax, which
/// gives the same positions. A leading byte-order mark is kept in the text but hidden from YamlDotNet
/// (it would become part of the first key), so offsets are shifted back by one.
/// </summary>
internal static class YamlTreeParser
{
    public static IReadOnlyList<YamlNode?> Parse(string text, out YamlSyntaxError? error)
    {
        var shift = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var documents = new List<YamlNode?>();
        var lastLocation = new SourceLocation(1, 1);
        error = null;
        try
        {
            var parser = new Parser(new StringReader(shift == 0 ? text : text[shift..]));
            var builder = new TreeBuilder(shift);
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
            error = new YamlSyntaxError(new SourceLocation((int)ex.Start.Line, (int)ex.Start.Column), Clean(ex.Message));
            return [];
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException or OverflowException)
        {
            // YamlDotNet's scanner throws these on some malformed input; it is still a file that does not parse.
            error = new YamlSyntaxError(lastLocation, "the text after this point could not be read");
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
        private readonly Dictionary<string, YamlNode> anchors = new(StringComparer.Ordinal);

        public YamlNode? Root { get; private set; }

        public void Reset()
        {
            Root = null;
            open.Clear();
            pendingKeys.Clear();
            anchors.Clear();
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
                    Add(target);
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
            Add(node);
            open.Push(node);
            pendingKeys.Push(null);
        }

        private void Close(ParsingEvent end)
        {
            var node = open.Pop();
            pendingKeys.Pop();
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
                parent.Items.Add(node);
            }
            else if (pendingKeys.Peek() is { } key)
            {
                parent.Entries.Add(new KeyValuePair<YamlNode, YamlNode>(key, node));
                pendingKeys.Pop();
                pendingKeys.Push(null);
            }
            else
            {
                pendingKeys.Pop();
                pendingKeys.Push(node);
            }

            ExtendBlockAncestors(node.End);
        }

        private int Offset(Mark mark) => (int)mark.Index + shift;

        private static SourceLocation Location(Mark mark) => new((int)mark.Line, (int)mark.Column);
    }
}
