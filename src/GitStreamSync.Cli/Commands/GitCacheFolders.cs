using System.Security.Cryptography;
using System.Text;

namespace GitStreamSync.Cli.Commands;

/// <summary>
/// Where a repository's clone is kept. A run over one repository uses the cache folder itself, as
/// it always has; a run over many gives each repository its own folder under it (named for the
/// repository, plus a hash of its location), since a cache folder holds one clone and two
/// repositories in one folder would throw each other's clone away on every run.
/// </summary>
internal static class GitCacheFolders
{
    public static string? For(string? cacheRoot, string location, bool oneOfMany) =>
        cacheRoot is null || !oneOfMany ? cacheRoot : Path.Combine(cacheRoot, Name(location));

    internal static string Name(string location)
    {
        var trimmed = location.TrimEnd('/', '\\');
        var last = trimmed[(trimmed.LastIndexOfAny(['/', '\\', ':']) + 1)..];
        if (last.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            last = last[..^4];
        }

        var name = new string([.. last.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')]).Trim('.');
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(location)))[..12];
        return (name.Length == 0 ? "repository" : name[..Math.Min(name.Length, 40)]) + "-" + hash;
    }
}
