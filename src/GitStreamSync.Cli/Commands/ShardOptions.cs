using System.CommandLine;
using GitStreamSync.Adapters.Files;
using GitStreamSync.Core.Run;
using GitStreamSync.Core.Schedule;
using GitStreamSync.Core.Select;

namespace GitStreamSync.Cli.Commands;

/// <summary>
/// Sharded resolution on the command line: <c>plan --shard K/N --resolutions-out FILE</c> on each
/// machine, then one <c>sync --resolutions FILE...</c> that writes to Git (README, Sharded resolution).
/// </summary>
internal static class ShardOptions
{
    public static Option<string?> Shard() => new("--shard")
    {
        Description = "Resolve only the streams of shard K of N (K from 0 to N-1, e.g. $JOB_COMPLETION_INDEX/4); a stream's shard depends on its file path and name",
        HelpName = "K/N",
    };

    public static Option<string?> ResolutionsOut() => new("--resolutions-out")
    {
        Description = "Write the shard's resolutions (digests, platform choices, failures, base commit) as JSON to FILE, for sync --resolutions",
        HelpName = "FILE",
    };

    public static Option<string[]> Resolutions() => new("--resolutions")
    {
        Description = "Apply the resolutions files of plan --shard (all shards of one run; a folder means its *.json files): their streams are due, their tags are not asked of a registry",
        HelpName = "FILE",
        AllowMultipleArgumentsPerToken = true,
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static Option<string> MaxResolutionAge() => new("--max-resolution-age")
    {
        Description = "Refuse resolutions files older than this (e.g. 30m, 2h)",
        HelpName = "AGE",
        DefaultValueFactory = _ => "1h",
    };

    public static Shard? ReadShard(string? text) =>
        text is null ? null
        : Core.Select.Shard.TryParse(text, out var shard, out var error) ? shard
        : throw new UsageException("--shard " + error);

    /// <summary>Reads and checks the files before any network call: a bad, stale or overlapping file is a usage error naming it.</summary>
    public static KnownResolutions? ReadKnown(CommandRun run, string[]? files, string maxAgeText, DateTimeOffset now)
    {
        if (files is not { Length: > 0 })
        {
            return null;
        }

        if (!DurationText.TryParse(maxAgeText, out var maxAge) || maxAge <= TimeSpan.Zero)
        {
            throw new UsageException($"--max-resolution-age '{maxAgeText}' is not a duration such as 30m, 1h or 1h30m");
        }

        var sets = new List<ResolutionSet>();
        foreach (var file in Expand(run, files))
        {
            try
            {
                sets.Add(ResolutionsFile.Read(run.Environment.ResolvePath(file)) with { Source = file });
            }
            catch (Exception exception) when (exception is FormatException or IOException or UnauthorizedAccessException)
            {
                throw new UsageException(exception.Message.Replace(run.Environment.ResolvePath(file), file, StringComparison.Ordinal), exception);
            }
        }

        try
        {
            return KnownResolutions.Combine(sets, now, maxAge);
        }
        catch (ResolutionsRefusedException refused)
        {
            throw new UsageException(refused.Message, refused);
        }
    }

    /// <summary>
    /// A folder stands for its <c>*.json</c> files in name order (the engines' shared volume or
    /// downloaded artifacts, where the release image has no shell to expand a glob); an empty folder is an error.
    /// </summary>
    private static IEnumerable<string> Expand(CommandRun run, string[] files)
    {
        foreach (var file in files)
        {
            var full = run.Environment.ResolvePath(file);
            if (!Directory.Exists(full))
            {
                yield return file;
                continue;
            }

            var inside = Directory.GetFiles(full, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            if (inside.Count == 0)
            {
                throw new UsageException($"{file}: a folder without resolutions files (*.json); did the shards write elsewhere?");
            }

            foreach (var name in inside)
            {
                yield return Path.Combine(file, name!);
            }
        }
    }

    /// <summary>The shard's answers as the run found them, for <c>--resolutions-out</c>.</summary>
    public static void Write(CommandRun run, string path, SyncReport report, Shard shard, DateTimeOffset madeAt) =>
        ResolutionsFile.Write(run.Environment.ResolvePath(path), new ResolutionSet
        {
            Source = path,
            Repository = report.Repository,
            BaseBranch = report.BaseBranch,
            BaseCommit = report.BaseCommit,
            MadeAt = madeAt,
            Shard = shard,
            Streams = report.DueStreams,
            Resolutions = report.Resolutions,
            Listings = report.Listings,
        });
}
