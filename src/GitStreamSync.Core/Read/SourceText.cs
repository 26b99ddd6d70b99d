namespace GitStreamSync.Core.Read;

/// <summary>
/// A repository file as text; <see cref="Path"/> is relative to the repository root with '/' separators.
/// <see cref="Text"/> is the file's exact content decoded as UTF-8: a byte-order mark stays as a
/// leading U+FEFF and line endings stay as written, so writing the text back reproduces the bytes.
/// </summary>
public sealed record SourceFile(string Path, string Text);

/// <summary>1-based line and column, as editors and GitHub annotations count them.</summary>
public readonly record struct SourceLocation(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}

/// <summary>A range of characters (UTF-16 offsets) in a file's text, end exclusive.</summary>
public readonly record struct TextSpan(int Start, int End)
{
    public int Length => End - Start;
}

public enum DocumentFormat
{
    Yaml,
    Json,
}
