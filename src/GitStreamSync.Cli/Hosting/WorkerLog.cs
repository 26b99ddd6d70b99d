using Microsoft.Extensions.Logging;

namespace GitStreamSync.Cli.Hosting;

/// <summary>The worker's log lines, with named fields for JSON log collectors.</summary>
internal static partial class WorkerLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information,
        Message = "Worker started for {Repository} on schedule {Schedule}; first run at {NextRun:yyyy-MM-ddTHH:mm:ssZ}")]
    public static partial void Started(ILogger logger, string repository, string schedule, DateTime nextRun);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information,
        Message = "Run {RunNumber} {Outcome} in {DurationSeconds:0.###}s: {StreamsDue} streams due, {TagsUpdated} tags updated, {TagsUnchanged} unchanged, {TagsFailed} failed, {Commits} commits{PullRequest}")]
    public static partial void RunCompleted(ILogger logger, int runNumber, string outcome, double durationSeconds, int streamsDue, int tagsUpdated, int tagsUnchanged, int tagsFailed, int commits, string pullRequest);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error,
        Message = "Run {RunNumber} failed in {DurationSeconds:0.###}s ({FailuresInARow} in a row): {Reason}; next run at {NextRun:yyyy-MM-ddTHH:mm:ssZ}")]
    public static partial void RunFailed(ILogger logger, int runNumber, double durationSeconds, int failuresInARow, string reason, DateTime nextRun);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning,
        Message = "Run {RunNumber} was stopped before pushing after {DurationSeconds:0.###}s")]
    public static partial void RunCancelled(ILogger logger, int runNumber, double durationSeconds);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning,
        Message = "Run {RunNumber} took longer than the schedule's interval: {Skipped} occurrences passed during it and were not run again")]
    public static partial void OccurrencesSkipped(ILogger logger, int runNumber, int skipped);

    [LoggerMessage(EventId = 105, Level = LogLevel.Information, Message = "Worker stopped after {Runs} runs")]
    public static partial void Stopped(ILogger logger, int runs);

    [LoggerMessage(EventId = 106, Level = LogLevel.Error, Message = "Schedule {Schedule} does not fire again; the worker stops")]
    public static partial void ScheduleEnded(ILogger logger, string schedule);

    [LoggerMessage(EventId = 107, Level = LogLevel.Debug, Message = "Run {RunNumber} failure detail: {Detail}")]
    public static partial void FailureDetail(ILogger logger, int runNumber, string detail);

    [LoggerMessage(EventId = 108, Level = LogLevel.Information, Message = "Health endpoint listening on {Prefix} (/healthz, /metrics)")]
    public static partial void HealthListening(ILogger logger, string prefix);

    [LoggerMessage(EventId = 109, Level = LogLevel.Warning, Message = "Health endpoint request failed: {Reason}")]
    public static partial void HealthRequestFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Run {RunNumber} starts now for pushed images: {Images}")]
    public static partial void PushedRun(ILogger logger, int runNumber, string images);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "Notification to {Path} refused with {Status}: {Reason}")]
    public static partial void NotificationRefused(ILogger logger, string path, int status, string reason);

    [LoggerMessage(EventId = 112, Level = LogLevel.Information, Message = "Notification to {Path}: pushed {Images}")]
    public static partial void NotificationAccepted(ILogger logger, string path, string images);

    [LoggerMessage(EventId = 113, Level = LogLevel.Information,
        Message = "Run {RunNumber} of {Repository} {Outcome} in {DurationSeconds:0.###}s: {StreamsDue} streams due, {TagsUpdated} tags updated, {TagsUnchanged} unchanged, {TagsFailed} failed, {Commits} commits{PullRequest}")]
    public static partial void RepositoryRunCompleted(ILogger logger, int runNumber, string repository, string outcome, double durationSeconds, int streamsDue, int tagsUpdated, int tagsUnchanged, int tagsFailed, int commits, string pullRequest);

    [LoggerMessage(EventId = 114, Level = LogLevel.Error,
        Message = "Run {RunNumber} of {Repository} failed in {DurationSeconds:0.###}s ({FailuresInARow} in a row): {Reason}; its next run at {NextRun:yyyy-MM-ddTHH:mm:ssZ}")]
    public static partial void RepositoryRunFailed(ILogger logger, int runNumber, string repository, double durationSeconds, int failuresInARow, string reason, DateTime nextRun);

    [LoggerMessage(EventId = 115, Level = LogLevel.Warning,
        Message = "Run {RunNumber} of {Repository} was stopped before pushing after {DurationSeconds:0.###}s")]
    public static partial void RepositoryRunCancelled(ILogger logger, int runNumber, string repository, double durationSeconds);

    [LoggerMessage(EventId = 116, Level = LogLevel.Information, Message = "No repository follows the pushed images {Images}: nothing to run")]
    public static partial void PushFollowedByNone(ILogger logger, string images);

    [LoggerMessage(EventId = 117, Level = LogLevel.Information,
        Message = "Run {RunNumber} was answered another digest than the notification named for {Tags}; the registry may not have moved the tag yet: asking once more at {RecheckAt:yyyy-MM-ddTHH:mm:ssZ}")]
    public static partial void PushNotSettled(ILogger logger, int runNumber, string tags, DateTime recheckAt);

    [LoggerMessage(EventId = 118, Level = LogLevel.Information, Message = "Run {RunNumber} starts now to ask once more for pushed images: {Images}")]
    public static partial void PushRecheckRun(ILogger logger, int runNumber, string images);
}
