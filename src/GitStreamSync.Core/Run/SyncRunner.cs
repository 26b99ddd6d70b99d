using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Publish;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Schedule;
using GitStreamSync.Core.Select;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Core.Run;

/// <summary>
/// One <c>sync</c> run over the ports: base tip -> read -> select -> resolve -> plan -> edit ->
/// split into branches (one, or one per ImageStream with <c>pullRequests.groupBy: stream</c>) ->
/// commit -> push -> report. Per-tag and per-file failures are values in the report; Git failures
/// are <see cref="RepositoryException"/>s for the caller's one handler. A branch that moved while
/// the run worked is re-fetched and re-planned (registry answers are kept), a bounded number of times.
/// The repository's own settings (<c>.gitstreamsync.yaml</c> at the base tip) choose the paths, the
/// base and tool branches, the history limit, the platform and the registries (hence the resolver
/// is made once they are read).
/// </summary>
internal sealed class SyncRunner(
    IRepositoryWorkspaceFactory workspaces,
    Func<RepositoryConfig, IDigestResolver> resolverFor,
    ILogger logger,
    Rollback.RollbackDetection? rollback = null,
    BlockingBranches? blocking = null)
{
    public async Task<SyncReport> RunAsync(SyncRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (workspace, config) = await RepositoryOpening.OpenAsync(workspaces, request.Location, request.BaseBranch, request.ConfigFile, request.FindTimeZone, cancellationToken).ConfigureAwait(false);
        using var opened = workspace;

        var run = new RunContext(
            config,
            new PathFilter(config.Paths),
            new PlanSettings
            {
                HistoryLimit = config.HistoryLimit,
                Platform = request.Platform ?? config.Platform ?? Platform.LinuxAmd64,
                StrictOpenShiftScheduling = config.StrictOpenShiftScheduling,
                IncludeRejected = request.IncludeRejected,
            },
            resolverFor(config));
        var resolutions = new Dictionary<ResolveRequest, ResolutionOutcome>();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AttemptAsync(workspace, request, run, resolutions, attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (BranchMovedException moved) when (attempt < request.MaxAttempts)
            {
                logger.LogWarning("{Message}; fetching again and re-planning (attempt {Attempt} of {Max})", moved.Message, attempt + 1, request.MaxAttempts);
                await workspace.RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (BranchMovedException moved)
            {
                throw new RepositoryException($"{moved.Message}; gave up after {attempt} attempts: another run or a person keeps changing it", moved);
            }
        }
    }

    private async Task<SyncReport> AttemptAsync(
        IRepositoryWorkspace workspace,
        SyncRequest request,
        RunContext run,
        Dictionary<ResolveRequest, ResolutionOutcome> resolutions,
        int attempt,
        CancellationToken cancellationToken)
    {
        var files = workspace.ReadFiles(path => ImageStreamReader.IsCandidate(path) && run.Paths.Includes(path));
        var read = ImageStreamReader.ReadRepository(files);
        logger.LogInformation("read {Files} files, {Streams} ImageStreams at {Commit} of {Base}", files.Count, read.Streams.Count, CommitId.Short(workspace.BaseCommit), workspace.BaseBranch);

        var (dueStreams, scheduleProblems) = SelectDueStreams(request, run.Config, read.Streams, files);
        var settings = run.Settings with { PinnedSources = PinnedSources.Read(workspace, read.Streams, run.Settings, request.HistoryDepth ?? run.Config.HistoryDepth) };
        var selection = DueTagSelector.Select(read.Streams, settings, dueStreams);
        var missing = selection.Requests.Where(r => !resolutions.ContainsKey(r)).ToList();
        if (missing.Count > 0)
        {
            foreach (var (resolveRequest, answer) in await run.Resolver.ResolveAllAsync(missing, cancellationToken).ConfigureAwait(false))
            {
                resolutions[resolveRequest] = answer;
            }
        }

        // Rejected digests from history and closed pull requests are held unless every hold is released (issue 7).
        var held = rollback is null || run.Settings.IncludeRejected
            ? []
            : Rollback.RollbackDetection.Held(
                await rollback.FindAsync(workspace, request.HistoryDepth ?? run.Config.HistoryDepth, cancellationToken).ConfigureAwait(false),
                run.Config.IncludeRejected);
        var plan = SyncPlanner.Plan(new PlanInput
        {
            Held = held,
            Streams = read.Streams,
            Resolutions = resolutions,
            Settings = settings,
            Now = request.Now,
            DueStreams = dueStreams,
        });
        var edits = StatusEdits.Apply(files, plan);
        var toolBranch = request.PushToBase ? workspace.BaseBranch : request.ToolBranchFor(workspace.BaseBranch, run.Config.Branch);
        var byStream = ByStream(request, run.Config);
        var report = new SyncReport
        {
            Outcome = SyncOutcome.NothingToChange,
            Location = workspace.DisplayLocation,
            BaseBranch = workspace.BaseBranch,
            BaseCommit = workspace.BaseCommit,
            Branch = toolBranch,
            ByStream = byStream,
            Changes = edits.Changes,
            Failures = [.. plan.Streams.SelectMany(s => s.Failures)],
            Deferred = [.. plan.Streams.SelectMany(s => s.Deferred)],
            Held = [.. plan.Streams.SelectMany(s => s.Held)],
            Problems = [.. read.Problems, .. scheduleProblems, .. plan.Problems, .. edits.Problems],
            DueStreams = [.. read.Streams.Select(s => s.DisplayName).Where(k => dueStreams is null || dueStreams.Contains(k)).Distinct()],
            TagsDue = selection.Tags.Count,
            ChangedFiles = [.. edits.Files.Select(f => f.Path)],
            Attempts = attempt,
            Sources = PullRequestRunFacts.SourcesOf(read.Streams),
            BaseDigests = PullRequestRunFacts.CurrentDigestsOf(read.Streams),
            TagLocations = TagLocationsOf(read.Streams),
            PullRequests = run.Config.PullRequests,
        };
        var proposals = BranchProposals.Split(toolBranch, byStream, files, plan, edits, request.RunId);
        if (proposals.Count == 0)
        {
            return report;
        }

        if (request.DryRun)
        {
            return Finish(report, [.. proposals.Select(p => BranchPublishing.Result(p, SyncOutcome.DryRun, null))], []) with { Diff = edits.Diff() };
        }

        var (branches, deleted) = await new BranchPublishing(workspace, request, blocking ?? BlockingBranches.Delete, logger)
            .PublishAsync(proposals, toolBranch, cancellationToken).ConfigureAwait(false);
        return Finish(report, branches, deleted);
    }

    /// <summary>One branch per ImageStream unless <c>--branch</c> or <c>--push-to-base</c> asks for one branch.</summary>
    private static bool ByStream(SyncRequest request, RepositoryConfig config) =>
        config.PullRequests.GroupBy == PullRequestGrouping.Stream && request.Branch is null && !request.PushToBase;

    private static SyncReport Finish(SyncReport report, IReadOnlyList<SyncBranchResult> branches, IReadOnlyList<string> deleted)
    {
        var outcome = branches.Any(b => b.Outcome == SyncOutcome.DryRun) ? SyncOutcome.DryRun
            : branches.Any(b => b.Outcome == SyncOutcome.Pushed) ? SyncOutcome.Pushed
            : branches.Any(b => b.Outcome == SyncOutcome.CommittedLocally) ? SyncOutcome.CommittedLocally
            : SyncOutcome.AlreadyProposed;
        var single = branches.Count == 1 && !report.ByStream ? branches[0] : null;
        return report with
        {
            Outcome = outcome,
            Branches = branches,
            DeletedBranches = deleted,
            CommitId = single?.CommitId,
            CommitMessage = single?.CommitMessage,
        };
    }

    private sealed record RunContext(RepositoryConfig Config, PathFilter Paths, PlanSettings Settings, IDigestResolver Resolver);


    private static (IReadOnlySet<string>? Due, IReadOnlyList<Problem> Problems) SelectDueStreams(
        SyncRequest request, RepositoryConfig config, IReadOnlyList<ImageStreamDocument> streams, IReadOnlyList<SourceFile> files)
    {
        if (request.Due is not { } rule)
        {
            return (request.DueStreams, []);
        }

        // A stream without its own schedule annotation follows the settings file's `schedule`.
        var schedules = request.Schedules.Cron is null && config.Schedule is { } configured
            ? request.Schedules with { Cron = configured }
            : request.Schedules;

        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            texts.TryAdd(file.Path, file.Text);
        }

        var selection = DueStreamSelector.Select(streams, rule, schedules, texts);
        return (selection.Due, selection.Problems);
    }

    private static Dictionary<(string StreamKey, string Tag), SourceLocation> TagLocationsOf(IEnumerable<ImageStreamDocument> streams)
    {
        var locations = new Dictionary<(string StreamKey, string Tag), SourceLocation>();
        foreach (var stream in streams)
        {
            foreach (var tag in stream.SpecTags)
            {
                locations.TryAdd((stream.DisplayName, tag.Name), tag.Location);
            }
        }

        return locations;
    }
}
