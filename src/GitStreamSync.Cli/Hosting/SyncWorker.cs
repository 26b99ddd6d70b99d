using GitStreamSync.Adapters.Files;
using GitStreamSync.Adapters.Secrets;
using GitStreamSync.Core.Schedule;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Cli.Hosting;

/// <summary>
/// The <c>worker</c> loop: wait on <see cref="TimeProvider"/> for the next occurrence of the
/// schedule (plus jitter), run one sync, record it, repeat. Runs are sequential by construction,
/// so they never overlap; occurrences that pass while a run is still going are skipped, not queued.
/// A failed run never ends the loop: it is logged and the next run waits for the next occurrence,
/// at least the backoff after repeated failures. A stop cancels the run's token, which the run
/// honours only before it starts pushing (<see cref="ISyncRun"/>), and the loop ends after it.
/// </summary>
internal sealed class SyncWorker(
    ISyncRun run,
    WorkerOptions options,
    WorkerStatus status,
    TimeProvider time,
    SecretSanitizer masker,
    ILogger<SyncWorker> logger,
    IHostApplicationLifetime? lifetime = null,
    Random? random = null,
    WorkerStateFile? state = null,
    PushTrigger? pushes = null) : BackgroundService
{
    // Without a state file a restarted worker checks every stream once; with one it goes on where it stopped.
    private readonly Dictionary<string, DateTimeOffset> lastChecked = new(StringComparer.Ordinal);
    private readonly Random random = random ?? Random.Shared;
    private int runs;
    private int failuresInARow;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var notBefore = time.GetUtcNow();
        LoadState(notBefore);
        var announced = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
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

            if (pushes is not null && await WaitForPushAsync(at, stoppingToken).ConfigureAwait(false))
            {
                // A registry said an image was pushed: resolve the streams that follow it now; the schedule goes on as before.
                var images = pushes.Take();
                WorkerLog.PushedRun(logger, runs + 1, string.Join(", ", images.Order(StringComparer.Ordinal)));
                notBefore = await RunOnceAsync(time.GetUtcNow(), DueRule.Pushed(images), stoppingToken).ConfigureAwait(false);
                continue;
            }

            if (!await WaitUntilAsync(at, stoppingToken).ConfigureAwait(false))
            {
                break;
            }

            notBefore = await RunOnceAsync(occurrence, null, stoppingToken).ConfigureAwait(false);
        }

        WorkerLog.Stopped(logger, runs);
    }

    /// <summary>Runs once and returns the earliest instant the next run may start after.</summary>
    private async Task<DateTimeOffset> RunOnceAsync(DateTimeOffset occurrence, DueRule? due, CancellationToken stoppingToken)
    {
        var number = ++runs;
        var startedAt = time.GetUtcNow();
        var startedTimestamp = time.GetTimestamp();
        status.Started();
        var request = new SyncRunRequest(number, startedAt, due ?? DueRule.SinceLastCheck(new Dictionary<string, DateTimeOffset>(lastChecked, StringComparer.Ordinal), startedAt));

        SyncRunOutcome outcome;
        string? detail = null;
        try
        {
            outcome = await run.RunAsync(request, stoppingToken).ConfigureAwait(false);
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
        var end = time.GetUtcNow();
        switch (outcome.Result)
        {
            case RunResult.Failed:
                failuresInARow++;
                break;
            case RunResult.Succeeded or RunResult.TagsFailed:
                failuresInARow = 0;
                foreach (var stream in outcome.CheckedStreams)
                {
                    lastChecked[stream] = startedAt;
                }

                if (outcome.CheckedStreams.Count > 0)
                {
                    state?.Save(lastChecked);
                }

                break;
        }

        status.Finished(startedAt, duration, outcome, failuresInARow);
        var notBefore = end + options.BackoffAfter(outcome.Result == RunResult.Failed ? failuresInARow : 0);
        Log(number, outcome, duration, detail, notBefore);

        var skipped = options.Schedule.OccurrencesIn(new ScheduleWindow(occurrence, end)).Count();
        if (skipped > 0 && outcome.Result != RunResult.Cancelled)
        {
            WorkerLog.OccurrencesSkipped(logger, number, skipped);
        }

        return notBefore;
    }

    private void Log(int number, SyncRunOutcome outcome, TimeSpan duration, string? detail, DateTimeOffset notBefore)
    {
        switch (outcome.Result)
        {
            case RunResult.Failed:
                var next = options.Schedule.Next(notBefore) ?? notBefore;
                WorkerLog.RunFailed(logger, number, duration.TotalSeconds, failuresInARow, outcome.Message ?? "unknown failure", next.UtcDateTime);
                if (detail is not null)
                {
                    WorkerLog.FailureDetail(logger, number, detail);
                }

                break;
            case RunResult.Cancelled:
                WorkerLog.RunCancelled(logger, number, duration.TotalSeconds);
                break;
            default:
                WorkerLog.RunCompleted(
                    logger,
                    number,
                    PrometheusText.Outcome(outcome.Result),
                    duration.TotalSeconds,
                    outcome.StreamsDue,
                    outcome.TagsUpdated,
                    outcome.TagsUnchanged,
                    outcome.TagsFailed,
                    outcome.Commits,
                    outcome.PullRequest is null ? "" : $"; {outcome.PullRequest}");
                break;
        }
    }

    private void LoadState(DateTimeOffset now)
    {
        if (state is null)
        {
            return;
        }

        // A check "in the future" (the clock was set back) would hold a stream back; it counts as never checked.
        foreach (var (stream, at) in state.Load().Where(s => s.Value <= now))
        {
            lastChecked[stream] = at;
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
