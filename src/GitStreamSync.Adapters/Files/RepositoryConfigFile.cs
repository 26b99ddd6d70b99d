using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Read;
namespace GitStreamSync.Adapters.Files;

/// <summary>
/// Loads <c>.gitstreamsync.yaml</c> from disk: the file given with <c>--config</c>, else the one at
/// the repository root, else the defaults. Time zones come from the machine's zone database.
/// </summary>
internal static class RepositoryConfigFile
{
    public static RepositoryConfigReadResult Load(string repositoryRoot, string? explicitPath)
    {
        var path = explicitPath ?? Path.Combine(repositoryRoot, RepositoryConfig.FileName);
        if (!File.Exists(path))
        {
            return explicitPath is null
                ? new RepositoryConfigReadResult(RepositoryConfig.Default, [])
                : throw new FileNotFoundException($"no such settings file: {explicitPath}", explicitPath);
        }

        // Relative to the repository when the file is inside it, like every other problem's path.
        var relative = Path.GetRelativePath(repositoryRoot, path).Replace('\\', '/');
        var display = relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? Path.GetFullPath(path) : relative;
        var (file, problem) = RepositoryFileSource.ReadText(path, display);
        if (file is null)
        {
            return new RepositoryConfigReadResult(RepositoryConfig.Default, [problem!]);
        }

        // A --config file that lists repositories is checked as that list; the folder keeps its own settings.
        if (explicitPath is not null && RepositoryListReader.Read(file) is { Repositories: not null } listed)
        {
            var own = Load(repositoryRoot, null);
            return own with { Problems = [.. listed.Problems, .. own.Problems] };
        }

        return RepositoryConfigReader.Read(file, FindTimeZone);
    }

    public static TimeZoneInfo? FindTimeZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
}
