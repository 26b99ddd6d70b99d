using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Read;
namespace GitStreamSync.Core.Rollback;

/// <summary>
/// The tags that follow a rolled-back tag through <c>ImageStreamTag</c> sources, directly or through
/// other such tags, take its new current event in the same commit: in this stream as OpenShift's
/// tracking does (semantics 2.4), in other streams as the next sync would. Without this, a consumer
/// of an alias keeps running the rolled-away image until another pull request is merged.
/// Each follower gets the event with its own stream's generation, merged by the same rules
/// (<see cref="TagHistory"/>); a follower already at that event is left as it is.
/// </summary>
internal static class RollbackFollowers
{
    /// <summary>
    /// <paramref name="rolled"/> with the rolled-back stream's own followers added (its first change
    /// stays the rollback), and a plan for every other stream with a follower.
    /// </summary>
    public static (StreamPlan Rolled, IReadOnlyList<StreamPlan> Others) Apply(
        IReadOnlyList<ImageStreamDocument> streams, StreamPlan rolled, string tag, int historyLimit)
    {
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(rolled);
        var origin = IndexOf(streams, rolled.Stream);
        var current = rolled.NewStatus!.Tags.First(t => t.Tag == tag).Items[0];
        var lookup = new StreamLookup(streams);
        var entries = new Dictionary<(int Stream, string Tag), NamedTagEventList>();
        var changes = new SortedDictionary<int, List<TagChange>>();
        var visited = new HashSet<(int Stream, string Tag)> { (origin, tag) };
        var sources = new Queue<(int Stream, string Tag)>([(origin, tag)]);
        while (sources.Count > 0)
        {
            var source = sources.Dequeue();
            foreach (var (follower, spec) in FollowersOf(streams, lookup, source))
            {
                if (!visited.Add(follower))
                {
                    continue;
                }

                var stream = streams[follower.Stream];
                var generation = follower.Stream == origin ? rolled.Generation : StreamGeneration.Next(stream);
                var before = stream.Status?.Tags.FirstOrDefault(t => t.Tag == spec.Name);
                var (entry, merge) = TagHistory.ApplySuccess(before, spec.Name, current with { Generation = generation }, spec.Generation, historyLimit);
                if (merge == MergeOutcome.Unchanged)
                {
                    continue;
                }

                entries[follower] = entry;
                var head = before?.Items.Count > 0 ? before.Items[0] : null;
                (changes.TryGetValue(follower.Stream, out var list) ? list : changes[follower.Stream] = []).Add(new TagChange(
                    stream.DisplayName, stream.FilePath, stream.Name, spec.Name, TagHistory.ChangeKindOf(merge),
                    head?.DockerImageReference, head?.Image, entry.Items[0].DockerImageReference, entry.Items[0].Image));
                sources.Enqueue(follower);
            }
        }

        var others = new List<StreamPlan>();
        foreach (var (index, streamChanges) in changes)
        {
            var replaced = entries.Where(e => e.Key.Stream == index).Select(e => e.Value);
            if (index == origin)
            {
                rolled = rolled with { NewStatus = StreamPlanAssembler.BuildStatus(rolled.NewStatus, replaced), Changes = [.. rolled.Changes, .. streamChanges] };
            }
            else
            {
                var stream = streams[index];
                others.Add(new StreamPlan { Stream = stream, NewStatus = StreamPlanAssembler.BuildStatus(stream.Status, replaced), Generation = StreamGeneration.Next(stream), Changes = streamChanges });
            }
        }

        return (rolled, others);
    }

    /// <summary>The spec tags whose <c>ImageStreamTag</c> source is <paramref name="source"/>.</summary>
    private static IEnumerable<((int Stream, string Tag) Key, SpecTag Spec)> FollowersOf(
        IReadOnlyList<ImageStreamDocument> streams, StreamLookup lookup, (int Stream, string Tag) source)
    {
        for (var i = 0; i < streams.Count; i++)
        {
            foreach (var spec in streams[i].SpecTags)
            {
                if (spec.From is not { Kind: TagSourceKind.ImageStreamTag } from)
                {
                    continue;
                }

                var (name, tag) = StreamLookup.SplitStreamTag(from.Name);
                if (tag == source.Tag && lookup.Find(i, name, from.Namespace) is { Error: null } found && found.Index == source.Stream)
                {
                    yield return ((i, spec.Name), spec);
                }
            }
        }
    }

    private static int IndexOf(IReadOnlyList<ImageStreamDocument> streams, ImageStreamDocument stream)
    {
        for (var i = 0; i < streams.Count; i++)
        {
            if (ReferenceEquals(streams[i], stream))
            {
                return i;
            }
        }

        throw new ArgumentException("the rolled-back stream is not among the streams read", nameof(stream));
    }
}
