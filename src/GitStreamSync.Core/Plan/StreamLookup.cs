using GitStreamSync.Core.Read;
namespace GitStreamSync.Core.Plan;

/// <summary>
/// Finds the stream an ImageStreamTag / ImageStreamImage source names, inside the repository.
/// OpenShift looks a stream up by name in <c>from.namespace</c>, defaulting to the referring stream's
/// namespace (semantics 2.4). Files often leave the namespace out (it comes from <c>oc apply -n</c>),
/// so a stream without a namespace matches any; among several matches the referring stream itself,
/// then one in the same file wins, else the reference is ambiguous.
/// </summary>
internal sealed class StreamLookup
{
    public const string DefaultTag = "latest";

    private readonly IReadOnlyList<ImageStreamDocument> streams;
    private readonly Dictionary<string, List<int>> byName = new(StringComparer.Ordinal);

    public StreamLookup(IReadOnlyList<ImageStreamDocument> streams)
    {
        this.streams = streams;
        for (var i = 0; i < streams.Count; i++)
        {
            if (!byName.TryGetValue(streams[i].Name, out var indexes))
            {
                byName[streams[i].Name] = indexes = [];
            }

            indexes.Add(i);
        }
    }

    /// <summary><c>tag</c> or <c>stream:tag</c>, split on the first ':' (library-go SplitImageStreamTag).</summary>
    public static (string? Stream, string Tag) SplitStreamTag(string name)
    {
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return (null, name.Length == 0 ? DefaultTag : name);
        }

        var tag = name[(colon + 1)..];
        return (name[..colon], tag.Length == 0 ? DefaultTag : tag);
    }

    /// <summary><c>id</c> or <c>stream@id</c>; the id may be a prefix of the digest.</summary>
    public static (string? Stream, string Id) SplitStreamImage(string name)
    {
        var at = name.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? (null, name) : (name[..at], name[(at + 1)..]);
    }

    /// <summary>The index of the named stream, or an error message.</summary>
    public (int Index, string? Error) Find(int referring, string? streamName, string? fromNamespace)
    {
        var self = streams[referring];
        var name = string.IsNullOrEmpty(streamName) ? self.Name : streamName;
        var ns = string.IsNullOrEmpty(fromNamespace) ? self.Namespace : fromNamespace;
        if (name == self.Name && NamespaceMatches(self, ns))
        {
            return (referring, null);
        }

        var candidates = byName.GetValueOrDefault(name, []).Where(i => NamespaceMatches(streams[i], ns)).ToList();
        if (candidates.Count == 1)
        {
            return (candidates[0], null);
        }

        var sameFile = candidates.Where(i => streams[i].FilePath == self.FilePath).ToList();
        if (sameFile.Count == 1)
        {
            return (sameFile[0], null);
        }

        var shown = ns is null ? $"\"{name}\"" : $"\"{ns}/{name}\"";
        return candidates.Count == 0
            ? (-1, $"imagestream {shown} not found in the repository")
            : (-1, $"imagestream {shown} is ambiguous: found in {string.Join(", ", candidates.Select(i => streams[i].DisplayName))}");
    }

    private static bool NamespaceMatches(ImageStreamDocument stream, string? ns) =>
        ns is null || stream.Namespace is null || stream.Namespace == ns;
}
