using GitStreamSync.Core.Read;
using GitStreamSync.Core.Schedule;
using YamlDotNet.RepresentationModel;

namespace GitStreamSync.Core.Configuration;

/// <summary>The settings read from a config file, and what was wrong in it (each with line and column).</summary>
internal sealed record RepositoryConfigReadResult(RepositoryConfig Config, IReadOnlyList<Problem> Problems);

/// <summary>
/// Reads <c>.gitstreamsync.yaml</c> text. A wrong value or an unknown key is a problem with file,
/// line and column; the rest of the file is still read, and a wrong value keeps its default.
/// </summary>
internal static class RepositoryConfigReader
{
    /// <param name="file">The config file's path (for problems) and text.</param>
    /// <param name="findTimeZone">Looks up an IANA zone id; the caller owns the zone database.</param>
    public static RepositoryConfigReadResult Read(SourceFile file, Func<string, TimeZoneInfo?> findTimeZone)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(findTimeZone);
        var problems = new List<Problem>();
        if (SettingsYaml.LoadRoot(file, problems) is not { } root)
        {
            return new RepositoryConfigReadResult(RepositoryConfig.Default, problems);
        }

        var values = new ConfigValues(file.Path, problems);
        var config = ReadRoot(root, values);
        CheckSchedule(root, config, values, findTimeZone);
        return new RepositoryConfigReadResult(config, problems);
    }

    /// <summary>Reads the text and throws <see cref="RepositoryConfigFormatException"/> on the first problem.</summary>
    public static RepositoryConfig Parse(string text, Func<string, TimeZoneInfo?> findTimeZone, string path = RepositoryConfig.FileName)
    {
        var result = Read(new SourceFile(path, text), findTimeZone);
        return result.Problems.Count == 0 ? result.Config : throw new RepositoryConfigFormatException(result.Problems);
    }

    private static RepositoryConfig ReadRoot(YamlMappingNode root, ConfigValues values)
    {
        var config = RepositoryConfig.Default;
        foreach (var (key, value) in values.Entries(root, "paths", "schedule", "timeZone", "platform", "historyLimit", "maxImagesBulkImportedPerRepository", "branch", "baseBranch", "pullRequests", "registries", "strictOpenShiftScheduling", "rollback", "minimumAge", "verify", RepositoryListReader.Key))
        {
            config = key switch
            {
                "paths" => config with { Paths = values.Strings(value, key) ?? config.Paths },
                "schedule" => config with { Schedule = values.String(value, key) },
                "timeZone" => config with { TimeZone = values.String(value, key) },
                "platform" => config with { Platform = ReadPlatform(value, values) },
                "historyLimit" => config with { HistoryLimit = values.Integer(value, key, minimum: 1) ?? config.HistoryLimit },
                "maxImagesBulkImportedPerRepository" => config with { MaxImagesBulkImportedPerRepository = values.Integer(value, key, minimum: -1) ?? config.MaxImagesBulkImportedPerRepository },
                "branch" => config with { Branch = values.String(value, key) },
                "baseBranch" => config with { BaseBranch = values.String(value, key) },
                "pullRequests" => config with { PullRequests = ReadPullRequests(value, values) },
                "registries" => config with { Registries = ReadRegistries(value, values) },
                "rollback" => ReadRollback(config, value, values),
                "minimumAge" => config with { MinimumAge = ReadDuration(value, values, key) },
                "verify" => config with { Verify = VerifySettingsReader.Read(value, values) },
                RepositoryListReader.Key => NotHere(config, value, values),
                _ => config with { StrictOpenShiftScheduling = values.Boolean(value, key) ?? false },
            };
        }

        return config;
    }

    /// <summary>A repository's own settings are its own: the list of repositories lives in the file given with <c>--config</c>.</summary>
    private static RepositoryConfig NotHere(RepositoryConfig config, YamlNode node, ConfigValues values)
    {
        values.Report(node, "repositories: lists the repositories of a run in the file given with --config; a repository's own settings cannot name others");
        return config;
    }

    private static TimeSpan? ReadDuration(YamlNode node, ConfigValues values, string key)
    {
        var text = values.String(node, key);
        if (text is null)
        {
            return null;
        }

        if (DurationText.TryParse(text, out var duration))
        {
            return duration;
        }

        values.Report(node, $"{key} '{text}' is not a duration such as 12h, 3d or 0");
        return null;
    }

    private static Images.Platform? ReadPlatform(YamlNode node, ConfigValues values)
    {
        var text = values.String(node, "platform");
        if (text is null)
        {
            return null;
        }

        if (Images.Platform.TryParse(text, out var platform))
        {
            return platform;
        }

        values.Report(node, $"platform '{text}' is not OS/ARCH or OS/ARCH/VARIANT, e.g. linux/arm64");
        return null;
    }

    /// <summary><c>rollback: {historyDepth: 500, includeRejected: [STREAM:TAG | FILE#STREAM:TAG, ...]}</c>.</summary>
    private static RepositoryConfig ReadRollback(RepositoryConfig config, YamlNode node, ConfigValues values)
    {
        if (values.Mapping(node, "rollback") is not { } mapping)
        {
            return config;
        }

        foreach (var (key, value) in values.Entries(mapping, "historyDepth", "includeRejected"))
        {
            config = key == "historyDepth"
                ? config with { HistoryDepth = values.Integer(value, "rollback.historyDepth", minimum: 1) ?? config.HistoryDepth }
                : config with { IncludeRejected = values.Strings(value, "rollback.includeRejected") ?? [] };
        }

        return config;
    }

    private static PullRequestSettings ReadPullRequests(YamlNode node, ConfigValues values)
    {
        var settings = PullRequestSettings.Default;
        if (values.Mapping(node, "pullRequests") is not { } mapping)
        {
            return settings;
        }

        foreach (var (key, value) in values.Entries(mapping, "title", "labels", "reviewers", "teamReviewers", "assignees", "draft", "groupBy", "maxOpen", "author"))
        {
            var label = "pullRequests." + key;
            settings = key switch
            {
                "title" => settings with { Title = values.String(value, label) },
                "labels" => settings with { Labels = values.Strings(value, label) ?? [] },
                "reviewers" => settings with { Reviewers = values.Strings(value, label) ?? [] },
                "teamReviewers" => settings with { TeamReviewers = ReadTeams(value, values) },
                "assignees" => settings with { Assignees = values.Strings(value, label) ?? [] },
                "draft" => settings with { Draft = values.Boolean(value, label) ?? false },
                "groupBy" => settings with { GroupBy = ReadGrouping(value, values) },
                "author" => settings with { Author = ReadLogin(value, values, label) },
                _ => settings with { MaxOpen = values.Integer(value, label, minimum: 1) },
            };
        }

        return settings;
    }

    private static string? ReadLogin(YamlNode node, ConfigValues values, string label)
    {
        var login = values.String(node, label);
        if (login is null || Configuration.PullRequestOwnership.IsLogin(login))
        {
            return login;
        }

        values.Report(node, $"{label} '{login}' is not a GitHub login: letters, digits and single hyphens, at most 39 characters, " +
            "no hyphen first or last; an App's bot is NAME[bot], e.g. github-actions[bot]");
        return null;
    }

    /// <summary>Each entry a team's slug, <c>team</c> or <c>org/team</c> (GitHub takes the slug; the org must own the repository).</summary>
    private static IReadOnlyList<string> ReadTeams(YamlNode node, ConfigValues values)
    {
        var teams = values.Strings(node, "pullRequests.teamReviewers") ?? [];
        IEnumerable<YamlNode> items = node is YamlSequenceNode sequence ? sequence.Children : [node];
        foreach (var item in items)
        {
            if (item is YamlScalarNode { Value: { Length: > 0 } text } && !Configuration.TeamReviewer.IsWellFormed(text))
            {
                values.Report(item, $"pullRequests.teamReviewers: '{text}' is not a team slug, e.g. platform-team or acme/platform-team");
            }
        }

        return [.. teams.Where(Configuration.TeamReviewer.IsWellFormed)];
    }

    private static PullRequestGrouping ReadGrouping(YamlNode node, ConfigValues values)
    {
        switch (values.String(node, "pullRequests.groupBy"))
        {
            case null or "base":
                return PullRequestGrouping.Base;
            case "stream":
                return PullRequestGrouping.Stream;
            case var other:
                values.Report(node, $"pullRequests.groupBy '{other}' is not 'base' or 'stream'");
                return PullRequestGrouping.Base;
        }
    }

    private static RegistrySettings ReadRegistries(YamlNode node, ConfigValues values)
    {
        if (values.Mapping(node, "registries") is not { } mapping)
        {
            return RegistrySettings.Empty;
        }

        var mirrors = new List<RegistryMirror>();
        var insecureHosts = new List<string>();
        var mirrorOnlyHosts = new List<string>();

        foreach (var (hostNode, settingsNode) in mapping.Children)
        {
            var host = (hostNode as YamlScalarNode)?.Value?.Trim().ToLowerInvariant();
            if (string.IsNullOrEmpty(host) || host.Contains('/', StringComparison.Ordinal))
            {
                values.Report(hostNode, "a registries key is a registry host, e.g. docker.io or localhost:5000");
                continue;
            }

            if (values.Mapping(settingsNode, $"registries.{host}") is { } hostMapping)
            {
                foreach (var (key, value) in values.Entries(hostMapping, "mirrors", "mirrorOnly", "insecure"))
                {
                    if (key == "mirrors")
                    {
                        mirrors.AddRange(ReadMirrors(value, host, values));
                    }
                    else if (key == "mirrorOnly")
                    {
                        if (values.Boolean(value, $"registries.{host}.mirrorOnly") == true)
                        {
                            mirrorOnlyHosts.Add(host);
                        }
                    }
                    else if (values.Boolean(value, $"registries.{host}.insecure") == true)
                    {
                        insecureHosts.Add(host);
                    }
                }
            }
        }

        return new RegistrySettings(mirrors, insecureHosts, mirrorOnlyHosts);
    }

    private static List<RegistryMirror> ReadMirrors(YamlNode node, string host, ConfigValues values)
    {
        var mirrors = new List<RegistryMirror>();
        if (node is not YamlSequenceNode sequence)
        {
            values.Report(node, $"registries.{host}.mirrors must be a list of URLs");
            return mirrors;
        }

        foreach (var item in sequence.Children)
        {
            try
            {
                mirrors.Add(RegistryMirror.Create(host, (item as YamlScalarNode)?.Value));
            }
            catch (RegistryMirrorFormatException exception)
            {
                values.Report(item, $"registries.{host}.mirrors: {exception.Message}");
            }
        }

        return mirrors;
    }

    private static void CheckSchedule(YamlMappingNode root, RepositoryConfig config, ConfigValues values, Func<string, TimeZoneInfo?> findTimeZone)
    {
        var zone = TimeZoneInfo.Utc;
        if (config.TimeZone is { } zoneId && root.Children.TryGetValue(new YamlScalarNode("timeZone"), out var zoneNode))
        {
            var found = findTimeZone(zoneId);
            zone = found ?? TimeZoneInfo.Utc;
            if (found is null)
            {
                values.Report(zoneNode, $"timeZone '{zoneId}' is not a known IANA time zone, e.g. Europe/Berlin or UTC");
            }
        }

        if (config.Schedule is { } cron && root.Children.TryGetValue(new YamlScalarNode("schedule"), out var cronNode)
            && !CronSchedule.TryParse(cron, zone, out _, out var error))
        {
            values.Report(cronNode, $"schedule '{cron}' is not a cron expression: {error}");
        }
    }
}

/// <summary>The settings file has problems; the message names the first one as <c>file:line:col: message</c>.</summary>
internal sealed class RepositoryConfigFormatException(IReadOnlyList<Problem> problems)
    : FormatException(problems.Count == 1 ? problems[0].ToString() : $"{problems[0]} (and {problems.Count - 1} more)")
{
    public IReadOnlyList<Problem> Problems { get; } = problems;
}
