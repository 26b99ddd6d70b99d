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

    /// <summary>True for the file names the repository reader looks at.</summary>
    public static bool IsCandidate(string path) =>
        Extensions.Any(extension => path.EndsWith(extension, StringComparison.OrdinalIgnoreCase));

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
        var count = 0;
        foreach (var file in files.Where(file => IsCandidate(file.Path)).OrderBy(file => file.Path, StringComparer.Ordinal))
        {
            var result = ReadFile(file);
            streams.AddRange(result.Streams);
            problems.AddRange(result.Problems);
            count++;
        }

        return new ImageStreamReadResult(streams, problems) { FileCount = count };
    }

    /// <summary>The streams with the nodes they were read from, for the editor.</summary>
    internal static ParsedFile Parse(SourceFile file)
    {
        var roots = YamlTreeParser.Parse(file.Text, out var syntaxError);
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
            if (roots[index] is not { Kind: YamlNodeKind.Mapping } root)
            {
                continue;
            }

            var context = new DocumentContext(file.Path, file.Text, format, index);
            if (IsImageStream(root))
            {
                Add(ImageStreamDocumentReader.Read(root, context, itemIndex: null), streams, problems);
            }
            else if (IsList(root) && root.Get("items") is { Kind: YamlNodeKind.Sequence } items)
            {
                for (var item = 0; item < items.Items.Count; item++)
                {
                    if (items.Items[item] is { Kind: YamlNodeKind.Mapping } node && IsImageStream(node))
                    {
                        Add(ImageStreamDocumentReader.Read(node, context, item), streams, problems);
                    }
                }
            }
        }

        return new ParsedFile(roots, streams, problems);
    }

    private static void Add(DocumentReadOutcome outcome, List<ParsedStream> streams, List<Problem> problems)
    {
        problems.AddRange(outcome.Problems);
        if (outcome.Stream is { } stream)
        {
            streams.Add(stream);
        }
    }

    private static bool IsImageStream(YamlNode node) =>
        YamlNode.ScalarText(node.Get("kind")) == "ImageStream"
        && YamlNode.ScalarText(node.Get("apiVersion")) is "v1" or "image.openshift.io/v1";

    private static bool IsList(YamlNode node) =>
        YamlNode.ScalarText(node.Get("kind")) is "List" or "ImageStreamList"
        && YamlNode.ScalarText(node.Get("apiVersion")) is "v1" or "image.openshift.io/v1";
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
