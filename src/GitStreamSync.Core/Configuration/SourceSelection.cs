using GitStreamSync.Core.Read;

namespace GitStreamSync.Core.Configuration;

/// <summary>
/// Which files of a repository are read as ImageStreams, the one rule every command follows
/// (<c>validate</c>, <c>plan</c>, <c>sync</c>, the worker, <c>rollback</c>, <c>get</c>,
/// <c>describe</c>, <c>render</c>), for a folder on disk and a Git tree alike: the names
/// <see cref="ImageStreamReader.IsCandidate"/> looks at, inside the <c>paths</c> setting, outside
/// any folder named <c>.git</c>, <c>bin</c>, <c>obj</c> or <c>node_modules</c> (build output and
/// package caches, full of YAML and JSON that is not the team's), and never the settings file.
/// </summary>
internal sealed class SourceSelection(PathFilter paths)
{
    /// <summary>Every candidate file outside the skipped folders: no <c>paths</c> setting.</summary>
    public static SourceSelection Everything { get; } = new(PathFilter.All);

    /// <summary>True for a folder name whose contents are never read, wherever it is: a reader need not enter it.</summary>
    public static bool IsSkippedFolder(string name) => name is ".git" or "bin" or "obj" or "node_modules";

    /// <summary>True when the file at <paramref name="path"/> ('/'-separated, relative to the root) is read.</summary>
    public bool Includes(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ImageStreamReader.IsCandidate(path)
            && path != RepositoryConfig.FileName
            && !InSkippedFolder(path)
            && paths.Includes(path);
    }

    private static bool InSkippedFolder(string path)
    {
        var folders = path.Split('/');
        for (var i = 0; i < folders.Length - 1; i++)
        {
            if (IsSkippedFolder(folders[i]))
            {
                return true;
            }
        }

        return false;
    }
}
