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
    Random? random = null) : BackgroundService
{
    // Streams are checked by this process only; a restarted worker checks every stream once.
    private readonly Dictionary<string, DateTimeOffset> lastChecked = new(StringComparer.Ordinal);
    private readonly Random random = random ?? Random.Shared;
    private int runs;
    private int failuresInARow;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var notBefore = time.GetUtcNow();
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

            if (!await WaitUntilAsync(at, stoppingToken).ConfigureAwait(false))
            {
                break;
            }

            notBefore = await RunOnceAsync(occurrence, stoppingToken).ConfigureAwait(false);
        }

        WorkerLog.Stopped(logger, runs);
    }

    /// <summary>Runs once and returns the earliest instant the next run may start after.</summary>
    private async Task<DateTimeOffset> RunOnceAsync(DateTimeOffset occurrence, CancellationToken stoppingToken)
    {
        var number = ++runs;
        var startedAt = time.GetUtcNow();
        var startedTimestamp = time.GetTimestamp();
        status.Started();
        var request = new SyncRunRequest(number, startedAt, DueRule.SinceLastCheck(new Dictionary<string, DateTimeOffset>(lastChecked, StringComparer.Ordinal), startedAt));

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
            outcome = SyncRunOutcome.Failure(masker.Mask(FailureReport.Describe(exception)));
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

    private TimeSpan Jitter() =>
        options.Jitter <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromTicks((long)(random.NextDouble() * options.Jitter.Ticks));

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
