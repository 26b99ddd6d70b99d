using GitStreamSync.Core.Read;
using GitStreamSync.Core.Read.Yaml;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GitStreamSync.Core.Render;

/// <summary>
/// Pins the images of workloads the way OpenShift would resolve them from ImageStreams, but to the
/// reviewed digests: a container named by the <c>image.openshift.io/triggers</c> annotation
/// (an ImageStreamTag and a <c>fieldPath</c>, as the trigger controller reads them), or a container
/// whose image is <c>STREAM:TAG</c> of a stream with <c>lookupPolicy.local: true</c> in the
/// workload's namespace. Only those image values change; every other character of the file stays.
/// </summary>
internal static partial class WorkloadImageRewriter
{
    public const string TriggerAnnotation = "image.openshift.io/triggers";

    private static readonly string[] ContainerLists = ["initContainers", "containers"];

    private static readonly Dictionary<string, string[]> PodSpecPaths = new(StringComparer.Ordinal)
    {
        ["Pod"] = ["spec"],
        ["Deployment"] = ["spec", "template", "spec"],
        ["StatefulSet"] = ["spec", "template", "spec"],
        ["DaemonSet"] = ["spec", "template", "spec"],
        ["Job"] = ["spec", "template", "spec"],
        ["CronJob"] = ["spec", "jobTemplate", "spec", "template", "spec"],
    };

    /// <summary>The file's new text (null when it holds no workload) and the images that could not be pinned.</summary>
    public static (string? Text, IReadOnlyList<Problem> Unpinned) Rewrite(SourceFile file, WorkloadImageSources sources)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(sources);
        var roots = YamlTreeParser.Parse(file.Text, out var error);
        if (error is not null)
        {
            return (null, [new Problem(file.Path, error.Location, $"the file does not parse: {error.Message}")]);
        }

        var splice = new TextSplice(file.Text);
        var unpinned = new List<Problem>();
        var workloads = 0;
        var json = file.Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        foreach (var root in roots.OfType<YamlNode>().Where(r => r.Kind == YamlNodeKind.Mapping))
        {
            if (YamlNode.ScalarText(root.Get("kind")) is not { } kind || !PodSpecPaths.TryGetValue(kind, out var path))
            {
                continue;
            }

            workloads++;
            var podSpec = path.Aggregate((YamlNode?)root, (node, key) => node?.Get(key));
            var metadata = root.Get("metadata");
            var ns = YamlNode.ScalarText(metadata?.Get("namespace"));
            var triggered = new HashSet<YamlNode>();
            if (YamlNode.ScalarText(metadata?.Get("annotations")?.Get(TriggerAnnotation)) is { } triggers)
            {
                foreach (var (container, streamTag, triggerNamespace) in Triggers(triggers, podSpec, file.Path, metadata!.Get("annotations")!.Get(TriggerAnnotation)!, unpinned))
                {
                    triggered.Add(container);
                    Pin(splice, container, sources.Find(streamTag, triggerNamespace ?? ns, requireLocalLookup: false), streamTag, file.Path, json, unpinned);
                }
            }

            foreach (var container in Containers(podSpec).Where(c => !triggered.Contains(c)))
            {
                if (YamlNode.ScalarText(container.Get("image")) is { } image && sources.NamesLocalStreamTag(image, ns))
                {
                    Pin(splice, container, sources.Find(image, ns, requireLocalLookup: true), image, file.Path, json, unpinned);
                }
            }
        }

        return (workloads == 0 ? null : splice.Apply(0, file.Text.Length), unpinned);
    }

    private static void Pin(TextSplice splice, YamlNode container, ReviewedTag? reviewed, string streamTag, string path, bool json, List<Problem> unpinned)
    {
        if (container.Get("image") is not { Kind: YamlNodeKind.Scalar } image)
        {
            unpinned.Add(new Problem(path, container.Location, $"the container for {streamTag} has no image to pin"));
        }
        else if (reviewed is null)
        {
            unpinned.Add(new Problem(path, image.Location, $"{streamTag} has no reviewed digest; the image is left as written"));
        }
        else if (image.Value != reviewed.Current.DockerImageReference)
        {
            splice.Replace(image.Start, image.End, ScalarText.Format(reviewed.Current.DockerImageReference, image.Style, json));
        }
    }

    private static IEnumerable<YamlNode> Containers(YamlNode? podSpec) =>
        ContainerLists.SelectMany(key => podSpec?.Get(key) is { Kind: YamlNodeKind.Sequence } list ? list.Items : [])
            .Where(c => c.Kind == YamlNodeKind.Mapping);

    /// <summary>The containers the annotation names, each with its ImageStreamTag; a trigger that cannot be followed is a problem at the annotation.</summary>
    private static List<(YamlNode Container, string StreamTag, string? Namespace)> Triggers(string annotation, YamlNode? podSpec, string path, YamlNode at, List<Problem> problems)
    {
        var found = new List<(YamlNode, string, string?)>();
        JsonElement[] triggers;
        try
        {
            triggers = JsonSerializer.Deserialize(annotation, TriggerAnnotationJson.Default.JsonElementArray) ?? [];
        }
        catch (JsonException ex)
        {
            problems.Add(new Problem(path, at.Location, $"{TriggerAnnotation} is not a JSON list: {ex.Message}"));
            return found;
        }

        foreach (var trigger in triggers)
        {
            if (trigger.ValueKind != JsonValueKind.Object
                || !trigger.TryGetProperty("from", out var from) || from.ValueKind != JsonValueKind.Object
                || Text(from, "kind") != "ImageStreamTag" || Text(from, "name") is not { } streamTag
                || (trigger.TryGetProperty("paused", out var paused) && paused.ValueKind == JsonValueKind.True))
            {
                // A paused trigger, or one from another kind, is not followed by OpenShift either.
                continue;
            }

            var container = FieldPathContainer(Text(trigger, "fieldPath") ?? "", podSpec);
            if (container is null)
            {
                problems.Add(new Problem(path, at.Location, $"{TriggerAnnotation}: fieldPath \"{Text(trigger, "fieldPath")}\" names no container of this workload"));
                continue;
            }

            found.Add((container, streamTag, Text(from, "namespace")));
        }

        return found;
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary><c>...containers[?(@.name=="web")].image</c> or <c>...containers[0].image</c>, as OpenShift's trigger controller accepts them.</summary>
    private static YamlNode? FieldPathContainer(string fieldPath, YamlNode? podSpec)
    {
        var match = FieldPath().Match(fieldPath);
        if (!match.Success || podSpec?.Get(match.Groups["list"].Value) is not { Kind: YamlNodeKind.Sequence } list)
        {
            return null;
        }

        if (match.Groups["name"].Success)
        {
            return list.Items.FirstOrDefault(c => YamlNode.ScalarText(c.Get("name")) == match.Groups["name"].Value);
        }

        var index = int.Parse(match.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
        return index < list.Items.Count ? list.Items[index] : null;
    }

    [GeneratedRegex("""(?:^|\.)(?<list>containers|initContainers)\[(?:\?\(@\.name==["'](?<name>[^"']+)["']\)|(?<index>[0-9]+))\]\.image$""", RegexOptions.CultureInvariant)]
    private static partial Regex FieldPath();
}
