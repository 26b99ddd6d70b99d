using GitStreamSync.Core.Read;
namespace GitStreamSync.Core.Plan;

/// <summary>Turns a stream's tag outcomes into its <see cref="StreamPlan"/> and, when anything changed, its new status.</summary>
internal static class StreamPlanAssembler
{
    public static StreamPlan Assemble(ImageStreamDocument stream, long generation, IReadOnlyList<(SpecTag Tag, TagOutcome Outcome)> outcomes)
    {
        var changed = outcomes.Where(o => o.Outcome.Change is not null).ToList();
        return new StreamPlan
        {
            Stream = stream,
            Generation = generation,
            NewStatus = changed.Count == 0 ? null : BuildStatus(stream.Status, changed.Select(o => o.Outcome.Entry!)),
            Changes = changed.Select(o => o.Outcome.Change!).ToList(),
            Failures = outcomes.Select(o => o.Outcome.Failure).OfType<TagFailure>().ToList(),
            Deferred = outcomes.Select(o => o.Outcome.Deferred).OfType<DeferredTag>().ToList(),
            Held = outcomes.Select(o => o.Outcome.Held).OfType<HeldTag>().ToList(),
            Waiting = outcomes.Select(o => o.Outcome.Waiting).OfType<WaitingTag>().ToList(),
            Unverified = outcomes.Select(o => o.Outcome.Unverified).OfType<UnverifiedDigest>().ToList(),
            Problems = outcomes.SelectMany(o => o.Outcome.Problems).ToList(),
        };
    }

    /// <summary>
    /// The old tags with the changed ones replaced or added, sorted by name (ordinal), as the API
    /// server emits them. Entries for tags no longer in spec stay as they are (semantics 2.6).
    /// </summary>
    internal static ImageStreamStatus BuildStatus(ImageStreamStatus? old, IEnumerable<NamedTagEventList> changedEntries)
    {
        var byTag = new Dictionary<string, NamedTagEventList>(StringComparer.Ordinal);
        foreach (var entry in old?.Tags ?? [])
        {
            byTag.TryAdd(entry.Tag, entry);
        }

        foreach (var entry in changedEntries)
        {
            byTag[entry.Tag] = entry;
        }

        var tags = byTag.Values.OrderBy(e => e.Tag, StringComparer.Ordinal).ToList();
        return (old ?? new ImageStreamStatus()) with { Tags = tags };
    }
}
