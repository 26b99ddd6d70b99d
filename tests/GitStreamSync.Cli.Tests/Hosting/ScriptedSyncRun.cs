using System.Threading.Channels;
using GitStreamSync.Cli.Hosting;

namespace GitStreamSync.Cli.Tests.Hosting;

/// <summary>An <see cref="ISyncRun"/> that plays one scripted step per call and records what it was asked.</summary>
internal sealed class ScriptedSyncRun(params Func<SyncRunRequest, CancellationToken, Task<SyncRunOutcome>>[] steps) : ISyncRun
{
    private readonly Channel<SyncRunRequest> started = Channel.CreateUnbounded<SyncRunRequest>();
    private readonly List<SyncRunRequest> requests = [];
    private int inFlight;

    public IReadOnlyList<SyncRunRequest> Requests
    {
        get
        {
            lock (requests)
            {
                return requests.ToArray();
            }
        }
    }

    public int MaxInFlight { get; private set; }

    public static SyncRunOutcome Succeeded(params string[] checkedStreams) => new()
    {
        Result = RunResult.Succeeded,
        StreamsDue = checkedStreams.Length,
        TagsUpdated = 1,
        TagsUnchanged = 2,
        Commits = 1,
        CheckedStreams = checkedStreams,
        RegistryRequests = [new RegistryRequestCount("registry-1.docker.io", 200, 3)],
        DockerHubRemainingPulls = 97,
    };

    public async Task<SyncRunOutcome> RunAsync(SyncRunRequest request, CancellationToken cancellationToken)
    {
        int index;
        lock (requests)
        {
            requests.Add(request);
            index = requests.Count - 1;
            MaxInFlight = Math.Max(MaxInFlight, ++inFlight);
        }

        started.Writer.TryWrite(request);
        try
        {
            var step = index < steps.Length ? steps[index] : (_, _) => Task.FromResult(Succeeded());
            return await step(request, cancellationToken);
        }
        finally
        {
            lock (requests)
            {
                inFlight--;
            }
        }
    }

    public async Task<SyncRunRequest> NextStartAsync() =>
        await started.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
}
