using LibGit2Sharp;

namespace GitStreamSync.Adapters.GitHub;

/// <summary>The URL that names the hosting repository for a sync location.</summary>
internal static class GitRemote
{
    /// <summary>
    /// A URL (or scp-like address) as given; for a local working copy or bare repository, the URL of
    /// its <c>origin</c> remote, because that is where the branch was pushed; else the path itself.
    /// </summary>
    public static string Of(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.Contains("://", StringComparison.Ordinal) || !Directory.Exists(location) || Repository.Discover(location) is not { } found)
        {
            return location;
        }

        using var repository = new Repository(found);
        return repository.Network.Remotes["origin"]?.Url ?? location;
    }
}
