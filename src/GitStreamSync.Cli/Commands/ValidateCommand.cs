using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Schedule;
using GitStreamSync.Core.Select;
using GitStreamSync.Core.Validate;
using System.CommandLine;
using GitStreamSync.Adapters.Files;
using GitStreamSync.Cli.Output;

namespace GitStreamSync.Cli.Commands;

/// <summary>
/// <c>gitstreamsync validate [PATH]</c>: reads every ImageStream and the settings file of a folder and
/// prints each problem as <c>file:line:col: message</c>, then a summary. No network. Exit 0 when
/// clean, 2 when there are problems.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(CliContext context)
    {
        var path = new Argument<string>("PATH")
        {
            Description = "Repository folder, or one ImageStream file, to check",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => ".",
        };
        var command = new Output.CommandWithExamples("validate", "Parse and check every ImageStream and the settings file of a repository folder; no network. Output: -o text (default) or json. Exit 0 when clean, 2 on problems.", CommandExamples.Validate)
        {
            path,
        };
        command.SetAction(parse =>
        {
            using var run = context.Start(parse);
            return Run(run, parse.GetValue(path) ?? ".");
        });
        return command;
    }

    private static int Run(CommandRun run, string path)
    {
        var format = run.Settings.OutputOrDefault("text", "json");
        var full = run.Environment.ResolvePath(path);
        var single = File.Exists(full);
        if (!single && !Directory.Exists(full))
        {
            throw new UsageException($"validate: PATH '{path}': no such file or folder");
        }

        var root = single ? Path.GetDirectoryName(full)! : full;
        var configPath = run.Settings.ConfigPath is { } explicitPath ? run.Environment.ResolvePath(explicitPath) : null;

        // One file named on the command line is checked whatever the `paths` setting says; the
        // settings are read only when --config names them (the file's folder is not the repository root).
        var config = single && configPath is null
            ? new RepositoryConfigReadResult(RepositoryConfig.Default, [])
            : RepositoryConfigFile.Load(root, configPath);
        var files = single ? ReadOne(full) : new RepositoryFileSource(root).ReadManifests(new PathFilter(config.Config.Paths));
        var read = ImageStreamReader.ReadRepository(files.Files);
        var report = RepositoryValidator.Validate(
            read.Streams,
            [.. config.Problems, .. files.Problems, .. read.Problems, .. ScheduleProblems(read.Streams, files.Files, config.Config)],
            read.FileCount + files.Problems.Count);

        var prefix = DisplayPrefix(run.Environment.WorkingDirectory, root);
        string Display(Problem problem) => Path.IsPathRooted(problem.FilePath) ? problem.FilePath : prefix + problem.FilePath;
        if (format == "json")
        {
            WriteJson(run.Out, report, Display);
        }
        else
        {
            WriteText(run.Out, report, Display);
        }

        if (run.Environment.IsGitHubActions)
        {
            foreach (var problem in report.Problems)
            {
                run.Out.WriteLine(GitHubAnnotation.Error(problem, Display(problem)));
            }

            foreach (var warning in report.Warnings)
            {
                run.Out.WriteLine(GitHubAnnotation.Warning(Display(warning), warning.Location, warning.Message));
            }
        }

        return report.IsClean ? ExitCodes.Success : ExitCodes.Usage;
    }

    // One file is read as the folder reader reads each of its files: links, size, UTF-8 and NUL named.
    private static SourceFileSet ReadOne(string file)
    {
        var (read, problem) = RepositoryFileSource.ReadText(file, Path.GetFileName(file));
        return new SourceFileSet(read is null ? [] : [read], problem is null ? [] : [problem]);
    }

    /// <summary>
    /// A per-stream <c>gitstreamsync.io/schedule</c> that is not a cron: the same problem, at the
    /// annotation's line, that a scheduled sync reports (in the settings' time zone).
    /// </summary>
    private static IEnumerable<Problem> ScheduleProblems(IReadOnlyList<ImageStreamDocument> streams, IReadOnlyList<SourceFile> files, RepositoryConfig config)
    {
        var zone = config.TimeZone is { } id ? RepositoryConfigFile.FindTimeZone(id) ?? TimeZoneInfo.Utc : TimeZoneInfo.Utc;
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            texts.TryAdd(file.Path, file.Text);
        }

        // No default cron here: the settings reader already reports a wrong `schedule`.
        return DueStreamSelector.Select(streams, DueRule.All, ScheduleDefaults.Utc with { Zone = zone }, texts).Problems;
    }

    private static void WriteText(TextWriter output, ValidationReport report, Func<Problem, string> display)
    {
        foreach (var problem in report.Problems)
        {
            output.WriteLine($"{display(problem)}:{problem.Location.Line}:{problem.Location.Column}: {problem.Message}");
        }

        foreach (var warning in report.Warnings)
        {
            output.WriteLine($"{display(warning)}:{warning.Location.Line}:{warning.Location.Column}: warning: {warning.Message}");
        }

        var s = report.Summary;
        output.WriteLine(
            $"{Count(s.Files, "file")}, {Count(s.Streams, "ImageStream")}, {Count(s.Tags, "tag")}: "
            + $"{s.DockerImageTags} DockerImage, {s.ImageStreamTagTags} ImageStreamTag, {s.ImageStreamImageTags} ImageStreamImage"
            + (s.TagsWithoutSource > 0 ? $", {s.TagsWithoutSource} without from" : "")
            + $"; {s.ReferenceTags} reference: true");
        output.WriteLine((report.IsClean ? "no problems" : Count(report.Problems.Count, "problem"))
            + (report.Warnings.Count > 0 ? ", " + Count(report.Warnings.Count, "warning") : ""));
    }

    private static void WriteJson(TextWriter output, ValidationReport report, Func<Problem, string> display)
    {
        var s = report.Summary;
        var document = new Dictionary<string, object?>
        {
            ["problems"] = report.Problems.Select(p => Entry(p, display)),
            ["warnings"] = report.Warnings.Select(p => Entry(p, display)),
            ["summary"] = new Dictionary<string, object?>
            {
                ["files"] = s.Files,
                ["streams"] = s.Streams,
                ["tags"] = s.Tags,
                ["dockerImage"] = s.DockerImageTags,
                ["imageStreamTag"] = s.ImageStreamTagTags,
                ["imageStreamImage"] = s.ImageStreamImageTags,
                ["reference"] = s.ReferenceTags,
                ["withoutFrom"] = s.TagsWithoutSource,
            },
        };
        output.WriteLine(JsonTree.ToText(document, indented: true));
    }

    private static Dictionary<string, object?> Entry(Problem problem, Func<Problem, string> display) => new()
    {
        ["file"] = display(problem),
        ["line"] = problem.Location.Line,
        ["column"] = problem.Location.Column,
        ["message"] = problem.Message,
    };

    /// <summary>
    /// Problems name files as the user would open them: relative to the working directory when the
    /// repository lies below it (so <c>validate example-repo</c> prints <c>example-repo/...</c>, which is
    /// also what GitHub annotations need), else with the absolute root.
    /// </summary>
    private static string DisplayPrefix(string workingDirectory, string root)
    {
        var relative = Path.GetRelativePath(workingDirectory, root).Replace('\\', '/');
        if (relative == ".")
        {
            return "";
        }

        var isBelow = relative != ".." && !relative.StartsWith("../", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
        return (isBelow ? relative : root.Replace('\\', '/')).TrimEnd('/') + "/";
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
