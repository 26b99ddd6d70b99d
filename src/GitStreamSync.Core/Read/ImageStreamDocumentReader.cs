using GitStreamSync.Core.Read.Yaml;
using System.Globalization;

namespace GitStreamSync.Core.Read;

/// <summary>Turns one ImageStream mapping into an <see cref="ImageStreamDocument"/> and checks it as OpenShift's validation would.</summary>
internal static class ImageStreamDocumentReader
{
    public static DocumentReadOutcome Read(YamlNode node, DocumentContext context, int? itemIndex)
    {
        var problems = new ProblemList(context.FilePath);
        var metadataEntry = node.GetEntry("metadata");
        var metadata = Mapping(metadataEntry?.Value, "ImageStream: metadata", problems);
        var nameNode = metadata?.Get("name");
        var name = YamlNode.ScalarText(nameNode);
        var streamNamespace = Text(metadata?.Get("namespace"), "ImageStream: metadata.namespace", problems);
        if (string.IsNullOrEmpty(name) && ImageStreamReader.IsReleaseImageReferences(context.FilePath))
        {
            // OpenShift refuses a stream without a name, but this file is not applied: oc adm release
            // new reads its tags. Said once, and the file is left as it is.
            problems.AddWarning(nameNode ?? metadataEntry?.Key ?? node,
                "ImageStream has no metadata.name, so OpenShift would refuse it; as a release payload's image-references file (read by 'oc adm release new', not applied) it is left as it is and its tags are not resolved");
        }
        else if (string.IsNullOrEmpty(name))
        {
            problems.Add(nameNode ?? metadataEntry?.Key ?? node, "ImageStream has no metadata.name");
        }
        else if (StreamName.Check(name, streamNamespace) is { } reason)
        {
            problems.Add(nameNode!, $"ImageStream name \"{name}\" is invalid: {reason}");
        }

        var label = string.IsNullOrEmpty(name) ? "ImageStream" : $"ImageStream \"{name}\"";
        var spec = Mapping(node.Get("spec"), $"{label}: spec", problems);
        var specTags = ReadSpecTags(spec?.Get("tags"), label, problems);
        var generation = Whole(metadata?.Get("generation"), $"{label}: metadata.generation", problems);
        var annotations = ReadStringMap(metadata?.Get("annotations"), $"{label}: metadata.annotations", problems);
        var repositoryImport = RepositoryImportReader.Read(spec?.Get("dockerImageRepository"), metadata?.Get("annotations"), annotations, label, problems);
        var statusEntry = node.GetEntry("status");
        ImageStreamStatus? status = null;
        if (statusEntry is { } entry && !entry.Value.IsNull)
        {
            status = StatusReader.Read(entry.Value, label, problems);
        }

        if (problems.Count > 0)
        {
            return new DocumentReadOutcome(null, problems.Items);
        }

        var document = new ImageStreamDocument
        {
            FilePath = context.FilePath,
            Format = context.Format,
            DocumentIndex = context.DocumentIndex,
            ItemIndex = itemIndex,
            Name = name!,
            Namespace = streamNamespace,
            Generation = generation,
            Annotations = annotations,
            SpecTags = specTags,
            RepositoryImport = repositoryImport,
            Status = status,
            Location = node.Location,
            Span = new TextSpan(node.Start, node.End),
            StatusSpan = statusEntry is { } found ? EntrySpan(found, context.Text) : null,
        };
        return new DocumentReadOutcome(new ParsedStream(document, node), []);
    }

    /// <summary>
    /// A key and its value. An empty value (<c>status:</c> and nothing) is placed by YamlDotNet where
    /// the next token starts, so such an entry ends after its colon instead.
    /// </summary>
    internal static TextSpan EntrySpan(KeyValuePair<YamlNode, YamlNode> entry, string text)
    {
        var (key, value) = (entry.Key, entry.Value);
        if (value is { Kind: YamlNodeKind.Scalar, Value.Length: 0, Style: YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any })
        {
            var colon = text.IndexOf(':', key.End);
            return new TextSpan(key.Start, colon < 0 ? key.End : colon + 1);
        }

        return new TextSpan(key.Start, value.End);
    }

    private static List<SpecTag> ReadSpecTags(YamlNode? tags, string label, ProblemList problems)
    {
        var result = new List<SpecTag>();
        if (tags is null || tags.IsNull)
        {
            return result;
        }

        if (tags.Kind != YamlNodeKind.Sequence)
        {
            problems.Add(tags, $"{label}: spec.tags is not a list");
            return result;
        }

        var seen = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var tag in tags.Items)
        {
            if (tag.Kind != YamlNodeKind.Mapping)
            {
                problems.Add(tag, $"{label}: a spec tag is not a mapping");
                continue;
            }

            var nameNode = tag.Get("name");
            var name = YamlNode.ScalarText(nameNode);
            if (string.IsNullOrEmpty(name))
            {
                problems.Add(nameNode ?? tag, $"{label}: a spec tag has no name");
                continue;
            }

            if (seen.TryGetValue(name, out var first))
            {
                problems.Add(nameNode!, $"{label}: spec tag \"{name}\" is defined twice (first at line {first.Location.Line})");
                continue;
            }

            seen.Add(name, nameNode!);
            result.Add(ReadSpecTag(tag, name, new ValuePlace(label, name), problems));
        }

        return result;
    }

    private static SpecTag ReadSpecTag(YamlNode tag, string name, ValuePlace label, ProblemList problems)
    {
        var source = ReadSource(tag.GetEntry("from"), label, problems);
        var policy = Mapping(tag.Get("importPolicy"), label.Field("importPolicy"), problems);
        var scheduledNode = policy?.Get("scheduled");
        var scheduled = Bool(scheduledNode, label.Field("importPolicy.scheduled"), problems);
        if (scheduled == true && source is not null && source.Kind != TagSourceKind.DockerImage)
        {
            problems.Add(scheduledNode!, $"{label}: importPolicy.scheduled: true needs from.kind DockerImage, not {source.Kind}");
        }

        var modeNode = policy?.Get("importMode");
        var mode = ImportMode.Legacy;
        if (Text(modeNode, label.Field("importPolicy.importMode"), problems) is { Length: > 0 } modeText && !Enum.TryParse(modeText, ignoreCase: false, out mode))
        {
            problems.Add(modeNode!, $"{label}: importPolicy.importMode \"{modeText}\" is not Legacy or PreserveOriginal");
        }

        var referencePolicyType = Mapping(tag.Get("referencePolicy"), label.Field("referencePolicy"), problems)?.Get("type");
        if (referencePolicyType is { IsNull: false } && YamlNode.ScalarText(referencePolicyType) is not ("Source" or "Local"))
        {
            problems.Add(referencePolicyType, $"{label}: referencePolicy.type is not Source or Local");
        }

        return new SpecTag
        {
            Name = name,
            From = source,
            Reference = Bool(tag.Get("reference"), label.Field("reference"), problems) ?? false,
            Generation = Whole(tag.Get("generation"), label.Field("generation"), problems),
            ImportPolicy = new TagImportPolicy(scheduled, Bool(policy?.Get("insecure"), label.Field("importPolicy.insecure"), problems) ?? false, mode),
            ReferencePolicyType = YamlNode.ScalarText(referencePolicyType),
            Annotations = ReadStringMap(tag.Get("annotations"), label.Field("annotations"), problems),
            Location = tag.Location,
        };
    }

    private static TagSource? ReadSource(KeyValuePair<YamlNode, YamlNode>? entry, ValuePlace label, ProblemList problems)
    {
        if (entry is not { Key: var key, Value: var from } || from.IsNull)
        {
            return null;
        }

        if (from.Kind != YamlNodeKind.Mapping)
        {
            problems.Add(from, $"{label}: from is not a mapping");
            return null;
        }

        var kindNode = from.Get("kind");
        var kindText = YamlNode.ScalarText(kindNode);
        var name = YamlNode.ScalarText(from.Get("name"));
        if (string.IsNullOrEmpty(name))
        {
            problems.Add(from.Get("name") ?? key, $"{label}: from has no name");
        }

        TagSourceKind? parsedKind = kindText switch
        {
            "DockerImage" => TagSourceKind.DockerImage,
            "ImageStreamTag" => TagSourceKind.ImageStreamTag,
            "ImageStreamImage" => TagSourceKind.ImageStreamImage,
            _ => null,
        };
        if (parsedKind is not { } kind)
        {
            problems.Add(kindNode ?? key, kindText is null
                ? $"{label}: from has no kind (DockerImage, ImageStreamTag or ImageStreamImage)"
                : $"{label}: from.kind \"{kindText}\" is not DockerImage, ImageStreamTag or ImageStreamImage");
            return null;
        }

        var sourceNamespace = Text(from.Get("namespace"), label.Field("from.namespace"), problems);
        return string.IsNullOrEmpty(name) ? null : new TagSource(kind, name, sourceNamespace);
    }

    /// <summary>Annotations are a map of strings in OpenShift's types: a list or a nested mapping there is refused by the API server.</summary>
    private static Dictionary<string, string> ReadStringMap(YamlNode? node, ValuePlace what, ProblemList problems)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in Mapping(node, what, problems)?.Entries ?? [])
        {
            if (entry.Key.Kind == YamlNodeKind.Scalar && entry.Value.Kind == YamlNodeKind.Scalar)
            {
                map[entry.Key.Value] = entry.Value.Value;
            }
            else
            {
                problems.Add(entry.Value.Kind == YamlNodeKind.Scalar ? entry.Key : entry.Value, $"{what}: a key and its value must be strings");
            }
        }

        return map;
    }

    // Wrong types are named as the API server's decoding would refuse them, never read as absent.
    private static YamlNode? Mapping(YamlNode? node, ValuePlace what, ProblemList problems)
    {
        if (node is null || node.IsNull)
        {
            return null;
        }

        if (node.Kind != YamlNodeKind.Mapping)
        {
            problems.Add(node, $"{what} is not a mapping");
            return null;
        }

        return node;
    }

    internal static string? Text(YamlNode? node, ValuePlace what, ProblemList problems)
    {
        if (node is null || node.IsNull)
        {
            return null;
        }

        if (node.Kind != YamlNodeKind.Scalar)
        {
            problems.Add(node, $"{what} is not a string");
            return null;
        }

        return node.Value;
    }

    private static bool? Bool(YamlNode? node, ValuePlace what, ProblemList problems)
    {
        if (node is null || node.IsNull)
        {
            return null;
        }

        var value = ParseBool(node);
        if (value is null)
        {
            problems.Add(node, $"{what} is not true or false");
        }

        return value;
    }

    private static long? Whole(YamlNode? node, ValuePlace what, ProblemList problems)
    {
        if (node is null || node.IsNull)
        {
            return null;
        }

        var value = ParseLong(YamlNode.ScalarText(node));
        if (value is null)
        {
            problems.Add(node, $"{what} is not a whole number");
        }

        return value;
    }

    private static bool? ParseBool(YamlNode? node) => YamlNode.ScalarText(node) switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        _ => null,
    };

    internal static long? ParseLong(string? text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
}
