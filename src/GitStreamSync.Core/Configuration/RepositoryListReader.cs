using GitStreamSync.Core.Read;
using YamlDotNet.RepresentationModel;

namespace GitStreamSync.Core.Configuration;

/// <summary>
/// Reads <c>repositories:</c> from the file given with <c>--config</c>:
/// <code>
/// repositories:
///   - https://github.com/acme/team-a-images.git
///   - url: https://github.com/acme/team-b-images.git
///     baseBranch: release
///     branch: images/release
///     paths: [imagestreams]
/// </code>
/// A file with this key lists the repositories of the run and nothing else: each repository keeps
/// its settings in its own <c>.gitstreamsync.yaml</c>, and an entry overrides only where the
/// repository is and which branches and paths it uses (like Renovate's <c>repositories</c> objects
/// and a Flux <c>ImageUpdateAutomation</c>'s <c>sourceRef</c>, <c>checkout</c>, <c>push</c> and
/// <c>update.path</c>). A URL with credentials is refused without quoting it: credentials come from
/// the environment.
/// </summary>
internal static class RepositoryListReader
{
    public const string Key = "repositories";

    private static readonly string[] EntryKeys = ["url", "baseBranch", "branch", "paths"];

    public static RepositoryListReadResult Read(SourceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var problems = new List<Problem>();
        var root = SettingsYaml.LoadRoot(file, problems);
        if (root is null || !root.Children.TryGetValue(new YamlScalarNode(Key), out var list))
        {
            // Not a list of repositories: the caller reads the file as one repository's settings.
            return new RepositoryListReadResult(null, []);
        }

        var values = new ConfigValues(file.Path, problems);
        foreach (var (keyNode, _) in root.Children)
        {
            if ((keyNode as YamlScalarNode)?.Value is { } other && other != Key)
            {
                values.Report(keyNode, $"'{other}' next to repositories: each repository keeps its settings in its own .gitstreamsync.yaml; an entry may set {string.Join(", ", EntryKeys)}");
            }
        }

        var entries = new List<RepositoryEntry>();
        if (list is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            values.Report(list, "repositories: must be a list of at least one repository URL, or of mappings with url:");
            return new RepositoryListReadResult(entries, problems);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in sequence.Children)
        {
            if (ReadEntry(item, values) is not { } entry)
            {
                continue;
            }

            if (!seen.Add(entry.Url))
            {
                values.Report(item, $"repositories: {entry.Url} is listed twice");
                continue;
            }

            entries.Add(entry);
        }

        // In the order of the file, as a reader goes through it.
        return new RepositoryListReadResult(entries, [.. problems.OrderBy(p => p.Location.Line).ThenBy(p => p.Location.Column)]);
    }

    private static RepositoryEntry? ReadEntry(YamlNode item, ConfigValues values)
    {
        var at = new SourceLocation((int)item.Start.Line, (int)item.Start.Column);
        if (item is YamlScalarNode)
        {
            return Url(item, values) is { } plain ? new RepositoryEntry(plain, Location: at) : null;
        }

        if (item is not YamlMappingNode mapping)
        {
            values.Report(item, "a repositories entry is a URL or a mapping with url:");
            return null;
        }

        string? url = null;
        var entry = new RepositoryEntry("", Location: at);
        foreach (var (key, value) in values.Entries(mapping, EntryKeys))
        {
            switch (key)
            {
                case "url":
                    url = Url(value, values);
                    break;
                case "baseBranch":
                    entry = entry with { BaseBranch = values.String(value, "repositories.baseBranch") };
                    break;
                case "branch":
                    entry = entry with { Branch = values.String(value, "repositories.branch") };
                    break;
                default:
                    entry = entry with { Paths = values.Strings(value, "repositories.paths") };
                    break;
            }
        }

        if (url is null)
        {
            if (!mapping.Children.ContainsKey(new YamlScalarNode("url")))
            {
                values.Report(item, "a repositories entry needs url:");
            }

            return null;
        }

        return entry with { Url = url };
    }

    private static string? Url(YamlNode node, ConfigValues values)
    {
        var text = values.String(node, "repositories.url")?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            values.Report(node, "repositories.url must name a repository: an http(s):// or file:// URL, a bare repository or a working copy");
            return null;
        }

        // Quoting it back could print a token: the message names the place only.
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0)
        {
            values.Report(node, "credentials in a repository URL are not allowed; pass them through GITSTREAMSYNC_GIT_USERNAME / GITSTREAMSYNC_GIT_PASSWORD (or GITHUB_TOKEN for GitHub)");
            return null;
        }

        return text;
    }
}
