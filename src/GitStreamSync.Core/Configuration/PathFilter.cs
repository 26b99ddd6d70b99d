using System.Text;
using System.Text.RegularExpressions;

namespace GitStreamSync.Core.Configuration;

/// <summary>
/// The <c>paths</c> setting: which repository files are read. An entry without wildcards is a
/// folder (or a file) relative to the root; an entry with <c>*</c>, <c>**</c> or <c>?</c> is a glob
/// over the whole relative path. No entries means every file.
/// </summary>
internal sealed class PathFilter
{
    private readonly List<string> folders = [];
    private readonly List<Regex> globs = [];

    public PathFilter(IEnumerable<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var raw in entries)
        {
            var entry = Normalize(raw);
            if (entry.Length == 0)
            {
                // "." or "/" names the root: everything.
                folders.Add("");
            }
            else if (entry.IndexOfAny(['*', '?']) >= 0)
            {
                globs.Add(new Regex(ToPattern(entry), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
            }
            else
            {
                folders.Add(entry);
            }
        }
    }

    public static PathFilter All { get; } = new([]);

    public bool IsEverything => (folders.Count == 0 && globs.Count == 0) || folders.Contains("");

    /// <summary>True when <paramref name="relativePath"/> ('/'-separated, relative to the root) is included.</summary>
    public bool Includes(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        if (IsEverything)
        {
            return true;
        }

        var path = Normalize(relativePath);
        return folders.Any(folder => path == folder || path.StartsWith(folder + "/", StringComparison.Ordinal))
            || globs.Any(glob => glob.IsMatch(path));
    }

    private static string Normalize(string path)
    {
        var text = path.Replace('\\', '/').Trim();
        while (text.StartsWith("./", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        return text.Trim('/') is "." ? "" : text.Trim('/');
    }

    private static string ToPattern(string glob)
    {
        var pattern = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                // "**/" matches zero or more folders; a trailing "**" matches the rest.
                var slash = i + 2 < glob.Length && glob[i + 2] == '/';
                pattern.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                pattern.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        return pattern.Append('$').ToString();
    }
}
