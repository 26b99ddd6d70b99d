namespace GitStreamSync.Core.Read;

/// <summary>
/// One ImageStream as read from a file, with the source spans the status editor splices into.
/// Spec and metadata are read-only input: the tool never writes them.
/// </summary>
public sealed record ImageStreamDocument
{
    public required string FilePath { get; init; }
    public required DocumentFormat Format { get; init; }

    /// <summary>Index of the YAML document in the file (0 for JSON and single-document files).</summary>
    public required int DocumentIndex { get; init; }

    /// <summary>Index in a <c>List</c>'s <c>items</c>, or null for a top-level ImageStream.</summary>
    public int? ItemIndex { get; init; }

    public required string Name { get; init; }
    public string? Namespace { get; init; }

    /// <summary><c>metadata.generation</c>, when written.</summary>
    public long? Generation { get; init; }

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<SpecTag> SpecTags { get; init; } = [];

    /// <summary><c>spec.dockerImageRepository</c>, when written (semantics 2.11).</summary>
    public RepositoryImportSource? RepositoryImport { get; init; }

    /// <summary>The status as read, or null when the document has none.</summary>
    public ImageStreamStatus? Status { get; init; }

    /// <summary>Where the ImageStream object starts (its first key).</summary>
    public required SourceLocation Location { get; init; }

    /// <summary>The ImageStream object's text (the mapping, not including a <c>---</c> marker).</summary>
    public required TextSpan Span { get; init; }

    /// <summary>The <c>status</c> entry (key and value), or null when there is none.</summary>
    public TextSpan? StatusSpan { get; init; }

    /// <summary>"file#name", unique within a repository unless a name is duplicated.</summary>
    public string DisplayName => $"{FilePath}#{Name}";

    /// <summary>The file and stream name of a <see cref="DisplayName"/> (<c>FILE#NAME</c>); a key without '#' is both.</summary>
    public static (string FilePath, string Name) SplitDisplayName(string displayName)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        var hash = displayName.LastIndexOf('#');
        return hash < 0 ? (displayName, displayName) : (displayName[..hash], displayName[(hash + 1)..]);
    }
}

public enum TagSourceKind
{
    DockerImage,
    ImageStreamTag,
    ImageStreamImage,
}

public enum ImportMode
{
    Legacy,
    PreserveOriginal,
}

/// <summary><c>spec.tags[].from</c>.</summary>
public sealed record TagSource(TagSourceKind Kind, string Name, string? Namespace = null);

/// <summary><c>spec.tags[].importPolicy</c>; <see cref="Scheduled"/> is null when the field is not written.</summary>
public sealed record TagImportPolicy(bool? Scheduled = null, bool Insecure = false, ImportMode ImportMode = ImportMode.Legacy)
{
    public static TagImportPolicy Default { get; } = new();
}

/// <summary>One entry of <c>spec.tags</c>.</summary>
public sealed record SpecTag
{
    public required string Name { get; init; }
    public TagSource? From { get; init; }
    public bool Reference { get; init; }
    public long? Generation { get; init; }
    public TagImportPolicy ImportPolicy { get; init; } = TagImportPolicy.Default;

    /// <summary><c>referencePolicy.type</c> as written (Source or Local), or null.</summary>
    public string? ReferencePolicyType { get; init; }

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
    public required SourceLocation Location { get; init; }

    /// <summary>
    /// Not written in the file: a tag of <c>spec.dockerImageRepository</c> that this run imports, as the
    /// spec tag OpenShift's importer would create for it (semantics 2.11). Only its status is written.
    /// </summary>
    public bool Imported { get; init; }
}
