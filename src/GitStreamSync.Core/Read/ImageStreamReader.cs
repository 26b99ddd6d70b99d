using GitStreamSync.Core.Read.Yaml;
namespace GitStreamSync.Core.Read;

/// <summary>
/// Finds ImageStreams in YAML and JSON files: single documents, multi-document YAML, and
/// <c>List</c> / <c>ImageStreamList</c> items. Other documents are ignored. Each stream keeps the
/// spans of its object, its <c>status</c> entry and each status tag, which the
/// status editor splices into.
/// </summary>
internal static class ImageStreamReader
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    /// <summary>
    /// A release payload's manifest of images (<c>manifests/image-references</c>, read by
    /// <c>oc adm release new</c>): an ImageStream without a name and without an extension.
    /// </summary>
    public const string ReleaseImageReferences = "image-references";

    /// <summary>True for the file names the repository reader looks at.</summary>
    public static bool IsCandidate(string path) =>
        Extensions.Any(extension => path.EndsWith(extension, StringComparison.OrdinalIgnoreCase)) || IsReleaseImageReferences(path);

    internal static bool IsReleaseImageReferences(string path) =>
        path == ReleaseImageReferences || path.EndsWith("/" + ReleaseImageReferences, StringComparison.Ordinal);

    public static ImageStreamReadResult ReadFile(SourceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var parsed = Parse(file);
        return new ImageStreamReadResult(parsed.Streams.Select(stream => stream.Document).ToList(), parsed.Problems);
    }

    /// <summary>Reads every <c>*.yaml</c>, <c>*.yml</c> and <c>*.json</c> file; a failing file does not stop the others.</summary>
    public static ImageStreamReadResult ReadRepository(IEnumerable<SourceFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var streams = new List<ImageStreamDocument>();
        var problems = new List<Problem>();
        // One file after the other, in path order. Not on several cores: the YAML library's parsers
        // share one pool of string builders, and two threads taking from it spent a third more CPU
        // than one (README, Measurements) to save a fraction of a second of a run that waits on the network.
        var candidates = files.Where(file => IsCandidate(file.Path)).OrderBy(file => file.Path, StringComparer.Ordinal).ToList();
        foreach (var file in candidates)
        {
            var result = ReadFile(file);
            streams.AddRange(result.Streams);
            problems.AddRange(result.Problems);
        }

        return new ImageStreamReadResult(streams, problems) { FileCount = candidates.Count };
    }

    /// <summary>The streams with the nodes they were read from, for the editor.</summary>
    internal static ParsedFile Parse(SourceFile file)
    {
        var roots = YamlTreeParser.Parse(file.Text, out var syntaxError, out var aliases);
        if (syntaxError is not null)
        {
            var what = file.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "JSON" : "YAML";
            return new ParsedFile([], [], [new Problem(file.Path, syntaxError.Location, $"the file does not parse as {what}: {syntaxError.Message}")]) { DoesNotParse = true };
        }

        var format = file.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? DocumentFormat.Json : DocumentFormat.Yaml;
        var streams = new List<ParsedStream>();
        var problems = new List<Problem>();
        for (var index = 0; index < roots.Count; index++)
        {
            var context = new DocumentContext(file.Path, file.Text, format, index);
            if (roots[index] is { Kind: YamlNodeKind.Sequence } sequence && sequence.Items.Any(item => KindOf(item) == Kind.ImageStream))
            {
                problems.Add(new Problem(file.Path, sequence.Location,
                    "ImageStreams in a bare list are not read: OpenShift reads one object per document; put them under 'items:' of an 'apiVersion: v1', 'kind: List' object"));
                continue;
            }

            if (roots[index] is not { Kind: YamlNodeKind.Mapping } root)
            {
                continue;
            }

            switch (KindOf(root))
            {
                case Kind.ImageStream:
                    ReadStream(root, context, itemIndex: null, aliases, streams, problems);
                    break;
                case Kind.List when CheckApiVersion(root, YamlNode.ScalarText(root.Get("kind"))!, file.Path, problems) && root.Get("items") is { Kind: YamlNodeKind.Sequence } items:
                    for (var item = 0; item < items.Items.Count; item++)
                    {
                        switch (KindOf(items.Items[item]))
                        {
                            case Kind.ImageStream:
                                ReadStream(items.Items[item], context, item, aliases, streams, problems);
                                break;
                            case Kind.Misspelled:
                                problems.Add(Misspelled(items.Items[item], file.Path));
                                break;
                        }
                    }

                    break;
                case Kind.Misspelled:
                    problems.Add(Misspelled(root, file.Path));
                    break;
            }
        }

        return new ParsedFile(roots, streams, problems);
    }

    private enum Kind
    {
        Other,
        ImageStream,
        List,
        Misspelled,
    }

    private static Kind KindOf(YamlNode node) => YamlNode.ScalarText(node.Kind == YamlNodeKind.Mapping ? node.Get("kind") : null) switch
    {
        "ImageStream" => Kind.ImageStream,
        "List" or "ImageStreamList" => Kind.List,
        { } other when other.Equals("ImageStream", StringComparison.OrdinalIgnoreCase)
            || other.Equals("ImageStreamList", StringComparison.OrdinalIgnoreCase) => Kind.Misspelled,
        _ => Kind.Other,
    };

    private static Problem Misspelled(YamlNode node, string path)
    {
        var kind = node.Get("kind")!;
        var meant = kind.Value.Equals("ImageStream", StringComparison.OrdinalIgnoreCase) ? "ImageStream" : "ImageStreamList";
        return new Problem(path, kind.Location, $"kind \"{kind.Value}\" is not read: kinds are case-sensitive and OpenShift refuses it; write \"{meant}\"");
    }

    private static void ReadStream(YamlNode node, DocumentContext context, int? itemIndex, IReadOnlyList<YamlAliasUse> aliases, List<ParsedStream> streams, List<Problem> problems)
    {
        var firstInside = FirstAtOrAfter(aliases, node.Start);
        if (firstInside < aliases.Count && aliases[firstInside].Offset < node.End)
        {
            var alias = aliases[firstInside];
            // kubectl expands aliases and merge keys; the tool does not: it reads each value where it is
            // written and edits status in place, where one text standing for two places would be
            // changed in both. An ImageStream never needs them, so it is refused rather than misread.
            var name = YamlNode.ScalarText(node.Get("metadata")?.Get("name"));
            problems.Add(new Problem(context.FilePath, alias.Location,
                $"{(name is null ? "ImageStream" : $"ImageStream \"{name}\"")}: {(alias.Text == "<<" ? "merge key <<" : "alias " + alias.Text)} is not read: an ImageStream may not use YAML aliases or merge keys; write the values out"));
            return;
        }

        if (CheckApiVersion(node, "ImageStream", context.FilePath, problems))
        {
            Add(ImageStreamDocumentReader.Read(node, context, itemIndex), streams, problems);
        }
    }

    /// <summary>
    /// The index of the first alias at or after <paramref name="offset"/>: they come in text order, and a
    /// List of many streams with many aliases must not cost streams times aliases.
    /// </summary>
    private static int FirstAtOrAfter(IReadOnlyList<YamlAliasUse> aliases, int offset)
    {
        var (low, high) = (0, aliases.Count);
        while (low < high)
        {
            var middle = (low + high) / 2;
            (low, high) = aliases[middle].Offset < offset ? (middle + 1, high) : (low, middle);
        }

        return low;
    }

    /// <summary>
    /// OpenShift serves ImageStream (and ImageStreamList) as <c>image.openshift.io/v1</c> and, for old
    /// files, the legacy <c>v1</c>; <c>List</c> is <c>v1</c>. Anything else (<c>v1beta3</c> of 2015,
    /// a missing field) is refused by <c>oc apply</c>, so it is a problem here, never a silent skip.
    /// </summary>
    private static bool CheckApiVersion(YamlNode node, string kind, string path, List<Problem> problems)
    {
        var apiVersion = node.Get("apiVersion");
        switch (YamlNode.ScalarText(apiVersion))
        {
            case "v1" or "image.openshift.io/v1":
                return true;
            case null:
                problems.Add(new Problem(path, (apiVersion ?? node.Get("kind") ?? node).Location,
                    $"{kind} has no apiVersion: OpenShift refuses it; write 'apiVersion: {(kind == "List" ? "v1" : "image.openshift.io/v1")}'"));
                return false;
            case var other:
                problems.Add(new Problem(path, apiVersion!.Location,
                    $"{kind} apiVersion \"{other}\" is not served by OpenShift, so this object is not read; write 'apiVersion: {(kind == "List" ? "v1" : "image.openshift.io/v1")}'"));
                return false;
        }
    }

    private static void Add(DocumentReadOutcome outcome, List<ParsedStream> streams, List<Problem> problems)
    {
        problems.AddRange(outcome.Problems);
        if (outcome.Stream is { } stream)
        {
            streams.Add(stream);
        }
    }

}

internal sealed record DocumentContext(string FilePath, string Text, DocumentFormat Format, int DocumentIndex);

/// <summary>An ImageStream with the mapping node it was read from.</summary>
internal sealed record ParsedStream(ImageStreamDocument Document, YamlNode Node);

internal sealed record ParsedFile(IReadOnlyList<YamlNode?> Roots, IReadOnlyList<ParsedStream> Streams, IReadOnlyList<Problem> Problems)
{
    /// <summary>True when the file is not valid YAML or JSON; <see cref="Problems"/> then says where.</summary>
    public bool DoesNotParse { get; init; }
}

internal sealed record DocumentReadOutcome(ParsedStream? Stream, IReadOnlyList<Problem> Problems);
