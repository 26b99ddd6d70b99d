using System.Buffers;
using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Read;

namespace GitStreamSync.Adapters.Files;

/// <summary>
/// Reads a repository folder on disk (a working copy, for <c>validate</c> and <c>plan</c>): every
/// file the include test accepts, never entering a folder <see cref="SourceSelection"/> skips.
/// Paths are relative to the root with '/' separators, as the Git workspace gives them.
/// The folder is written by others, so it is read as Git would store it: a symbolic link (to a file
/// or a folder) is reported and never followed, so nothing outside the root is read, and an entry
/// that cannot be read (a dangling link, a loop, no permission, too large, not UTF-8) is a problem
/// for that path while every other file is still read.
/// </summary>
internal sealed class RepositoryFileSource(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public SourceFileSet Read(Func<string, bool> include)
    {
        ArgumentNullException.ThrowIfNull(include);
        if (!Directory.Exists(Root))
        {
            throw new DirectoryNotFoundException($"no such folder: {Root}");
        }

        var files = new List<SourceFile>();
        var problems = new List<Problem>();
        Walk(Root, include, files, problems);
        return new SourceFileSet(files, problems);
    }

    /// <summary>The files every command reads as ImageStreams, under the <c>paths</c> setting (<see cref="SourceSelection"/>).</summary>
    public SourceFileSet ReadManifests(PathFilter paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Read(new SourceSelection(paths).Includes);
    }

    /// <summary>The text of one file (the settings file), or the problem that keeps it from being read; <paramref name="display"/> names it in the problem.</summary>
    public static (SourceFile? File, Problem? Problem) ReadText(string path, string display)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is not null)
            {
                return (null, SourceDecoder.SymbolicLink(display));
            }

            // An empty file is not opened: a named pipe (also size 0) would block the run until something writes to it.
            return info.Length > SourceDecoder.MaxFileBytes ? (null, SourceDecoder.TooLarge(display, info.Length))
                : info.Length == 0 ? (new SourceFile(display, ""), null)
                : ReadBounded(path, display, info.Length);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, SourceDecoder.Unreadable(display, ex.Message));
        }
    }

    private void Walk(string folder, Func<string, bool> include, List<SourceFile> files, List<Problem> problems)
    {
        string[] entries;
        try
        {
            entries = [.. Directory.EnumerateFileSystemEntries(folder)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add(SourceDecoder.Unreadable(Relative(folder) + "/", ex.Message));
            return;
        }

        // Files first, then folders, each in ordinal order, as before and as Git lists a tree's paths.
        // Lists of strings, not LINQ over (path, info) pairs: LINQ over a tuple is compiled at run time.
        var foundFiles = new List<string>();
        var foundFolders = new List<string>();
        foreach (var entry in entries)
        {
            try
            {
                var isFolder = Directory.Exists(entry) && new DirectoryInfo(entry).LinkTarget is null;
                (isFolder ? foundFolders : foundFiles).Add(entry);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                AddUnreadable(entry, ex, include, problems);
            }
        }

        foundFiles.Sort(StringComparer.Ordinal);
        foundFolders.Sort(StringComparer.Ordinal);
        foreach (var path in foundFiles)
        {
            var relative = Relative(path);
            if (!include(relative))
            {
                continue;
            }

            var (file, problem) = ReadText(path, relative);
            if (file is not null)
            {
                files.Add(file);
            }
            else
            {
                problems.Add(problem!);
            }
        }

        foreach (var path in foundFolders)
        {
            if (!SourceSelection.IsSkippedFolder(Path.GetFileName(path)))
            {
                Walk(path, include, files, problems);
            }
        }
    }

    private void AddUnreadable(string path, Exception ex, Func<string, bool> include, List<Problem> problems)
    {
        var relative = Relative(path);
        if (include(relative))
        {
            problems.Add(SourceDecoder.Unreadable(relative, ex.Message));
        }
    }

    /// <summary>
    /// The file's bytes, decoded. A buffer sized from the length seen before opening, plus one byte
    /// to notice a file that grew since, rented from the shared pool: the buffers of a run are reused
    /// from file to file instead of each file allocating (and clearing) a new chunk and a copy. A file
    /// that grows while it is read is read until at most one byte more than the limit, so it is still refused.
    /// </summary>
    private static (SourceFile? File, Problem? Problem) ReadBounded(string path, string display, long length)
    {
        const int Limit = (int)SourceDecoder.MaxFileBytes + 1;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(length + 1, Limit));
        try
        {
            var total = 0;
            while (true)
            {
                var capacity = Math.Min(buffer.Length, Limit);
                if (total == capacity)
                {
                    if (capacity == Limit)
                    {
                        break;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(2L * capacity, Limit));
                    buffer.AsSpan(0, total).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                    continue;
                }

                var read = stream.Read(buffer, total, capacity - total);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            return SourceDecoder.Decode(display, buffer.AsSpan(0, total));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');
}
