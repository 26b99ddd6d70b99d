namespace GitStreamSync.Cli.Hosting;

/// <summary>
/// What the worker has done so far, shared between the worker loop (writer) and the health
/// endpoint (reader). Readers get an immutable snapshot.
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

    public void Scheduled(DateTimeOffset at)
    {
        lock (gate)
        {
            nextRunAt = at;
        }
    }

    public void Started()
    {
        lock (gate)
        {
            running = true;
            nextRunAt = null;
        }
    }

    public void Finished(DateTimeOffset startedAt, TimeSpan duration, SyncRunOutcome outcome, int failuresInARow)
    {
        lock (gate)
        {
            running = false;
            lastRunAt = startedAt;
            lastResult = outcome.Result;
            lastMessage = outcome.Message;
            consecutiveFailures = failuresInARow;
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
                consecutiveFailures);
        }
    }
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
    int ConsecutiveFailures);
