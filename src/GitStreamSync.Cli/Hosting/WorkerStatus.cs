namespace GitStreamSync.Cli.Hosting;

/// <summary>
/// What the worker has done so far, shared between the worker loop (writer) and the health
/// endpoint (reader). Readers get an immutable snapshot. A worker over several repositories also
/// keeps each repository's last run; the totals count every repository's runs, and the failures in
/// a row are those of the repository that fails most.
/// </summary>
internal sealed class WorkerStatus
{
    /// <summary>Upper bounds of the run-duration histogram, in seconds.</summary>
    public static readonly double[] DurationBuckets = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600];

    private readonly Lock gate = new();
    private readonly Dictionary<RunResult, long> runs = Enum.GetValues<RunResult>().ToDictionary(r => r, _ => 0L);
    private readonly Dictionary<string, long> tags = new(StringComparer.Ordinal) { ["updated"] = 0, ["unchanged"] = 0, ["failed"] = 0 };
    private readonly Dictionary<(string Host, int Status), long> registryRequests = [];
    private readonly long[] durationBucketCounts = new long[DurationBuckets.Length];
    private double durationSum;
    private long durationCount;
    private int? dockerHubRemaining;
    private DateTimeOffset? lastRunAt;
    private DateTimeOffset? lastSuccessAt;
    private DateTimeOffset? nextRunAt;
    private RunResult? lastResult;
    private string? lastMessage;
    private bool running;
    private int consecutiveFailures;
    private readonly Dictionary<string, RepositoryStatus> repositories = new(StringComparer.Ordinal);
    private int runningRepositories;

    public void Scheduled(DateTimeOffset at)
    {
        lock (gate)
        {
            nextRunAt = at;
        }
    }

    /// <param name="repository">One of several repositories the worker serves; null for a worker of one.</param>
    public void Started(string? repository = null)
    {
        lock (gate)
        {
            running = true;
            runningRepositories++;
            nextRunAt = null;
            if (repository is not null)
            {
                repositories[repository] = Repository(repository) with { Running = true };
            }
        }
    }

    /// <param name="repository">One of several repositories the worker serves; null for a worker of one.</param>
    public void Finished(DateTimeOffset startedAt, TimeSpan duration, SyncRunOutcome outcome, int failuresInARow, string? repository = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        lock (gate)
        {
            runningRepositories = Math.Max(0, runningRepositories - 1);
            running = runningRepositories > 0;
            lastRunAt = startedAt;
            lastResult = outcome.Result;
            lastMessage = outcome.Message;
            consecutiveFailures = failuresInARow;
            if (repository is not null)
            {
                var completed = outcome.Result is RunResult.Succeeded or RunResult.TagsFailed;
                var before = Repository(repository);
                repositories[repository] = before with
                {
                    Running = false,
                    LastRunAt = startedAt,
                    LastResult = outcome.Result,
                    LastMessage = outcome.Message,
                    LastSuccessAt = completed ? startedAt : before.LastSuccessAt,
                    ConsecutiveFailures = failuresInARow,
                    Runs = before.Runs.SetItem(outcome.Result, before.Runs.GetValueOrDefault(outcome.Result) + 1),
                };

                // The worker is as unwell as its least well repository.
                consecutiveFailures = repositories.Values.Max(r => r.ConsecutiveFailures);
                lastResult = repositories.Values.Select(r => r.LastResult).OfType<RunResult>().OrderByDescending(Severity).First();
                lastMessage = repositories.Values.Where(r => r.LastResult == lastResult).Select(r => r.LastMessage).FirstOrDefault();
            }

            if (outcome.Result is RunResult.Succeeded or RunResult.TagsFailed)
            {
                lastSuccessAt = startedAt;
            }

            runs[outcome.Result]++;
            tags["updated"] += outcome.TagsUpdated;
            tags["unchanged"] += outcome.TagsUnchanged;
            tags["failed"] += outcome.TagsFailed;
            foreach (var request in outcome.RegistryRequests)
            {
                registryRequests[(request.Host, request.Status)] = registryRequests.GetValueOrDefault((request.Host, request.Status)) + request.Count;
            }

            dockerHubRemaining = outcome.DockerHubRemainingPulls ?? dockerHubRemaining;
            var seconds = duration.TotalSeconds;
            durationSum += seconds;
            durationCount++;
            for (var i = 0; i < DurationBuckets.Length; i++)
            {
                if (seconds <= DurationBuckets[i])
                {
                    durationBucketCounts[i]++;
                }
            }
        }
    }

    public WorkerSnapshot Snapshot()
    {
        lock (gate)
        {
            return new WorkerSnapshot(
                new Dictionary<RunResult, long>(runs),
                new Dictionary<string, long>(tags, StringComparer.Ordinal),
                registryRequests.OrderBy(r => r.Key.Host, StringComparer.Ordinal).ThenBy(r => r.Key.Status)
                    .Select(r => new RegistryRequestCount(r.Key.Host, r.Key.Status, (int)Math.Min(r.Value, int.MaxValue))).ToArray(),
                (long[])durationBucketCounts.Clone(),
                durationSum,
                durationCount,
                dockerHubRemaining,
                lastRunAt,
                lastSuccessAt,
                nextRunAt,
                lastResult,
                lastMessage,
                running,
                consecutiveFailures)
            {
                Repositories = [.. repositories.Values.OrderBy(r => r.Repository, StringComparer.Ordinal)],
            };
        }
    }

    private static int Severity(RunResult result) => result switch
    {
        RunResult.Failed => 3,
        RunResult.TagsFailed => 2,
        RunResult.Cancelled => 1,
        _ => 0,
    };

    private RepositoryStatus Repository(string repository) =>
        repositories.TryGetValue(repository, out var known) ? known : new RepositoryStatus(repository);
}

/// <summary>One repository's last run, for /healthz and the per-repository metrics.</summary>
internal sealed record RepositoryStatus(string Repository)
{
    public bool Running { get; init; }
    public DateTimeOffset? LastRunAt { get; init; }
    public DateTimeOffset? LastSuccessAt { get; init; }
    public RunResult? LastResult { get; init; }
    public string? LastMessage { get; init; }
    public int ConsecutiveFailures { get; init; }
    public System.Collections.Immutable.ImmutableDictionary<RunResult, long> Runs { get; init; } = System.Collections.Immutable.ImmutableDictionary<RunResult, long>.Empty;
}

/// <summary>An immutable copy of <see cref="WorkerStatus"/>; cumulative bucket counts as Prometheus wants them.</summary>
internal sealed record WorkerSnapshot(
    IReadOnlyDictionary<RunResult, long> Runs,
    IReadOnlyDictionary<string, long> Tags,
    IReadOnlyList<RegistryRequestCount> RegistryRequests,
    IReadOnlyList<long> DurationBucketCounts,
    double DurationSum,
    long DurationCount,
    int? DockerHubRemainingPulls,
    DateTimeOffset? LastRunAt,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? NextRunAt,
    RunResult? LastResult,
    string? LastMessage,
    bool Running,
    int ConsecutiveFailures)
{
    /// <summary>Each repository of a worker over several, by name; empty for a worker of one.</summary>
    public IReadOnlyList<RepositoryStatus> Repositories { get; init; } = [];
}
