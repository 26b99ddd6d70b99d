namespace GitStreamSync.Cli.Hosting;

/// <summary>
/// Images a registry said were pushed, waiting for the worker loop. Notifications that arrive
/// while a run is going, or many in one burst, are gathered into one set and start one run.
/// </summary>
internal sealed class PushTrigger
{
    private readonly Lock gate = new();
    private HashSet<string> pending = new(StringComparer.Ordinal);
    private TaskCompletionSource signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Add(IEnumerable<string> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        lock (gate)
        {
            foreach (var image in images)
            {
                pending.Add(image);
            }

            if (pending.Count > 0)
            {
                signal.TrySetResult();
            }
        }
    }

    /// <summary>Completes when at least one image is pending.</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return signal.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Every pending image, once; the next wait waits for a new notification.</summary>
    public IReadOnlySet<string> Take()
    {
        lock (gate)
        {
            var taken = pending;
            pending = new HashSet<string>(StringComparer.Ordinal);
            signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return taken;
        }
    }
}
