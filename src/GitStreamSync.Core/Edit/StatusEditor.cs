using GitStreamSync.Core.Read;
namespace GitStreamSync.Core.Edit;

/// <summary>
/// Original text + new statuses -> new text. Only each stream's <c>status</c> entry is replaced (or
/// appended, in the stream's own indentation, when it had none); every other byte of the file is
/// kept. The result is read back and refused unless everything outside status is unchanged and the
/// new status reads back as given, so a bad edit becomes a problem and never a corrupt file.
/// </summary>
internal static class StatusEditor
{
    public static StatusEditResult Edit(SourceFile file, IReadOnlyList<StatusChange> changes)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(changes);
        var parsed = ImageStreamReader.Parse(file);
        if (parsed.DoesNotParse)
        {
            return Refuse(file, new SourceLocation(1, 1), "the file does not parse, so its status cannot be written: " + parsed.Problems[0].Message);
        }

        var splices = new List<StatusSplice>();
        foreach (var change in changes)
        {
            var stream = parsed.Streams.FirstOrDefault(candidate =>
                candidate.Document.Span == change.Document.Span && candidate.Document.Name == change.Document.Name);
            if (change.Document.FilePath != file.Path || stream is null)
            {
                return Refuse(file, change.Document.Location, $"ImageStream \"{change.Document.Name}\" is not where it was read in {file.Path}; read the file again");
            }

            if (splices.Any(splice => ReferenceEquals(splice.Stream, stream)))
            {
                return Refuse(file, change.Document.Location, $"ImageStream \"{change.Document.Name}\" was given two new statuses");
            }

            var status = Sorted(change.NewStatus);
            if (stream.Document.Status is { } old && Sorted(old).Equals(status))
            {
                continue;
            }

            var others = parsed.Streams.Where(other => !ReferenceEquals(other, stream)).Select(other => other.Node);
            var layout = StatusLayout.Detect(file.Text, stream.Node, others);
            splices.Add(StatusSplice.Plan(file.Text, stream, status, layout));
        }

        if (splices.Count == 0)
        {
            return StatusEditResult.Edited(file.Text, file.Text);
        }

        var text = file.Text;
        foreach (var splice in splices.OrderByDescending(splice => splice.From))
        {
            text = string.Concat(text.AsSpan(0, splice.From), splice.Insert, text.AsSpan(splice.To));
        }

        // A place in the edited text means nothing to the reader of the original, so the refusal
        // points at the first stream being edited.
        var refusal = StatusEditVerifier.Check(file, parsed, text, splices);
        return refusal is null
            ? StatusEditResult.Edited(file.Text, text)
            : Refuse(file, splices.MinBy(splice => splice.From)!.Stream.Document.Location, "the status edit was refused, the file is left as it is: " + refusal);
    }

    /// <summary>Status tags in the order OpenShift prints them (Go's sort.Strings: ordinal).</summary>
    internal static ImageStreamStatus Sorted(ImageStreamStatus status) =>
        status with { Tags = status.Tags.OrderBy(tag => tag.Tag, StringComparer.Ordinal).ToList() };

    private static StatusEditResult Refuse(SourceFile file, SourceLocation location, string message) =>
        StatusEditResult.Refused(new Problem(file.Path, location, message));
}

/// <summary>One replacement: text [<see cref="From"/>, <see cref="To"/>) becomes <see cref="Insert"/>.</summary>
internal sealed record StatusSplice(ParsedStream Stream, ImageStreamStatus Status, int From, int To, string Insert)
{
    public static StatusSplice Plan(string text, ParsedStream stream, ImageStreamStatus status, StatusLayout layout)
    {
        var node = stream.Node;
        var previous = stream.Document.Status;
        var entry = node.GetEntry("status");
        if (!node.IsFlow)
        {
            var yaml = new YamlStatusRenderer(text, layout);
            if (entry is { } found)
            {
                var span = ImageStreamDocumentReader.EntrySpan(found, text);
                return new StatusSplice(stream, status, span.Start, span.End, yaml.Render(status, found.Key.Column, previous, found.Value));
            }

            var block = yaml.Render(status, node.Column, previous, previousNode: null);
            var indent = new string(' ', node.Column);
            if (node.End > 0 && text[node.End - 1] == '\n')
            {
                // The last value was a block scalar that already ends its line.
                return new StatusSplice(stream, status, node.End, node.End, indent + block + layout.LineEnding);
            }

            var lineEnd = node.End;
            while (lineEnd < text.Length && text[lineEnd] is not '\n' and not '\r')
            {
                lineEnd++;
            }

            return new StatusSplice(stream, status, lineEnd, lineEnd, layout.LineEnding + indent + block);
        }

        var json = new JsonStatusRenderer(text, layout, structOrder: stream.Document.Format == DocumentFormat.Json);
        var multiline = text.AsSpan(node.Start, node.End - node.Start).Contains('\n');
        if (entry is { } existing)
        {
            var prefix = multiline ? StatusLayout.LinePrefix(text, existing.Key.Start, onlyWhitespace: true) : null;
            var (key, value) = (existing.Key, existing.Value);
            return new StatusSplice(stream, status, key.Start, value.End, text[key.Start..value.Start] + json.Render(status, prefix, previous));
        }

        var last = node.Entries[^1];
        var lastPrefix = multiline ? StatusLayout.JsonMemberPrefix(text, node) : null;
        var entryText = "\"status\"" + layout.JsonKeySeparator + json.Render(status, lastPrefix, previous);
        var separator = lastPrefix is null ? (layout.JsonKeySeparator.EndsWith(' ') ? ", " : ",") : "," + layout.LineEnding + lastPrefix;
        return new StatusSplice(stream, status, last.Value.End, last.Value.End, separator + entryText);
    }
}
