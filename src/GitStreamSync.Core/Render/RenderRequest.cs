using GitStreamSync.Core.Read;

namespace GitStreamSync.Core.Render;

/// <summary>What to render from which files; <see cref="Stream"/> (a name or <c>FILE#NAME</c>) keeps one stream.</summary>
/// <see cref="Workloads"/>, when given, are the manifests whose images are pinned too.
internal sealed record RenderRequest(IReadOnlyList<SourceFile> Files, RenderFormat Format, string? Stream = null)
{
    public IReadOnlyList<SourceFile>? Workloads { get; init; }
}

/// <summary>One file of the rendered output: its name in an output folder and its text.</summary>
internal sealed record RenderedFile(string Name, string Text);

/// <summary>
/// The rendered files, the tags left out because no reviewed digest is known, and the files that
/// could not be read (each still leaves every other stream rendered).
/// </summary>
internal sealed record RenderResult(
    RenderFormat Format,
    IReadOnlyList<RenderedFile> Files,
    IReadOnlyList<MissingDigest> Missing,
    IReadOnlyList<Problem> Problems,
    int StreamCount)
{
    /// <summary>Every manifest of the workloads folder (same relative paths), workload images pinned.</summary>
    public IReadOnlyList<RenderedFile> Workloads { get; init; } = [];

    /// <summary>Workload images that name a stream tag without a reviewed digest, or triggers that cannot be followed.</summary>
    public IReadOnlyList<Problem> Unpinned { get; init; } = [];

    /// <summary>Paths (in <see cref="Workloads"/>) of the files that hold a workload.</summary>
    public IReadOnlySet<string> WorkloadFiles { get; init; } = new HashSet<string>();

    /// <summary>The output as one text for stdout: YAML documents separated by <c>---</c>, or the single file.</summary>
    public string ToStandardOutput() => Format == RenderFormat.OpenShift
        ? string.Concat(Files.Select(file => "---\n" + file.Text))
        : string.Concat(Files.Select(file => file.Text));
}
