namespace GitStreamSync.Cli.Hosting;

/// <summary>
/// Images a registry said were pushed, waiting for the worker loop. Notifications that arrive
/// while a run is going, or many in one burst, are gathered into one set and start one run.
/// </summary>
internal sealed class PushTrigger
{
    private readonly Lock gate = new();
    private HashSet<string> pending = new(StringComparer.Ordinal);
    private HashSet<TagDigest> tags = [];
    private TaskCompletionSource signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="images">The pushed images.</param>
    /// <param name="pushedTags">The tags the notifications named with their digests (a hint only: the registry's answer stays the truth).</param>
    public void Add(IEnumerable<string> images, IEnumerable<TagDigest>? pushedTags = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        lock (gate)
        {
            foreach (var image in images)
            {
                pending.Add(image);
            }

            foreach (var tag in pushedTags ?? [])
            {
                tags.Add(tag);
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

    /// <summary>Every pending image and pushed tag, once; the next wait waits for a new notification.</summary>
    public PushBatch Take()
    {
        lock (gate)
        {
            var taken = new PushBatch(pending, [.. tags]);
            pending = new HashSet<string>(StringComparer.Ordinal);
            tags = [];
            signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return taken;
        }
    }
}
