using GitStreamSync.Core.Read;
using GitStreamSync.Core.Read.Yaml;
using GitStreamSync.Core.Render;

namespace GitStreamSync.Core.Show;

/// <summary>An ImageStream with the node and text it was read from, for the views of <c>get</c>.</summary>
internal sealed record StoredStream(ImageStreamDocument Document, YamlNode Node, string FileText)
{
    public IReadOnlyDictionary<string, string> Labels { get; } = Map(Node.Get("metadata")?.Get("labels"));

    public bool LooksUpLocally => RenderStage.LooksUpLocally(Node);

    /// <summary>The object exactly as stored, status included (a <c>List</c> item outdented to stand alone).</summary>
    public string StoredText
    {
        get
        {
            var text = FileText[Node.Start..Node.End];
            text = Node.IsFlow ? text : OpenShiftStreamWriter.Outdent(text, Node.Column);
            return text.EndsWith('\n') ? text : text + "\n";
        }
    }

    /// <summary>Every ImageStream of the files, in path order.</summary>
    public static (IReadOnlyList<StoredStream> Streams, IReadOnlyList<Problem> Problems) ReadAll(IEnumerable<SourceFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var streams = new List<StoredStream>();
        var problems = new List<Problem>();
        foreach (var file in files.Where(f => ImageStreamReader.IsCandidate(f.Path)).OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var parsed = ImageStreamReader.Parse(file);
            problems.AddRange(parsed.Problems);
            streams.AddRange(parsed.Streams.Select(s => new StoredStream(s.Document, s.Node, file.Text)));
        }

        return (streams, problems);
    }

    private static Dictionary<string, string> Map(YamlNode? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in node?.Entries ?? [])
        {
            if (key.Kind == YamlNodeKind.Scalar && value.Kind == YamlNodeKind.Scalar)
            {
                map[key.Value] = value.Value;
            }
        }

        return map;
    }
}
