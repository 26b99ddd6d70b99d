namespace GitStreamSync.Core.Read;

/// <summary>
/// What reading a repository's files gave: each file that is text, and a problem for each one that
/// is not (a symbolic link, too large, not UTF-8, holding a NUL byte, unreadable). One bad entry
/// never hides the others.
/// </summary>
public sealed record SourceFileSet(IReadOnlyList<SourceFile> Files, IReadOnlyList<Problem> Problems)
{
    public static SourceFileSet Empty { get; } = new([], []);
}
