using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Read;
using System.Text;

namespace GitStreamSync.Adapters.Files;

/// <summary>The candidate files of a folder, as text, and the ones that could not be read as text.</summary>
internal sealed record RepositoryFileSet(IReadOnlyList<SourceFile> Files, IReadOnlyList<Problem> Problems);

/// <summary>
/// Reads a repository folder on disk (a working copy, for <c>validate</c>): every file the
/// include test accepts, outside <c>.git</c>, <c>bin</c>, <c>obj</c> and <c>node_modules</c>.
/// Paths are relative to the root with '/' separators, as the Git workspace gives them.
/// </summary>
internal sealed class RepositoryFileSource(string root)
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal) { ".git", "bin", "obj", "node_modules" };

    // Strict decoding: a file that is not UTF-8 is reported rather than read as mojibake. A BOM
    // stays in the text as U+FEFF, as in the Git workspace, so offsets match the bytes' order.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public string Root { get; } = Path.GetFullPath(root);

    public RepositoryFileSet Read(Func<string, bool> include)
    {
        ArgumentNullException.ThrowIfNull(include);
        if (!Directory.Exists(Root))
        {
            throw new DirectoryNotFoundException($"no such folder: {Root}");
        }

        var files = new List<SourceFile>();
        var problems = new List<Problem>();
        foreach (var path in Enumerate(Root))
        {
            var relative = Path.GetRelativePath(Root, path).Replace('\\', '/');
            if (!include(relative))
            {
                continue;
            }

            var text = ReadText(path);
            if (text is null)
            {
                problems.Add(new Problem(relative, new SourceLocation(1, 1), "the file is not valid UTF-8 text"));
            }
            else
            {
                files.Add(new SourceFile(relative, text));
            }
        }

        return new RepositoryFileSet(files, problems);
    }

    /// <summary>The <c>*.yaml</c>, <c>*.yml</c> and <c>*.json</c> files the <c>paths</c> setting includes.</summary>
    public RepositoryFileSet ReadManifests(PathFilter paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Read(relative => ImageStreamReader.IsCandidate(relative) && paths.Includes(relative) && relative != RepositoryConfig.FileName);
    }

    /// <summary>The text of one file, or null when it is not UTF-8.</summary>
    public static string? ReadText(string path)
    {
        try
        {
            return StrictUtf8.GetString(File.ReadAllBytes(path));
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static IEnumerable<string> Enumerate(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            yield return file;
        }

        foreach (var sub in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(sub);
            var attributes = File.GetAttributes(sub);
            if (SkippedFolders.Contains(name) || attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                continue;
            }

            foreach (var file in Enumerate(sub))
            {
                yield return file;
            }
        }
    }
}
