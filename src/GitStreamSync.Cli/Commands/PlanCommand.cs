using GitStreamSync.Core.Run;
using System.CommandLine;
using GitStreamSync.Cli.Reporting;

namespace GitStreamSync.Cli.Commands;

/// <summary>
/// <c>gitstreamsync plan [PATH|URL]</c>: read the repository, resolve the due tags and show what
/// would change, writing nothing (a sync dry run): a table, <c>-o diff</c> the exact unified diff
/// of the files, or <c>-o json</c>. Exit 0, or 1 when some tags failed.
/// </summary>
internal static class PlanCommand
{
    public static Command Create(CliContext context)
    {
        var location = new Argument<string>("PATH|URL")
        {
            Description = "Repository: an http(s) or file:// URL, a bare repository, or a working copy (default: the current folder)",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => ".",
        };
        var baseBranch = new Option<string?>("--base") { Description = "Base branch (default: the remote's default branch, or a working copy's current branch)", HelpName = "BRANCH" };
        var shardOption = ShardOptions.Shard();
        var resolutionsOut = ShardOptions.ResolutionsOut();
        var command = new Output.CommandWithExamples("plan", "Resolve the due tags and show what would change; writes nothing (-o table|diff|json).", CommandExamples.Plan)
        {
            location, baseBranch, shardOption, resolutionsOut,
        };
        var schedules = new ScheduleOptions();
        foreach (var option in schedules.All)
        {
            command.Options.Add(option);
        }

        var failOn = new FailOnOption();
        command.Options.Add(failOn.Option);

        command.SetAction(async (parse, cancellationToken) =>
        {
            using var run = context.Start(parse);
            var format = run.Settings.OutputOrDefault("table", "diff", "json");
            var failures = failOn.Read(parse);
            var now = run.Time.GetUtcNow();
            var shard = ShardOptions.ReadShard(parse.GetValue(shardOption));
            var outFile = parse.GetValue(resolutionsOut);
            var (due, scheduleDefaults) = schedules.Read(parse, SyncCommand.TruncateToSeconds(now));
            var request = new SyncRequest
            {
                Location = SyncCommand.ResolveLocation(run.Environment, parse.GetValue(location) ?? "."),
                Now = SyncCommand.TruncateToSeconds(now),
                RunId = "plan",
                BaseBranch = parse.GetValue(baseBranch),
                DryRun = true,
                Platform = run.Settings.Platform,
                FindTimeZone = Adapters.Files.RepositoryConfigFile.FindTimeZone,
                Shard = shard,
                Due = due,
                Schedules = scheduleDefaults,
                ConfigFile = SyncCommand.ReadConfigFile(run),
            };
            if (outFile is not null && Adapters.Files.FolderWorkspace.IsPlainFolder(request.Location))
            {
                throw new UsageException($"--resolutions-out needs a Git repository (a URL, a bare repository or a working copy): {parse.GetValue(location)} has no commit for sync to check against");
            }

            var report = await SyncComposition.RunAsync(run, request, cancellationToken).ConfigureAwait(false);
            if (outFile is not null)
            {
                ShardOptions.Write(run, outFile, report, shard ?? new Core.Select.Shard(0, 1), request.Now);
                await run.Error.WriteLineAsync(
                    $"{CliApplication.ToolName}: shard {shard ?? new Core.Select.Shard(0, 1)}: {report.DueStreams.Count} streams, {report.Resolutions.Count} resolutions written to {outFile}").ConfigureAwait(false);
            }
            if (format == "json")
            {
                SyncReportJson.Write(report, run.Out);
            }
            else
            {
                var text = format == "diff" ? report.Diff ?? "" : SyncReportText.Render(report);
                await run.Out.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            if (format == "diff")
            {
                // The diff goes to stdout untouched (for `git apply`); what it leaves out is listed
                // after it on stderr: failures, tags deferred to the next run, held digests, problems.
                foreach (var line in NotInTheDiff(report))
                {
                    await run.Error.WriteLineAsync($"{CliApplication.ToolName}: {line}").ConfigureAwait(false);
                }
            }

            // A shard's failed tags travel in its file and fail the sync that applies it; failing here
            // as well would stop the engine from running that sync at all.
            if (outFile is not null)
            {
                return ExitCodes.Success;
            }

            await FailOnOption.WarnAsync(run, report, failures).ConfigureAwait(false);
            return FailOnOption.ExitCodeFor(report, failures);
        });
        return command;
    }

    private static IEnumerable<string> NotInTheDiff(SyncReport report) =>
        report.Failures.Select(failure => $"{failure.StreamKey}:{failure.Tag}: {failure.Reason}: {failure.Message}")
            .Concat(report.Deferred.Select(deferred => $"{deferred.StreamKey}:{deferred.Tag}: deferred to the next run: {deferred.Explanation}"))
            .Concat(report.Held.Select(held => $"{held.StreamKey}:{held.Tag}: held at the current digest, {held.Digest} is rejected ({held.Source})"))
            .Concat(report.Waiting.Select(wait => $"{wait.StreamKey}:{wait.Tag}: {wait.Digest} is {wait.Explanation}"))
            .Concat(report.Problems
                .Where(problem => !report.Failures.Any(failure => problem.Message == $"tag \"{failure.Tag}\": {failure.Reason}: {failure.Message}"))
                .Select(problem => problem.ToString()));
}
