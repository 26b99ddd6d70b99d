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
/// One <c>sync</c> run over the ports, in the order of the data path: workspace (base tip) -> read
/// -> select -> resolve -> plan -> edit -> record (split into branches, one or one per ImageStream
/// with <c>pullRequests.groupBy: stream</c>, and commit) -> publish (push) -> propose (pull requests)
/// -> report. The tool's pull requests are listed once per run, before rollback detection, which
/// reads the closed ones; the push reads the open ones to leave a group's branch alone when the
/// run does not know all it proposes (<see cref="GroupKnowledge"/>); the propose stage reads them
/// all. Per-tag and per-file failures are values in the report; Git failures
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
    PullRequestPort? pullRequests = null)
{
    private readonly PullRequestPort port = pullRequests ?? PullRequestPort.None;

    public async Task<SyncReport> RunAsync(SyncRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (workspace, config) = await RepositoryOpening.OpenAsync(workspaces, request.Location, request.BaseBranch, request.ConfigFile, request.FindTimeZone, cancellationToken).ConfigureAwait(false);
        using var opened = workspace;
        var repository = RepositoryIdentity.Of(workspace.DisplayLocation);
        if (request.Known is { } known)
        {
            known.CheckMadeFor(repository, workspace.BaseBranch);
            logger.LogInformation(
                "applying {Files} resolutions files: {Streams} streams, {Answers} answers, made against {Commits}",
                known.Sets.Count,
                known.Streams.Count,
                known.Resolutions.Count,
                string.Join(", ", known.Sets.Select(s => CommitId.Short(s.BaseCommit)).Distinct()));
            if (known.MissingShards is { Count: > 0 } missing)
            {
                logger.LogWarning("no resolutions file for shard {Shards}: their streams are not due in this run", string.Join(", ", missing));
            }
        }

        if (request.Entry is { } entry)
        {
            config = config with { Paths = entry.Paths ?? config.Paths, Branch = entry.Branch ?? config.Branch };
        }

        if (request.PullRequestAuthor is { } author)
        {
            config = config with { PullRequests = config.PullRequests with { Author = author } };
        }

        var ownership = new PullRequestOwnership(request.ToolBranchFor(workspace.BaseBranch, config.Branch), config.PullRequests.Author);

        var run = new RunContext(
            config,
            new PathFilter(config.Paths),
            new PlanSettings
            {
                HistoryLimit = config.HistoryLimit,
                MaxImagesBulkImportedPerRepository = config.MaxImagesBulkImportedPerRepository,
                Platform = request.Platform ?? config.Platform ?? Platform.LinuxAmd64,
                StrictOpenShiftScheduling = config.StrictOpenShiftScheduling,
                IncludeRejected = request.IncludeRejected,
            },
            resolverFor(config),
            await PullRequestListing.ReadAsync(port.Publisher, ownership, await ClosedWindowAsync(workspace, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false),
            ownership);
        // Answers from the shards' files count as already asked: a re-plan after a moved base keeps them too.
        var resolutions = request.Known is { } given ? new Dictionary<ResolveRequest, ResolutionOutcome>(given.Resolutions) : [];
        foreach (var (listRequest, listing) in request.Known?.Listings ?? new Dictionary<TagListRequest, TagListing>())
        {
            // The shards' listings count as listed, as their answers count as asked.
            run.Listings[listRequest] = listing;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return (await AttemptAsync(workspace, request, run, resolutions, attempt, cancellationToken).ConfigureAwait(false)) with { Repository = repository, ResolutionFiles = request.Known?.Sets.Count ?? 0 };
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
        // The files no reader can take (a link, not UTF-8, too large) are problems like any parse error: never a silent skip.
        var source = workspace.ReadSourceFiles(new SourceSelection(run.Paths).Includes);
        var files = source.Files;
        var read = ImageStreamReader.ReadRepository(files);
        logger.LogInformation("read {Files} files, {Streams} ImageStreams at {Commit} of {Base}", files.Count, read.Streams.Count, CommitId.Short(workspace.BaseCommit), workspace.BaseBranch);

        var (dueStreams, scheduleProblems) = SelectDueStreams(request, run.Config, read.Streams, files);

        // From here on a stream with spec.dockerImageRepository carries the tags it imports as spec tags.
        var imports = await ImportRepositoriesAsync(run, read.Streams, dueStreams, cancellationToken).ConfigureAwait(false);
        var streams = imports.Streams;
        var settings = run.Settings with { PinnedSources = PinnedSources.Read(workspace, streams, run.Settings, request.HistoryDepth ?? run.Config.HistoryDepth) };
        var selection = DueTagSelector.Select(streams, settings, dueStreams);
        var missing = selection.Requests.Where(r => !resolutions.ContainsKey(r)).ToList();
        if (missing.Count > 0)
        {
            if (request.Known is not null)
            {
                logger.LogInformation("{Count} requests are in no resolutions file (the base moved, or the platform differs): asking the registries", missing.Count);
            }

            run.AskedOfRegistries += missing.Count;
            foreach (var (resolveRequest, answer) in await run.Resolver.ResolveAllAsync(missing, cancellationToken).ConfigureAwait(false))
            {
                resolutions[resolveRequest] = answer;
            }
        }

        // Rejected digests from history, the record and the listing's closed pull requests are held unless every
        // hold is released; closes learned now are recorded by a run that writes (plan and --dry-run only read).
        var findings = rollback is null || run.Settings.IncludeRejected
            ? null
            : await rollback.DetectAsync(
                workspace,
                request.HistoryDepth ?? run.Config.HistoryDepth,
                await rollback.ReadRecordAsync(workspace, refresh: false, cancellationToken).ConfigureAwait(false),
                run.Listing,
                cancellationToken).ConfigureAwait(false);
        if (findings is not null && !request.DryRun)
        {
            await rollback!.RecordAsync(workspace, findings, request.Committer, request.Now, cancellationToken).ConfigureAwait(false);
        }

        var held = findings is null ? [] : Rollback.RollbackDetection.Held(findings.Rejections, run.Config.IncludeRejected);
        var planInput = new PlanInput
        {
            Held = held,
            Streams = streams,
            Resolutions = resolutions,
            Settings = settings,
            Now = request.Now,
            DueStreams = dueStreams,
        };
        var plan = SyncPlanner.Plan(planInput);
        // What images say about themselves (labels, created, first seen) has two readers: a minimum age
        // and the pull request body. A run with neither (plan, a dry run, --no-pull-request, no hosting
        // service) asks the registries for no image config: that would be two more requests per tag.
        var images = MinimumAge.AppliesToAny(plan, run.Config.MinimumAge) || WritesPullRequests(request)
            ? await ImageFactsStep.ReadAsync(run.Resolver as IImageFactsReader, plan, selection, cancellationToken).ConfigureAwait(false)
            : new Dictionary<Digest, ImageFacts>();

        // A digest whose signature does not verify, or younger than its minimum age, is not proposed: plan again without it.
        var unverified = await SignatureStep.CheckAsync(run.Resolver as ISignatureReader, run.Config.Verify, plan, selection, () => TrustedRootFiles.Read(workspace, run.Config.Verify), cancellationToken).ConfigureAwait(false);
        var (waiting, ageProblems) = MinimumAge.Check(plan, run.Config.MinimumAge, images, request.Now, ProposedBy(run.Listing, workspace.BaseBranch));
        if (waiting.Count > 0 || unverified.Count > 0)
        {
            plan = SyncPlanner.Plan(planInput with { Waiting = waiting, Unverified = unverified });
        }
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
            Failures = [.. ListingFailures(imports), .. plan.Streams.SelectMany(s => s.Failures)],
            Deferred = [.. ListingDeferrals(imports), .. plan.Streams.SelectMany(s => s.Deferred)],
            Held = [.. plan.Streams.SelectMany(s => s.Held)],
            Problems = [.. source.Problems, .. read.Problems, .. scheduleProblems, .. imports.Problems, .. plan.Problems, .. ageProblems, .. edits.Problems],
            Waiting = [.. plan.Streams.SelectMany(s => s.Waiting)],
            Unverified = [.. plan.Streams.SelectMany(s => s.Unverified)],
            DueStreams = [.. streams.Select(s => s.DisplayName).Where(k => dueStreams is null || dueStreams.Contains(k)).Distinct()],
            TagsDue = selection.Tags.Count,
            Resolutions = selection.Requests.Where(resolutions.ContainsKey).ToDictionary(r => r, r => resolutions[r]),
            AskedOfRegistries = run.AskedOfRegistries,
            Listings = RepositoryImport.Requests(read.Streams, run.Settings, dueStreams).Where(run.Listings.ContainsKey).ToDictionary(r => r, r => run.Listings[r]),
            ChangedFiles = [.. edits.Files.Select(f => f.Path)],
            Attempts = attempt,
            TagLocations = TagLocationsOf(streams),
            FollowedImages = FollowedImages(streams),
        };
        var proposals = BranchProposals.Split(toolBranch, byStream, files, plan, edits, request.RunId);
        var knowledge = new RunKnowledge(TagFacts.Of(streams, dueStreams, selection, plan), report.Deferred, toolBranch);
        var stage = new ProposeStage(port, logger);
        IReadOnlyList<PullRequestResult> kept = [];
        IReadOnlyList<ToolPullRequest> closedForRoom = [];
        if (proposals.Count > 0 && request.DryRun)
        {
            report = Finish(report, [.. proposals.Select(p => BranchPublishing.Result(p, SyncOutcome.DryRun, null))], []) with { Diff = edits.Diff() };
        }
        else if (proposals.Count > 0)
        {
            // A group whose open pull request proposes tags this run knows nothing about keeps its branch too:
            // a push would take those proposals out of the pull request's diff.
            kept = request.PushToBase ? [] : stage.HoldBack([.. proposals.Select(p => p.Branch)], run.Listing, knowledge, b => workspace.ReadPublishedBranch(b) is not null);
            var keptBranches = kept.Select(k => k.HeadBranch).ToHashSet(StringComparer.Ordinal);
            var pushing = proposals.Where(p => !keptBranches.Contains(p.Branch)).ToList();
            var (pushed, deleted, closed) = pushing.Count == 0
                ? ([], [], [])
                : await new BranchPublishing(workspace, request, Blocking(run.Listing, run.Ownership), logger).PublishAsync(pushing, toolBranch, cancellationToken).ConfigureAwait(false);
            closedForRoom = closed;
            IReadOnlyList<SyncBranchResult> results = proposals
                .Select(p => keptBranches.Contains(p.Branch)
                    ? BranchPublishing.Result(p, SyncOutcome.Kept, workspace.ReadPublishedBranch(p.Branch)?.Id)
                    : pushed.First(b => b.Branch == p.Branch))
                .ToList();
            report = Finish(report, results, deleted);
        }

        // The pull requests belong to the push that just happened: they are finished even when a stop arrived meanwhile.
        var proposal = await stage.ProposeAsync(
            new ProposeInput
            {
                BaseBranch = workspace.BaseBranch,
                ToolBranch = toolBranch,
                ByStream = byStream,
                Now = request.Now,
                RunId = request.RunId,
                Settings = run.Config.PullRequests,
                Facts = new PullRequestRunFacts
                {
                    BaseBranch = workspace.BaseBranch,
                    Now = request.Now,
                    RunId = request.RunId,
                    Changes = report.Changes,
                    Failures = report.Failures,
                    Deferred = report.Deferred,
                    Held = report.Held,
                    Waiting = report.Waiting,
                    Unverified = report.Unverified,
                    Problems = report.Problems,
                    Sources = PullRequestRunFacts.SourcesOf(streams),
                    Images = images,
                },
                Knowledge = knowledge,
                Listing = run.Listing,
                Proposing = [.. report.Branches.Where(b => b.Outcome is SyncOutcome.Pushed or SyncOutcome.AlreadyProposed).Select(b => new PullRequestBranch(b.Branch, b.Stream))],
                Pushed = report.Branches.Any(b => b.Outcome == SyncOutcome.Pushed),
                CommittedLocally = report.Branches.Any(b => b.Outcome == SyncOutcome.CommittedLocally),
                Kept = kept,
                ClosedForRoom = closedForRoom,
            },
            request.PushToBase,
            request.DryRun,
            CancellationToken.None).ConfigureAwait(false);
        return report with { PullRequests = proposal };
    }

    /// <summary>Whether this run can open or update a pull request, whose body shows the images' provenance.</summary>
    private bool WritesPullRequests(SyncRequest request) =>
        port.Publisher is not null && port.WhyNone(request.PushToBase, request.DryRun) is null;

    /// <summary>
    /// Lists the repositories of the due streams' <c>spec.dockerImageRepository</c> (once per run: a
    /// re-plan after a moved base keeps the answers) and adds the tags each imports as spec tags.
    /// Without a lister (a resolver that cannot list), streams stay as read.
    /// </summary>
    private async Task<RepositoryImportResult> ImportRepositoriesAsync(RunContext run, IReadOnlyList<ImageStreamDocument> streams, IReadOnlySet<string>? dueStreams, CancellationToken cancellationToken)
    {
        var wanted = RepositoryImport.Requests(streams, run.Settings, dueStreams).Where(r => !run.Listings.ContainsKey(r)).ToList();
        if (wanted.Count > 0 && run.Resolver is IRepositoryTagLister lister)
        {
            foreach (var (listRequest, listing) in await lister.ListTagsAsync(wanted, cancellationToken).ConfigureAwait(false))
            {
                run.Listings[listRequest] = listing;
            }
        }

        var result = RepositoryImport.Expand(streams, run.Settings, dueStreams, run.Listings);
        foreach (var decision in result.Decisions.Where(d => d.AdditionalTags > 0))
        {
            logger.LogInformation("{Stream}: {Repository} has {Additional} more tags than the import limit; they are not imported", decision.StreamKey, decision.Repository, decision.AdditionalTags);
        }

        return result;
    }

    /// <summary>A repository whose tags could not be listed for good (not found, unauthorized): one failure for its stream, tag "".</summary>
    private static IEnumerable<TagFailure> ListingFailures(RepositoryImportResult imports) =>
        imports.Failures.Where(f => f.Failure.IsPermanent).Select(f => f.Failure.Kind switch
        {
            // The words of OpenShift's importer for a repository it cannot list.
            ResolutionFailureKind.NotFound => new TagFailure(f.Stream.DisplayName, "", "NotFound", $"dockerimage.image.openshift.io \"{f.Repository}\" not found"),
            ResolutionFailureKind.Unauthorized => new TagFailure(f.Stream.DisplayName, "", "Unauthorized", $"you may not have access to the container image \"{f.Repository}\""),
            _ => new TagFailure(f.Stream.DisplayName, "", "InternalError", f.Failure.Message),
        });

    /// <summary>A listing that failed for now (timeout, 5xx, rate limit, a malformed answer): asked again next run.</summary>
    private static IEnumerable<DeferredTag> ListingDeferrals(RepositoryImportResult imports) =>
        imports.Failures.Where(f => !f.Failure.IsPermanent).Select(f => new DeferredTag(f.Stream.DisplayName, "", f.Repository, f.Failure));

    /// <summary>
    /// What the push does with a branch of the tool in the way (<c>pullRequests.groupBy</c> changed):
    /// with a hosting service, close that branch's pull request through the run's port first, so the
    /// close rejects nothing; without one there is no pull request and the branch is deleted.
    /// </summary>
    private BlockingBranches Blocking(PullRequestListing listing, PullRequestOwnership ownership) =>
        port.Publisher is not { } publisher ? BlockingBranches.Delete
        : port.NoPullRequest ? BlockingBranches.Refuse(
            "run sync once without --no-pull-request so the tool closes its pull request and deletes the branch (a pull request the hosting service closes because its branch was deleted would count as rejected)")
        : listing.Failure is { } failure ? BlockingBranches.Refuse(failure.Message)
        : BlockingBranches.CloseThenDelete(publisher, ownership);

    /// <summary>The digest an open pull request of the tool for this base proposes for a tag (stream key and tag name).</summary>
    private static Func<string, string, Digest?> ProposedBy(PullRequestListing listing, string baseBranch)
    {
        var proposed = new Dictionary<TagKey, Digest>();
        foreach (var entry in listing.PullRequests
            .Where(p => p.State == ToolPullRequestState.Open && p.BaseBranch == baseBranch)
            .SelectMany(p => p.Marker.Entries))
        {
            proposed.TryAdd(entry.Key, entry.NewDigest);
        }

        return (streamKey, tag) =>
        {
            var (file, stream) = ImageStreamDocument.SplitDisplayName(streamKey);
            return proposed.GetValueOrDefault(new TagKey(file, stream, tag));
        };
    }

    /// <summary>With a record of rejections, the listing needs only the pull requests closed since its newest entry.</summary>
    private async Task<ClosedPullRequestWindow> ClosedWindowAsync(IRepositoryWorkspace workspace, CancellationToken cancellationToken) =>
        rollback is null
            ? ClosedPullRequestWindow.Recent
            : ClosedPullRequestWindow.Since((await rollback.ReadRecordAsync(workspace, refresh: false, cancellationToken).ConfigureAwait(false)).NewestClosedAt);

    /// <summary>One branch per ImageStream unless <c>--branch</c> or <c>--push-to-base</c> asks for one branch.</summary>
    private static bool ByStream(SyncRequest request, RepositoryConfig config) =>
        config.PullRequests.GroupBy == PullRequestGrouping.Stream && request.Branch is null && !request.PushToBase;

    private static SyncReport Finish(SyncReport report, IReadOnlyList<SyncBranchResult> branches, IReadOnlyList<string> deleted)
    {
        var outcome = branches.Any(b => b.Outcome == SyncOutcome.DryRun) ? SyncOutcome.DryRun
            : branches.Any(b => b.Outcome == SyncOutcome.Pushed) ? SyncOutcome.Pushed
            : branches.Any(b => b.Outcome == SyncOutcome.CommittedLocally) ? SyncOutcome.CommittedLocally
            : branches.Any(b => b.Outcome == SyncOutcome.AlreadyProposed) ? SyncOutcome.AlreadyProposed
            : SyncOutcome.Kept;
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

    /// <param name="Ownership">Which pull requests are the tool's in this run: its branch root and its author.</param>
    /// <summary>The images (<see cref="DueRule.ImageKey"/>) the repository's tags follow, due or not: a worker over many repositories sends a push only to those that follow it.</summary>
    private static HashSet<string> FollowedImages(IReadOnlyList<ImageStreamDocument> streams) =>
        streams.SelectMany(s => s.SpecTags)
            .Where(t => t.From is { Kind: TagSourceKind.DockerImage })
            .Select(t => ImageReference.TryParse(t.From!.Name, out var reference) ? DueRule.ImageKey(reference.Registry, reference.Path) : null)
            .Concat(streams.Select(s => s.RepositoryImport is { Repository: var repository } ? DueRule.ImageKey(repository.Registry, repository.Path) : null))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

    private sealed record RunContext(RepositoryConfig Config, PathFilter Paths, PlanSettings Settings, IDigestResolver Resolver, PullRequestListing Listing, PullRequestOwnership Ownership)
    {
        /// <summary>Requests sent to a registry over every attempt of the run.</summary>
        public int AskedOfRegistries { get; set; }

        /// <summary>Repository tag listings of this run, kept over its attempts.</summary>
        public Dictionary<TagListRequest, TagListing> Listings { get; } = [];
    }


    private static (IReadOnlySet<string>? Due, IReadOnlyList<Problem> Problems) SelectDueStreams(
        SyncRequest request, RepositoryConfig config, IReadOnlyList<ImageStreamDocument> streams, IReadOnlyList<SourceFile> files)
    {
        if (request.Known is { } known)
        {
            return (known.Streams, []);
        }

        var (due, problems) = SelectByScheduleAsked(request, config, streams, files);
        if (request.Shard is not { } shard)
        {
            return (due, problems);
        }

        return (streams.Where(s => shard.Contains(s.FilePath, s.Name) && (due is null || due.Contains(s.DisplayName))).Select(s => s.DisplayName).ToHashSet(StringComparer.Ordinal), problems);
    }

    private static (IReadOnlySet<string>? Due, IReadOnlyList<Problem> Problems) SelectByScheduleAsked(
        SyncRequest request, RepositoryConfig config, IReadOnlyList<ImageStreamDocument> streams, IReadOnlyList<SourceFile> files)
    {
        if (request.Due is not { } rule)
        {
            return (request.DueStreams, []);
        }

        // Stream crons are read in the settings file's `timeZone` unless --time-zone chose one.
        var schedules = request.Schedules;
        if (!schedules.ZoneIsExplicit && config.TimeZone is { } zoneId && request.FindTimeZone(zoneId) is { } zone)
        {
            schedules = schedules with { Zone = zone };
        }

        // A stream without its own schedule annotation follows the settings file's `schedule`.
        if (schedules.Cron is null && config.Schedule is { } configured)
        {
            schedules = schedules with { Cron = configured };
        }

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
