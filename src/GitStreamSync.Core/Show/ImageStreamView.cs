using GitStreamSync.Core.Read;

namespace GitStreamSync.Core.Show;

/// <summary>
/// <c>get is</c>: the columns of <c>oc get is</c> (NAME, IMAGE REPOSITORY, TAGS newest first,
/// UPDATED from the newest <c>created</c>); <c>-o wide</c> adds the file. <c>-o yaml|json</c> of one
/// stream prints it as stored, status included; several make a <c>List</c>.
/// </summary>
internal static class ImageStreamView
{
    public const string Resource = "imagestream.image.openshift.io";

    // oc shortens the TAGS column past this width and says how many are left out.
    private const int TagsWidth = 40;

    /// <param name="allNamespaces">As <c>oc get -A</c>: a NAMESPACE column first.</param>
    public static string Render(IReadOnlyList<StoredStream> streams, ViewFormat format, DateTimeOffset now, bool allNamespaces = false)
    {
        ArgumentNullException.ThrowIfNull(streams);
        return format switch
        {
            ViewFormat.Name => string.Concat(streams.Select(s => $"{Resource}/{s.Document.Name}\n")),
            ViewFormat.Yaml when streams.Count == 1 && streams[0].Document.Format == DocumentFormat.Yaml => streams[0].StoredText,
            ViewFormat.Json when streams.Count == 1 && streams[0].Document.Format == DocumentFormat.Json => streams[0].StoredText,
            ViewFormat.Yaml => ObjectOutput.ToYaml(One(streams)),
            ViewFormat.Json => ObjectOutput.ToJson(One(streams)),
            _ => OcTable.Render(
                format == ViewFormat.Wide ? ["NAME", "IMAGE REPOSITORY", "TAGS", "UPDATED", "FILE"] : ["NAME", "IMAGE REPOSITORY", "TAGS", "UPDATED"],
                streams.Select(s => Row(s, now, format == ViewFormat.Wide)).ToList(),
                allNamespaces ? streams.Select(s => s.Document.Namespace ?? "").ToList() : null),
        };
    }

    private static object? One(IReadOnlyList<StoredStream> streams) =>
        streams.Count == 1 ? ObjectOutput.Typed(streams[0].Node) : ObjectOutput.List(streams.Select(s => ObjectOutput.Typed(s.Node)));

    /// <summary>IMAGE REPOSITORY: the public repository, else <c>spec.dockerImageRepository</c>, else the status's.</summary>
    internal static string Repository(StoredStream stored)
    {
        var status = stored.Document.Status;
        return status?.PublicDockerImageRepository is { Length: > 0 } publicRepository ? publicRepository
            : Read.Yaml.YamlNode.ScalarText(stored.Node.Get("spec")?.Get("dockerImageRepository")) is { Length: > 0 } spec ? spec
            : status?.DockerImageRepository ?? "";
    }

    private static string[] Row(StoredStream stored, DateTimeOffset now, bool wide)
    {
        var stream = stored.Document;
        var repository = Repository(stored);
        var newest = NewestFirst(stream).ToList();
        var updated = newest.Count > 0 ? HumanAge.Ago(newest[0].Items[0].Created, now) : "";
        string[] row = [stream.Name, repository, Tags(newest.Select(t => t.Tag).ToList()), updated];
        return wide ? [.. row, stream.FilePath] : row;
    }

    /// <summary>Status tags with an image, the most recently updated first (ties by name).</summary>
    internal static IEnumerable<NamedTagEventList> NewestFirst(ImageStreamDocument stream) =>
        (stream.Status?.Tags ?? []).Where(t => t.Items.Count > 0)
            .OrderByDescending(t => t.Items[0].Created).ThenBy(t => t.Tag, StringComparer.Ordinal);

    private static string Tags(List<string> tags)
    {
        var shown = new List<string>();
        var width = 0;
        foreach (var tag in tags)
        {
            var next = width + (shown.Count > 0 ? 1 : 0) + tag.Length;
            if (shown.Count > 0 && next > TagsWidth)
            {
                break;
            }

            shown.Add(tag);
            width = next;
        }

        var text = string.Join(',', shown);
        return shown.Count < tags.Count ? $"{text} + {tags.Count - shown.Count} more..." : text;
    }
}
