using GitStreamSync.Core.Read;

namespace GitStreamSync.Core.Show;

/// <summary>One tag of one stream, with its spec entry (null for a status-only tag) and history (null before the first import).</summary>
internal sealed record StreamTagEntry(StoredStream Stream, string Tag, SpecTag? Spec, NamedTagEventList? History)
{
    public string Name => $"{Stream.Document.Name}:{Tag}";

    public TagEvent? Current => History?.Items.Count > 0 ? History.Items[0] : null;

    /// <summary>Spec tags in their order, then tags found only in status.</summary>
    public static IEnumerable<StreamTagEntry> Of(StoredStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var document = stream.Document;
        foreach (var spec in document.SpecTags)
        {
            yield return new StreamTagEntry(stream, spec.Name, spec, document.Status?.Tags.FirstOrDefault(t => t.Tag == spec.Name));
        }

        foreach (var history in (document.Status?.Tags ?? []).Where(t => document.SpecTags.All(s => s.Name != t.Tag)))
        {
            yield return new StreamTagEntry(stream, history.Tag, null, history);
        }
    }
}

/// <summary>
/// <c>get istag</c> as a list: the columns of <c>oc get istag</c> (NAME, IMAGE REFERENCE, UPDATED);
/// <c>-o wide</c> adds IMAGE NAME (the digest) and where the tag comes from. <c>-o yaml|json</c>
/// print ImageStreamTag objects built from spec and status.
/// </summary>
internal static class ImageStreamTagView
{
    public const string Resource = "imagestreamtag.image.openshift.io";

    /// <param name="allNamespaces">As <c>oc get -A</c>: a NAMESPACE column first.</param>
    public static string Render(IReadOnlyList<StreamTagEntry> tags, ViewFormat format, DateTimeOffset now, bool allNamespaces = false)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var namespaces = allNamespaces ? tags.Select(t => t.Stream.Document.Namespace ?? "").ToList() : null;
        return format switch
        {
            ViewFormat.Name => string.Concat(tags.Select(t => $"{Resource}/{t.Name}\n")),
            ViewFormat.Yaml => ObjectOutput.ToYaml(tags.Count == 1 ? Object(tags[0]) : ObjectOutput.List(tags.Select(Object))),
            ViewFormat.Json => ObjectOutput.ToJson(tags.Count == 1 ? Object(tags[0]) : ObjectOutput.List(tags.Select(Object))),
            ViewFormat.Wide => OcTable.Render(["NAME", "IMAGE REFERENCE", "UPDATED", "IMAGE NAME", "SOURCE"], tags.Select(t => Row(t, now).Concat([t.Current?.Image ?? "", Source(t.Spec)]).ToList()).ToList(), namespaces),
            _ => OcTable.Render(["NAME", "IMAGE REFERENCE", "UPDATED"], tags.Select(t => Row(t, now)).ToList(), namespaces),
        };
    }

    private static IReadOnlyList<string> Row(StreamTagEntry tag, DateTimeOffset now) =>
        [tag.Name, tag.Current?.DockerImageReference ?? "", tag.Current is { } current ? HumanAge.Ago(current.Created, now) : ""];

    private static string Source(SpecTag? spec) => spec switch
    {
        null => "(status only)",
        { Reference: true, From: { } from } => $"reference to {from.Kind} {from.Name}",
        { From: { } from } => $"{from.Kind} {(from.Namespace is { } ns ? ns + "/" : "")}{from.Name}",
        _ => "",
    };

    private static Dictionary<string, object?> Object(StreamTagEntry tag)
    {
        var document = tag.Stream.Document;
        var metadata = new Dictionary<string, object?> { ["name"] = tag.Name };
        if (document.Namespace is { } ns)
        {
            metadata["namespace"] = ns;
        }

        if (tag.Current is { } created)
        {
            metadata["creationTimestamp"] = Time(created.Created);
        }

        var specNode = tag.Stream.Node.Get("spec")?.Get("tags")?.Items.FirstOrDefault(t => Read.Yaml.YamlNode.ScalarText(t.Get("name")) == tag.Tag);
        var result = new Dictionary<string, object?>
        {
            ["apiVersion"] = "image.openshift.io/v1",
            ["kind"] = "ImageStreamTag",
            ["metadata"] = metadata,
            ["generation"] = tag.Current?.Generation,
            ["lookupPolicy"] = new Dictionary<string, object?> { ["local"] = tag.Stream.LooksUpLocally },
            ["tag"] = ObjectOutput.Typed(specNode),
        };
        if (tag.Current is { } current)
        {
            result["image"] = new Dictionary<string, object?>
            {
                ["metadata"] = new Dictionary<string, object?> { ["name"] = current.Image, ["creationTimestamp"] = Time(current.Created) },
                ["dockerImageReference"] = current.DockerImageReference,
            };
        }

        if (tag.History?.Conditions is { Count: > 0 } conditions)
        {
            result["conditions"] = conditions.Select(c => new Dictionary<string, object?>
            {
                ["type"] = c.Type,
                ["status"] = c.Status,
                ["lastTransitionTime"] = Time(c.LastTransitionTime),
                ["reason"] = c.Reason,
                ["message"] = c.Message,
                ["generation"] = c.Generation,
            }).ToList();
        }

        return result;
    }

    internal static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
