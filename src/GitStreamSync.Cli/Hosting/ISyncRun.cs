using GitStreamSync.Core.Schedule;
namespace GitStreamSync.Cli.Hosting;

/// <summary>
/// One sync run as the worker sees it: fetch, read, resolve the due streams, commit, push, publish.
/// <para>
/// Cancellation contract: the token is honoured up to the moment the push starts (the run then
/// throws <see cref="OperationCanceledException"/> and has pushed nothing); once the push has
/// started the run completes it and ignores the token, so a stop never leaves the branch half-way.
/// </para>
/// </summary>
internal interface ISyncRun
{
    Task<SyncRunOutcome> RunAsync(SyncRunRequest request, CancellationToken cancellationToken);
}

/// <param name="Number">1 for the worker's first run.</param>
/// <param name="Now">The run's single instant: written into status and the end of every stream's window.</param>
/// <param name="Due">Which streams the run resolves (<see cref="DueRule.SinceLastCheck"/> in the worker).</param>
/// <param name="Shared">A worker over several repositories: the registry answers the repositories of this round share, so a reference several name is asked once.</param>
internal sealed record SyncRunRequest(int Number, DateTimeOffset Now, DueRule Due, Core.Run.SharedResolutions? Shared = null);

internal enum RunResult
{
    /// <summary>Every due tag got an answer and the result (if any) was pushed.</summary>
    Succeeded,

    /// <summary>The run completed, but some tags failed to resolve (exit code 1 of a one-shot run).</summary>
    TagsFailed,

    /// <summary>The run could not complete (Git, GitHub, configuration or an unexpected error).</summary>
    Failed,

    /// <summary>Stopped before pushing.</summary>
    Cancelled,
}

/// <summary>Requests to one registry host that ended with one HTTP status (0 = no response).</summary>
internal sealed record RegistryRequestCount(string Host, int Status, int Count);

/// <summary>What one run did, in counts; the worker logs it as one line and adds it to the metrics.</summary>
internal sealed record SyncRunOutcome
{
    public required RunResult Result { get; init; }
    public int StreamsDue { get; init; }
    public int TagsUpdated { get; init; }
    public int TagsUnchanged { get; init; }
    public int TagsFailed { get; init; }
    public int Commits { get; init; }

    /// <summary>The pull request opened or updated, if any.</summary>
    public string? PullRequest { get; init; }

    /// <summary>One line for the log when the run did not succeed; must carry no secret.</summary>
    public string? Message { get; init; }

    /// <summary>
    /// Streams (<c>FilePath#Name</c>) whose due tags all got an answer (resolved, or a permanent
    /// failure written to status). A stream with a transient failure is left out, so the worker
    /// tries it again at its next occurrence instead of waiting for its own next schedule.
    /// </summary>
    public IReadOnlyList<string> CheckedStreams { get; init; } = [];

    public IReadOnlyList<RegistryRequestCount> RegistryRequests { get; init; } = [];

    /// <summary>The images the repository's tags follow (<see cref="DueRule.ImageKey"/>); null when the run did not read them. A worker over several repositories sends a push notification only to the repositories that follow the image.</summary>
    public IReadOnlySet<string>? FollowedImages { get; init; }

    /// <summary>The digest each tag the run resolved by name was answered with (and the index's, when one was involved); a pushed tag's digest is looked for here.</summary>
    public IReadOnlyList<TagDigest> Resolved { get; init; } = [];

    /// <summary>Docker Hub's <c>ratelimit-remaining</c> as last seen in the run, if Docker Hub was asked.</summary>
    public int? DockerHubRemainingPulls { get; init; }

    public static SyncRunOutcome Failure(string message) => new() { Result = RunResult.Failed, Message = message };

    public static SyncRunOutcome Cancellation { get; } = new() { Result = RunResult.Cancelled, Message = "stopped before pushing" };
}
