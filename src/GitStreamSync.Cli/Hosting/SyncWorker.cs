using GitStreamSync.Adapters.Files;
using GitStreamSync.Adapters.Secrets;
using GitStreamSync.Core.Run;
using GitStreamSync.Core.Schedule;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Cli.Hosting;

/// <summary>One repository a worker keeps up to date: its name in logs, /healthz and the state file, and its sync run.</summary>
internal sealed record WorkerRepository(string Display, ISyncRun Run);

/// <summary>
/// The <c>worker</c> loop: wait on <see cref="TimeProvider"/> for the next occurrence of the
/// schedule (plus jitter), run one sync of each repository, record it, repeat. Rounds are
/// sequential by construction, so they never overlap; occurrences that pass while a round is still
/// going are skipped, not queued. Within a round at most <see cref="WorkerOptions.ParallelRepositories"/>
/// repositories run at once and share one set of registry answers. A failed run never ends the
/// loop: it is logged and the repository waits for the next occurrence, at least the backoff after
/// repeated failures (its own: the others go on). A stop cancels the runs' token, which a run
/// honours only before it starts pushing (<see cref="ISyncRun"/>), and the loop ends after it.
/// </summary>
internal sealed class SyncWorker : BackgroundService
{
    private readonly IReadOnlyList<WorkerRepositoryState> repositories;
    private readonly WorkerOptions options;
    private readonly WorkerStatus status;
    private readonly TimeProvider time;
    private readonly SecretSanitizer masker;
    private readonly ILogger<SyncWorker> logger;
    private readonly IHostApplicationLifetime? lifetime;
    private readonly Random random;
    private readonly WorkerStateFile? state;
    private readonly PushTrigger? pushes;
    private int runs;

    // Pushed images to resolve once more after the registry has had time to move their tags.
    private (DateTimeOffset At, HashSet<string> Images)? recheck;

    public SyncWorker(
        ISyncRun run,
        WorkerOptions options,
        WorkerStatus status,
        TimeProvider time,
        SecretSanitizer masker,
        ILogger<SyncWorker> logger,
        IHostApplicationLifetime? lifetime = null,
        Random? random = null,
        WorkerStateFile? state = null,
        PushTrigger? pushes = null)
        : this([new WorkerRepository(options?.RepositoryDisplay ?? ".", run)], options!, status, time, masker, logger, lifetime, random, state, pushes)
    {
    }

    public SyncWorker(
        IReadOnlyList<WorkerRepository> repositories,
        WorkerOptions options,
        WorkerStatus status,
        TimeProvider time,
        SecretSanitizer masker,
        ILogger<SyncWorker> logger,
        IHostApplicationLifetime? lifetime = null,
        Random? random = null,
        WorkerStateFile? state = null,
        PushTrigger? pushes = null)
    {
        ArgumentNullException.ThrowIfNull(repositories);
        this.repositories = [.. repositories.Select(r => new WorkerRepositoryState(r))];
        this.options = options;
        this.status = status;
        this.time = time;
        this.masker = masker;
        this.logger = logger;
        this.lifetime = lifetime;
        this.random = random ?? Random.Shared;
        this.state = state;
        this.pushes = pushes;
    }

    private bool Many => repositories.Count > 1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LoadState(time.GetUtcNow());
        var announced = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var notBefore = repositories.Min(r => r.NotBefore) ?? now;
            if (options.Schedule.Next(notBefore > now ? notBefore : now) is not { } occurrence)
            {
                WorkerLog.ScheduleEnded(logger, options.Schedule.ToString());
                lifetime?.StopApplication();
                return;
            }

            var at = occurrence + Jitter();
            status.Scheduled(at);
            if (!announced)
            {
                WorkerLog.Started(logger, options.RepositoryDisplay, options.Schedule.ToString(), at.UtcDateTime);
                announced = true;
            }

            var wake = recheck is { } pending && pending.At < at ? pending.At : at;
            if (pushes is not null && await WaitForPushAsync(wake, stoppingToken).ConfigureAwait(false))
            {
                // A registry said an image was pushed: resolve the streams that follow it now, in the
                // repositories that follow it (or might: one not read yet); the schedule goes on as before.
                var batch = pushes.Take();
                var images = batch.Images;
                var following = Following(images);
                if (following.Count == 0)
                {
                    WorkerLog.PushFollowedByNone(logger, string.Join(", ", images.Order(StringComparer.Ordinal)));
                    continue;
                }

                WorkerLog.PushedRun(logger, runs + 1, string.Join(", ", images.Order(StringComparer.Ordinal)));
                var outcomes = await RunRoundAsync(following, time.GetUtcNow(), DueRule.Pushed(images), stoppingToken).ConfigureAwait(false);
                RecheckIfUnsettled(batch.Tags, outcomes);
                continue;
            }

            if (recheck is { } due && due.At <= time.GetUtcNow() && !stoppingToken.IsCancellationRequested)
            {
                // Once only: what this run resolves stands until the next notification or occurrence.
                recheck = null;
                var following = Following(due.Images);
                if (following.Count > 0)
                {
                    WorkerLog.PushRecheckRun(logger, runs + 1, string.Join(", ", due.Images.Order(StringComparer.Ordinal)));
                    await RunRoundAsync(following, time.GetUtcNow(), DueRule.Pushed(due.Images), stoppingToken).ConfigureAwait(false);
                }

                continue;
            }

            if (!await WaitUntilAsync(at, stoppingToken).ConfigureAwait(false))
            {
                break;
            }

            // A repository still backing off after failures sits this occurrence out.
            await RunRoundAsync([.. repositories.Where(r => (r.NotBefore ?? occurrence) <= occurrence)], occurrence, null, stoppingToken).ConfigureAwait(false);
        }

        WorkerLog.Stopped(logger, runs);
    }

    /// <summary>The repositories that follow one of <paramref name="images"/>, or might (one not read yet).</summary>
    private List<WorkerRepositoryState> Following(IReadOnlySet<string> images) =>
        [.. repositories.Where(r => r.FollowedImages is null || r.FollowedImages.Overlaps(images))];

    /// <summary>
    /// After a pushed run: a tag the notification named that the registry answered with another
    /// digest (and never the one named) is asked for once more after <see cref="WorkerOptions.PushSettle"/>.
    /// The named digest only decides whether to ask again; what the registry answers is what is written.
    /// </summary>
    private void RecheckIfUnsettled(IReadOnlyList<TagDigest> pushed, IReadOnlyCollection<SyncRunOutcome> outcomes)
    {
        var answered = outcomes.SelectMany(o => o.Resolved).ToHashSet();
        var unsettled = pushed
            .Where(p => !answered.Contains(p) && answered.Any(a => a.Image == p.Image && a.Tag == p.Tag))
            .ToList();
        if (unsettled.Count == 0)
        {
            return;
        }

        var at = recheck?.At ?? time.GetUtcNow() + options.PushSettle;
        var images = recheck?.Images ?? new HashSet<string>(StringComparer.Ordinal);
        images.UnionWith(unsettled.Select(u => u.Image));
        recheck = (at, images);
        WorkerLog.PushNotSettled(logger, runs, string.Join(", ", unsettled.Select(u => u.ToString()).Order(StringComparer.Ordinal)), at.UtcDateTime);
    }

    /// <summary>Runs each of <paramref name="round"/> once, at most <see cref="WorkerOptions.ParallelRepositories"/> at once, then saves the state; the runs' outcomes.</summary>
    private async Task<IReadOnlyCollection<SyncRunOutcome>> RunRoundAsync(List<WorkerRepositoryState> round, DateTimeOffset occurrence, DueRule? due, CancellationToken stoppingToken)
    {
        var number = ++runs;
        var shared = Many ? new SharedResolutions() : null;
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<SyncRunOutcome>();
        if (round.Count == 1)
        {
            outcomes.Add(await RunOnceAsync(round[0], number, due, shared, stoppingToken).ConfigureAwait(false));
        }
        else
        {
            // The stop is honoured inside each run; the round itself always lets its runs finish.
            await Parallel.ForEachAsync(
                round,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.ParallelRepositories) },
                async (repository, _) => outcomes.Add(await RunOnceAsync(repository, number, due, shared, stoppingToken).ConfigureAwait(false))).ConfigureAwait(false);
        }

        SaveState(round);
        var skipped = options.Schedule.OccurrencesIn(new ScheduleWindow(occurrence, time.GetUtcNow())).Count();
        if (skipped > 0 && round.Any(r => r.LastResult != RunResult.Cancelled))
        {
            WorkerLog.OccurrencesSkipped(logger, number, skipped);
        }

        return outcomes;
    }

    /// <summary>Runs one repository once and records when it may run next.</summary>
    private async Task<SyncRunOutcome> RunOnceAsync(WorkerRepositoryState repository, int number, DueRule? due, SharedResolutions? shared, CancellationToken stoppingToken)
    {
        var startedAt = time.GetUtcNow();
        var startedTimestamp = time.GetTimestamp();
        var name = Many ? repository.Display : null;
        status.Started(name);
        var request = new SyncRunRequest(number, startedAt, due ?? DueRule.SinceLastCheck(repository.Snapshot(), startedAt), shared);

        SyncRunOutcome outcome;
        string? detail = null;
        try
        {
            outcome = await repository.Run.RunAsync(request, stoppingToken).ConfigureAwait(false);
            outcome = outcome with { Message = outcome.Message is null ? null : masker.Mask(outcome.Message), PullRequest = outcome.PullRequest is null ? null : masker.Mask(outcome.PullRequest) };
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            outcome = SyncRunOutcome.Cancellation;
        }
#pragma warning disable CA1031 // The loop is the one place run-level failures are caught: one bad run must not end the worker.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            // The worker logs the trace itself (at debug), so the line carries no hint to rerun.
            outcome = SyncRunOutcome.Failure(masker.Mask(FailureReport.Describe(exception, withTrace: true)));
            detail = masker.Mask(exception.ToString());
        }

        var duration = time.GetElapsedTime(startedTimestamp);
        var failuresInARow = repository.Record(outcome, startedAt);
        status.Finished(startedAt, duration, outcome, failuresInARow, name);
        repository.NotBefore = time.GetUtcNow() + options.BackoffAfter(outcome.Result == RunResult.Failed ? failuresInARow : 0);
        Log(repository, number, outcome, duration, detail, failuresInARow);
        return outcome;
    }

    private void Log(WorkerRepositoryState repository, int number, SyncRunOutcome outcome, TimeSpan duration, string? detail, int failuresInARow)
    {
        switch (outcome.Result)
        {
            case RunResult.Failed:
                var notBefore = repository.NotBefore ?? time.GetUtcNow();
                var next = (options.Schedule.Next(notBefore) ?? notBefore).UtcDateTime;
                var reason = outcome.Message ?? "unknown failure";
                if (Many)
                {
                    WorkerLog.RepositoryRunFailed(logger, number, repository.Display, duration.TotalSeconds, failuresInARow, reason, next);
                }
                else
                {
                    WorkerLog.RunFailed(logger, number, duration.TotalSeconds, failuresInARow, reason, next);
                }

                if (detail is not null)
                {
                    WorkerLog.FailureDetail(logger, number, detail);
                }

                break;
            case RunResult.Cancelled when Many:
                WorkerLog.RepositoryRunCancelled(logger, number, repository.Display, duration.TotalSeconds);
                break;
            case RunResult.Cancelled:
                WorkerLog.RunCancelled(logger, number, duration.TotalSeconds);
                break;
            default:
                var pullRequest = outcome.PullRequest is null ? "" : $"; {outcome.PullRequest}";
                if (Many)
                {
                    WorkerLog.RepositoryRunCompleted(logger, number, repository.Display, PrometheusText.Outcome(outcome.Result), duration.TotalSeconds, outcome.StreamsDue, outcome.TagsUpdated, outcome.TagsUnchanged, outcome.TagsFailed, outcome.Commits, pullRequest);
                }
                else
                {
                    WorkerLog.RunCompleted(logger, number, PrometheusText.Outcome(outcome.Result), duration.TotalSeconds, outcome.StreamsDue, outcome.TagsUpdated, outcome.TagsUnchanged, outcome.TagsFailed, outcome.Commits, pullRequest);
                }

                break;
        }
    }

    private void LoadState(DateTimeOffset now)
    {
        if (state is null)
        {
            return;
        }

        var loaded = state.Load([.. repositories.Select(r => r.Display)]);
        foreach (var repository in repositories)
        {
            // A check "in the future" (the clock was set back) would hold a stream back; it counts as never checked.
            repository.Restore(loaded[repository.Display].Where(s => s.Value <= now));
        }
    }

    private void SaveState(IReadOnlyList<WorkerRepositoryState> round)
    {
        if (state is null || !round.Any(r => r.CheckedInLastRun))
        {
            return;
        }

        if (Many)
        {
            state.Save(repositories.ToDictionary(r => r.Display, r => (IReadOnlyDictionary<string, DateTimeOffset>)r.Snapshot(), StringComparer.Ordinal));
        }
        else
        {
            state.Save(repositories[0].Snapshot());
        }
    }

    private TimeSpan Jitter() =>
        options.Jitter <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromTicks((long)(random.NextDouble() * options.Jitter.Ticks));

    /// <summary>
    /// Waits for the occurrence at <paramref name="at"/> or a push notification, whichever comes
    /// first; true for a push. On an occurrence (or a stop) it returns false without waiting again.
    /// </summary>
    private async Task<bool> WaitForPushAsync(DateTimeOffset at, CancellationToken stoppingToken)
    {
        using var woken = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var pushed = pushes!.WaitAsync(woken.Token);
        var delay = at - time.GetUtcNow();
        var occurrence = delay > TimeSpan.Zero ? Task.Delay(delay, time, woken.Token) : Task.CompletedTask;
        var first = await Task.WhenAny(pushed, occurrence).ConfigureAwait(false);
        await woken.CancelAsync().ConfigureAwait(false);
        return first == pushed && pushed.IsCompletedSuccessfully && !stoppingToken.IsCancellationRequested;
    }

    private async Task<bool> WaitUntilAsync(DateTimeOffset at, CancellationToken stoppingToken)
    {
        var delay = at - time.GetUtcNow();
        if (delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return !stoppingToken.IsCancellationRequested;
    }
}
