namespace GitStreamSync.Cli.Hosting;

/// <summary>
/// What the worker knows of one repository: when each stream was last checked (without a state
/// file a restarted worker checks every stream once; with one it goes on where it stopped), its
/// failures in a row, when it may run again, and the images it follows.
/// </summary>
internal sealed class WorkerRepositoryState(WorkerRepository repository)
{
    private readonly Dictionary<string, DateTimeOffset> lastChecked = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private int failuresInARow;

    public string Display => repository.Display;

    public ISyncRun Run => repository.Run;

    /// <summary>Null until the first run: the earliest instant the next run may start after.</summary>
    public DateTimeOffset? NotBefore { get; set; }

    /// <summary>Null until a run has read the repository: it then gets every push.</summary>
    public IReadOnlySet<string>? FollowedImages { get; private set; }

    public RunResult? LastResult { get; private set; }

    public bool CheckedInLastRun { get; private set; }

    public Dictionary<string, DateTimeOffset> Snapshot()
    {
        lock (gate)
        {
            return new Dictionary<string, DateTimeOffset>(lastChecked, StringComparer.Ordinal);
        }
    }

    public void Restore(IEnumerable<KeyValuePair<string, DateTimeOffset>> streams)
    {
        lock (gate)
        {
            foreach (var (stream, at) in streams)
            {
                lastChecked[stream] = at;
            }
        }
    }

    /// <summary>Records a run's outcome; returns the failures in a row after it.</summary>
    public int Record(SyncRunOutcome outcome, DateTimeOffset startedAt)
    {
        lock (gate)
        {
            LastResult = outcome.Result;
            CheckedInLastRun = false;
            switch (outcome.Result)
            {
                case RunResult.Failed:
                    failuresInARow++;
                    break;
                case RunResult.Succeeded or RunResult.TagsFailed:
                    failuresInARow = 0;
                    FollowedImages = outcome.FollowedImages ?? FollowedImages;
                    foreach (var stream in outcome.CheckedStreams)
                    {
                        lastChecked[stream] = startedAt;
                    }

                    CheckedInLastRun = outcome.CheckedStreams.Count > 0;
                    break;
            }

            return failuresInARow;
        }
    }
}
