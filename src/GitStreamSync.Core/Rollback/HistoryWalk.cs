namespace GitStreamSync.Core.Rollback;

/// <summary>
/// The effect of each commit of a walked history (see <see cref="RejectionFinder"/>), memoised: a revert
/// needs the effect of the commit it reverts, which may itself be a revert.
/// </summary>
internal sealed class HistoryWalk
{
    private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<HistoryCommit> commits;
    private readonly HashSet<string> mainline = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<Step>> effects = new(StringComparer.Ordinal);
    private readonly HashSet<string> inProgress = new(StringComparer.Ordinal);

    public HistoryWalk(IReadOnlyList<HistoryCommit> commits)
    {
        this.commits = commits;
        for (var i = 0; i < commits.Count; i++)
        {
            index.TryAdd(commits[i].Id, i);
        }

        // The first-parent chain from the tip: what a merge commit's other parents join.
        for (var at = commits.Count > 0 ? commits[0] : null; at is not null && mainline.Add(at.Id);)
        {
            at = at.ParentIds.Count > 0 && index.TryGetValue(at.ParentIds[0], out var parent) ? commits[parent] : null;
        }
    }

    public IReadOnlyList<Step> EffectOf(HistoryCommit commit)
    {
        if (effects.TryGetValue(commit.Id, out var known))
        {
            return known;
        }

        // A message cannot name its own descendant, but a forged one could name a cycle: no effect then.
        if (!inProgress.Add(commit.Id))
        {
            return [];
        }

        var effect = Compute(commit);
        inProgress.Remove(commit.Id);
        effects[commit.Id] = effect;
        return effect;
    }

    private List<Step> Compute(HistoryCommit commit)
    {
        var message = ToolMessage.Read(commit.Message);
        if (message.RevertedCommit is { } reverted && index.TryGetValue(reverted, out var target))
        {
            var source = $"reverted in {commit.ShortId} ({message.ShortSubject})";
            return RevertedEffect(commits[target])
                .Select(step => step with { Reject = !step.Reject, Kind = RejectionKind.Reverted, By = commit.Id, Source = source })
                .ToList();
        }

        if (commit.IsMerge)
        {
            return [];
        }

        if (message.IsFromTool)
        {
            var rolledBack = $"rolled back in {commit.ShortId} ({message.ShortSubject})";
            return
            [
                .. message.Digests.Select(d => new Step(d.Key, d.NewDigest, Reject: false, RejectionKind.RolledBack, commit.Id, rolledBack)),
                .. message.Rejected.Select(r => new Step(r.Key, r.Digest, Reject: true, RejectionKind.RolledBack, commit.Id, rolledBack)),
            ];
        }

        // A person's edit; also a revert whose reverted commit lies beyond the walked depth.
        var (kind, text) = message.RevertedCommit is null
            ? (RejectionKind.ChangedByHand, $"changed by hand in {commit.ShortId} by {commit.Author.Name} ({message.ShortSubject})")
            : (RejectionKind.Reverted, $"reverted in {commit.ShortId} ({message.ShortSubject})");
        var steps = new List<Step>();
        foreach (var transition in commit.Transitions)
        {
            if (transition.After is null || transition.Before == transition.After)
            {
                continue;
            }

            if (transition.Before is not null)
            {
                steps.Add(new Step(transition.Key, transition.Before, Reject: true, kind, commit.Id, text));
            }

            steps.Add(new Step(transition.Key, transition.After, Reject: false, kind, commit.Id, text));
        }

        return steps;
    }

    /// <summary>What reverting <paramref name="target"/> undoes: its own effect, or for a merge commit the effects of the commits it merged.</summary>
    private IEnumerable<Step> RevertedEffect(HistoryCommit target) =>
        target.IsMerge ? MergedCommits(target).SelectMany(EffectOf) : EffectOf(target);

    /// <summary>The commits a merge brought in: reachable from its other parents without reaching the first-parent chain; oldest first.</summary>
    private IEnumerable<HistoryCommit> MergedCommits(HistoryCommit merge)
    {
        var found = new HashSet<int>();
        var pending = new Stack<string>(merge.ParentIds.Skip(1));
        while (pending.TryPop(out var id))
        {
            if (mainline.Contains(id) || !index.TryGetValue(id, out var at) || !found.Add(at))
            {
                continue;
            }

            foreach (var parent in commits[at].ParentIds)
            {
                pending.Push(parent);
            }
        }

        return found.OrderDescending().Select(i => commits[i]);
    }
}
