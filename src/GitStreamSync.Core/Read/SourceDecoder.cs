using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace GitStreamSync.Core.Read;

/// <summary>
/// Turns a repository file's bytes into text the readers may trust, the same way for a folder on
/// disk and for a Git tree: the repository is written by others (pull requests from many teams), so
/// a file that is not UTF-8 text, holds a NUL byte or is larger than <see cref="MaxFileBytes"/> is a
/// problem with its place, never a crash and never a silent skip. A symbolic link is never followed:
/// Git stores it as a path, and following it could read outside the repository.
/// </summary>
internal static class SourceDecoder
{
    /// <summary>
    /// The largest file read: 10 MiB. The largest ImageStream files in public repositories are a few
    /// hundred kilobytes (release payloads with hundreds of tags); anything bigger is not one.
    /// </summary>
    public const long MaxFileBytes = 10L * 1024 * 1024;

    public const string SymbolicLinkMessage = "file: symbolic link, not read";

    public static Problem SymbolicLink(string path) => new(path, new SourceLocation(1, 1), SymbolicLinkMessage);

    public static Problem TooLarge(string path, long length) =>
        new(path, new SourceLocation(1, 1), $"file: {length} bytes, more than the 10 MiB limit, not read");

    public static Problem Unreadable(string path, string reason) =>
        new(path, new SourceLocation(1, 1), $"file: could not be read: {reason}");

    /// <summary>The file's text, or the problem that keeps it from being read.</summary>
    public static (SourceFile? File, Problem? Problem) Decode(string path, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxFileBytes)
        {
            return (null, TooLarge(path, bytes.Length));
        }

        var chars = ArrayPool<char>.Shared.Rent(Math.Max(bytes.Length, 1));
        try
        {
            // Strict decoding: a BOM stays in the text as U+FEFF (offsets then match the bytes' order)
            // and an invalid sequence stops at the byte where it starts.
            var status = Utf8.ToUtf16(bytes, chars, out var bytesRead, out var written, replaceInvalidSequences: false);
            if (status != OperationStatus.Done)
            {
                return (null, new Problem(path, Locate(chars.AsSpan(0, written)), $"the file is not valid UTF-8 text (byte 0x{bytes[bytesRead]:X2} at offset {bytesRead})"));
            }

            var text = chars.AsSpan(0, written);
            var nul = text.IndexOf('\0');
            if (nul >= 0)
            {
                // YAML and JSON forbid it, and Git's own test for a binary file is a NUL byte.
                return (null, new Problem(path, Locate(text[..nul]), "the file holds a NUL byte, so it is not YAML or JSON text"));
            }

            return (new SourceFile(path, new string(text)), null);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Line and column just after <paramref name="before"/>, the text that precedes the place.</summary>
    private static SourceLocation Locate(ReadOnlySpan<char> before)
    {
        var line = 1 + before.Count('\n');
        var lineStart = before.LastIndexOf('\n') + 1;
        return new SourceLocation(line, before.Length - lineStart + 1);
    }
}
