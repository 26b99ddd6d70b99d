using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Read;

namespace GitStreamSync.Cli.Commands;

/// <summary>Which repositories a <c>sync</c> or <c>worker</c> serves, and the settings file each reads.</summary>
/// <param name="Many">Several repositories (or a <c>repositories:</c> list of one); null: one repository, as given.</param>
/// <param name="ConfigFile">The file <c>--config</c> gave as every repository's settings; null when it lists repositories (each then reads its own).</param>
internal sealed record RepositorySelection(IReadOnlyList<RepositoryEntry>? Many, SourceFile? ConfigFile)
{
    /// <summary>
    /// URLs on the command line win over the file's <c>repositories:</c> (as Renovate's do); a URL
    /// the file lists keeps its entry's overrides. A file with problems is a usage error naming the
    /// first one (file, line, column), before any network call.
    /// </summary>
    public static RepositorySelection Read(SourceFile? configFile, IReadOnlyList<string> given)
    {
        ArgumentNullException.ThrowIfNull(given);
        var listed = configFile is null ? null : RepositoryListReader.Read(configFile);
        if (listed is { Problems.Count: > 0 })
        {
            throw new RepositoryConfigFormatException(listed.Problems);
        }

        if (listed?.Repositories is not { } entries)
        {
            return new RepositorySelection(given.Count > 1 ? [.. given.Select(RepositoryEntry.Of)] : null, configFile);
        }

        if (given.Count == 0)
        {
            return new RepositorySelection(entries, null);
        }

        var byUrl = entries.ToDictionary(e => e.Url, StringComparer.Ordinal);
        return new RepositorySelection([.. given.Distinct(StringComparer.Ordinal).Select(url => byUrl.GetValueOrDefault(url) ?? RepositoryEntry.Of(url))], null);
    }
}
