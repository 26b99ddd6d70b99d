using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Record;
using System.Globalization;

namespace GitStreamSync.Core.Rollback;

/// <summary>
/// <c>gitstreamsync rollback</c> without I/O: finds the stream and tag, picks the history item to go
/// back to, and makes it current as a new event (the run's <c>now</c>, the stream's next generation),
/// merged by the planner's own OpenShift rules (semantics 2.3.1, <see cref="TagHistory"/>): history
/// limit respected, the tag's conditions cleared. A request that cannot be met is a refusal naming
/// the file and the tag, never a partial plan.
/// </summary>
internal static class RollbackPlanner
{
    public static RollbackPlanResult Plan(IReadOnlyList<ImageStreamDocument> streams, RollbackTarget target, DateTimeOffset now, int historyLimit)
    {
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(target);
        if (FindStream(streams, target.Stream) is not { } stream)
        {
            return RollbackPlanResult.Refused(StreamRefusal(streams, target.Stream));
        }

        var name = $"{stream.DisplayName}:{target.Tag}";
        var spec = stream.SpecTags.FirstOrDefault(t => t.Name == target.Tag);
        var entry = stream.Status?.Tags.FirstOrDefault(t => t.Tag == target.Tag);
        if (spec is null && entry is null)
        {
            var tags = stream.SpecTags.Select(t => t.Name).Concat(stream.Status?.Tags.Select(t => t.Tag) ?? []).Distinct().Order(StringComparer.Ordinal);
            return RollbackPlanResult.Refused($"{stream.DisplayName} has no tag '{target.Tag}' (its tags: {string.Join(", ", tags)})");
        }

        var items = entry?.Items ?? [];
        if (items.Count < 2)
        {
            return RollbackPlanResult.Refused($"{name} has {(items.Count == 0 ? "no history" : "only its current item")} in status: there is no older item to roll back to");
        }

        var (index, refusal) = target.To is { } to ? ByDigest(name, items, to) : BySteps(name, items, target.Steps);
        if (refusal is not null)
        {
            return RollbackPlanResult.Refused(refusal);
        }

        var chosen = items[index];
        if (!Digest.TryParse(chosen.Image, out var toDigest))
        {
            return RollbackPlanResult.Refused($"{name}: items[{index}] has no image digest (image \"{chosen.Image}\"), so it cannot be rolled back to{HistoryText(items)}");
        }

        if (chosen.Image == items[0].Image)
        {
            return RollbackPlanResult.Refused($"{name} is already at {toDigest} (items[0]): nothing to roll back{HistoryText(items)}");
        }

        var generation = StreamGeneration.Next(stream);
        var at = PlanRun.TruncateToSeconds(now);
        var next = new TagEvent(at, chosen.DockerImageReference, chosen.Image, generation);
        var (merged, _) = TagHistory.ApplySuccess(entry, target.Tag, next, spec?.Generation, historyLimit);
        var status = stream.Status! with { Tags = [.. stream.Status!.Tags.Select(t => t.Tag == target.Tag ? merged : t)] };
        var change = new TagChange(
            stream.DisplayName, stream.FilePath, stream.Name, target.Tag, TagChangeKind.Updated,
            items[0].DockerImageReference, items[0].Image, merged.Items[0].DockerImageReference, merged.Items[0].Image);
        var (rolled, followers) = RollbackFollowers.Apply(
            streams, new StreamPlan { Stream = stream, NewStatus = status, Generation = generation, Changes = [change] }, target.Tag, historyLimit);
        return RollbackPlanResult.Planned(new RollbackPlan(
            new TagKey(stream.FilePath, stream.Name, target.Tag),
            index,
            items[0],
            chosen,
            rolled,
            at) { Followers = followers });
    }

    /// <summary>By <c>FILE#STREAM</c>, or by name when exactly one file defines it.</summary>
    private static ImageStreamDocument? FindStream(IReadOnlyList<ImageStreamDocument> streams, string name)
    {
        var byKey = streams.Where(s => s.DisplayName == name).ToList();
        if (byKey.Count == 1)
        {
            return byKey[0];
        }

        var byName = streams.Where(s => s.Name == name).ToList();
        return byName.Count == 1 ? byName[0] : null;
    }

    private static string StreamRefusal(IReadOnlyList<ImageStreamDocument> streams, string name)
    {
        var byName = streams.Where(s => s.Name == name).Select(s => s.DisplayName).Order(StringComparer.Ordinal).ToList();
        if (byName.Count > 1)
        {
            return $"ImageStream '{name}' is defined in {byName.Count} places; name one as FILE#STREAM:TAG: {string.Join(", ", byName)}";
        }

        var known = streams.Select(s => s.Name).Distinct().Order(StringComparer.Ordinal).ToList();
        return known.Count == 0
            ? $"no ImageStream '{name}': the repository has no ImageStreams"
            : $"no ImageStream '{name}' (the repository has: {string.Join(", ", known.Take(20))}{(known.Count > 20 ? ", ..." : "")})";
    }

    private static (int Index, string? Refusal) BySteps(string name, IReadOnlyList<TagEvent> items, int steps) =>
        steps >= 1 && steps < items.Count
            ? (steps, null)
            : (-1, $"--steps {steps} is out of range for {name}: its history has {items.Count} items, so --steps takes 1 to {items.Count - 1}{HistoryText(items)}");

    /// <summary>A full digest, or a hex prefix (with or without <c>sha256:</c>) that names one digest of the history.</summary>
    private static (int Index, string? Refusal) ByDigest(string name, IReadOnlyList<TagEvent> items, string to)
    {
        var colon = to.IndexOf(':', StringComparison.Ordinal);
        var algorithm = colon < 0 ? null : to[..colon];
        var hex = (colon < 0 ? to : to[(colon + 1)..]).ToLowerInvariant();
        if (hex.Length < RollbackTarget.MinimumPrefix || !hex.All(Uri.IsHexDigit))
        {
            return (-1, $"--to '{to}' for {name} is not a digest or a hex prefix of at least {RollbackTarget.MinimumPrefix} characters");
        }

        var matches = items
            .Select((item, index) => (Index: index, Digest: Digest.TryParse(item.Image, out var d) ? d : null))
            .Where(m => m.Digest is not null && (algorithm is null || m.Digest.Algorithm == algorithm) && m.Digest.Hex.StartsWith(hex, StringComparison.Ordinal))
            .ToList();
        var distinct = matches.Select(m => m.Digest!).Distinct().ToList();
        return distinct.Count switch
        {
            0 => (-1, $"{name} has no item {to} in its history{HistoryText(items)}"),
            1 => (matches[0].Index, null),
            _ => (-1, $"--to '{to}' matches {distinct.Count} digests in the history of {name}: {string.Join(", ", distinct)}; give more characters"),
        };
    }

    /// <summary>The history as a reader picks from it: index, digest, created, and which is current.</summary>
    private static string HistoryText(IReadOnlyList<TagEvent> items)
    {
        var lines = items.Select((item, i) => string.Create(
            CultureInfo.InvariantCulture,
            $"\n  items[{i}] {(item.Image.Length == 0 ? "(no image)" : item.Image)} created {item.Created.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}{(i == 0 ? " (current)" : "")}"));
        return "; its history, newest first:" + string.Concat(lines);
    }
}

/// <summary>A rollback plan, or the reason none can be made (<see cref="Refusal"/>, one or more lines).</summary>
internal sealed record RollbackPlanResult(RollbackPlan? Plan, string? Refusal)
{
    public static RollbackPlanResult Planned(RollbackPlan plan) => new(plan, null);

    public static RollbackPlanResult Refused(string refusal) => new(null, refusal);
}
