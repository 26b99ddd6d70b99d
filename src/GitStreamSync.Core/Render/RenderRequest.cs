using GitStreamSync.Core.Read;

namespace GitStreamSync.Core.Render;

/// <summary>What to render from which files; <see cref="Stream"/> (a name or <c>FILE#NAME</c>) keeps one stream.</summary>
internal sealed record RenderRequest(IReadOnlyList<SourceFile> Files, RenderFormat Format, string? Stream = null);

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
    /// <summary>The output as one text for stdout: YAML documents separated by <c>---</c>, or the single file.</summary>
    public string ToStandardOutput() => Format == RenderFormat.OpenShift
        ? string.Concat(Files.Select(file => "---\n" + file.Text))
        : string.Concat(Files.Select(file => file.Text));
}
