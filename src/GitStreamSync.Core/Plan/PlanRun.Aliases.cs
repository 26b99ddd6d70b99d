using GitStreamSync.Core.Read;
namespace GitStreamSync.Core.Plan;

/// <summary>ImageStreamTag and ImageStreamImage sources, resolved inside the repository (semantics 2.4).</summary>
internal sealed partial class PlanRun
{
    private readonly List<(int Stream, string Tag)> inProgress = [];
    private readonly HashSet<(int Stream, string Tag)> cycleMembers = [];
    private readonly Dictionary<(int Stream, string Tag), Problem> cycleProblems = [];

    /// <summary>
    /// Copies the source tag's items[0], created included, with this stream's generation. OpenShift
    /// keeps only same-stream aliases tracking their source; here every alias follows its source's
    /// current status on each run, because the repository, not a cluster, is what consumers read.
    /// A source without items adds nothing and is no problem (OpenShift tolerates it too).
    /// </summary>
    private TagOutcome EvaluateStreamTag(int s, SpecTag tag)
    {
        var from = tag.From!;
        var (streamName, sourceTag) = StreamLookup.SplitStreamTag(from.Name);
        var (target, error) = lookup.Find(s, streamName, from.Namespace);
        if (error is not null)
        {
            return WithProblem(s, tag, $"tag \"{tag.Name}\": ImageStreamTag \"{from.Name}\": {error}");
        }

        NamedTagEventList? source;
        if (planned[target] && specTags[target].TryGetValue(sourceTag, out var sourceSpec))
        {
            var sourceKey = (target, sourceTag);
            var at = inProgress.IndexOf(sourceKey);
            if (at >= 0)
            {
                ReportCycle(at);
                return Unchanged(s, tag.Name);
            }

            source = Evaluate(target, sourceSpec).Entry;
        }
        else
        {
            source = current[target].GetValueOrDefault(sourceTag);
        }

        if (source is null || source.Items.Count == 0)
        {
            return Unchanged(s, tag.Name);
        }

        return ApplyEvent(s, tag, source.Items[0] with { Generation = generations[s] }, kind: null, resolved: null);
    }

    /// <summary>
    /// Searches every history item of the referenced stream for a digest starting with the id; exactly
    /// one image must match. The search sees the stream after this run's DockerImage tags and before
    /// its own aliases, so an ImageStreamImage never waits on an alias and cannot form a cycle.
    /// </summary>
    private TagOutcome EvaluateStreamImage(int s, SpecTag tag)
    {
        var from = tag.From!;
        var (streamName, id) = StreamLookup.SplitStreamImage(from.Name);
        var (target, error) = lookup.Find(s, streamName, from.Namespace);
        if (error is not null)
        {
            return WithProblem(s, tag, $"tag \"{tag.Name}\": ImageStreamImage \"{from.Name}\": {error}");
        }

        if (id.Length == 0)
        {
            return WithProblem(s, tag, $"tag \"{tag.Name}\": ImageStreamImage \"{from.Name}\" names no image id");
        }

        var matches = new List<TagEvent>();
        foreach (var entry in SnapshotForImageSearch(target))
        {
            foreach (var item in entry.Items)
            {
                if (MatchesId(item.Image, id) && !matches.Exists(m => m.Image == item.Image))
                {
                    matches.Add(item);
                }
            }
        }

        if (matches.Count != 1)
        {
            var why = matches.Count == 0
                ? $"no image in imagestream \"{streams[target].Name}\" matches \"{id}\""
                : $"\"{id}\" is ambiguous in imagestream \"{streams[target].Name}\": {string.Join(", ", matches.Select(m => m.Image))}";
            return WithProblem(s, tag, $"tag \"{tag.Name}\": ImageStreamImage \"{from.Name}\": {why}");
        }

        var next = new TagEvent(now, matches[0].DockerImageReference, matches[0].Image, generations[s]);
        return ApplyEvent(s, tag, next, kind: null, resolved: null);
    }

    /// <summary>Status tags sorted by name: this run's result for DockerImage spec tags, the file's for the rest.</summary>
    private IEnumerable<NamedTagEventList> SnapshotForImageSearch(int target)
    {
        var names = current[target].Keys.Union(specTags[target].Keys).Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var entry = planned[target]
                && specTags[target].TryGetValue(name, out var spec)
                && spec.From is { Kind: TagSourceKind.DockerImage }
                    ? Evaluate(target, spec).Entry
                    : current[target].GetValueOrDefault(name);
            if (entry is not null)
            {
                yield return entry;
            }
        }
    }

    private static bool MatchesId(string image, string id)
    {
        if (image.Length == 0)
        {
            return false;
        }

        var colon = image.IndexOf(':', StringComparison.Ordinal);
        return image.StartsWith(id, StringComparison.Ordinal)
            || (colon >= 0 && image.AsSpan(colon + 1).StartsWith(id, StringComparison.Ordinal));
    }

    private void ReportCycle(int start)
    {
        var members = inProgress.Skip(start).ToList();
        cycleMembers.UnionWith(members);
        var first = members[0];
        var path = string.Join(" -> ", members.Append(first).Select(m => $"{streams[m.Stream].Name}:{m.Tag}"));
        var location = specTags[first.Stream][first.Tag].Location;
        cycleProblems[first] = new Problem(streams[first.Stream].FilePath, location, $"ImageStreamTag cycle: {path}; these tags are left unchanged");
    }

    private TagOutcome WithProblem(int s, SpecTag tag, string message)
    {
        var outcome = Unchanged(s, tag.Name);
        outcome.Problems.Add(new Problem(streams[s].FilePath, tag.Location, message));
        return outcome;
    }
}
