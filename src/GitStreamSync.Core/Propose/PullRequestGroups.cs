using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
namespace GitStreamSync.Core.Propose;

/// <summary>One pull request's worth of a run: its head branch and what it proposes.</summary>
internal sealed record PullRequestGroup(string HeadBranch, PullRequestContent Content);

/// <summary>A head branch and the ImageStream it proposes for (null: the whole run).</summary>
internal sealed record PullRequestBranch(string HeadBranch, string? Stream);

/// <summary>
/// Cuts a run's content into pull requests, one per branch. Grouping by stream keeps each stream's
/// problems, deferred and held tags with it; those of streams with no pull request of their own (or
/// naming no stream) go to every group, so no reviewer misses them.
/// </summary>
internal static class PullRequestGroups
{
    /// <summary>
    /// One group per branch a run pushed (or found already proposing): a branch without a stream
    /// carries the whole content, a stream's branch that stream's part.
    /// </summary>
    public static IReadOnlyList<PullRequestGroup> ForBranches(PullRequestContent content, IReadOnlyList<PullRequestBranch> branches)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(branches);
        var streams = branches.Select(b => b.Stream).OfType<string>().ToHashSet(StringComparer.Ordinal);
        bool Belongs(string? itemStream, string stream) => itemStream == stream || itemStream is null || !streams.Contains(itemStream);
        return branches
            .Select(branch => branch.Stream is not { } stream
                ? new PullRequestGroup(branch.HeadBranch, content with { Group = null })
                : new PullRequestGroup(
                    branch.HeadBranch,
                    content with
                    {
                        Group = stream,
                        Changes = [.. content.Changes.Where(c => c.Key.Stream == stream)],
                        Problems = [.. content.Problems.Where(p => Belongs(p.Stream, stream))],
                        Deferred = [.. content.Deferred.Where(d => Belongs(d.Key.Stream, stream))],
                        Held = [.. content.Held.Where(h => Belongs(h.Key.Stream, stream))],
                        Waiting = [.. content.Waiting.Where(w => Belongs(w.Key.Stream, stream))],
                        Unverified = [.. content.Unverified.Where(w => Belongs(w.Key.Stream, stream))],
                    }))
            .ToList();
    }
}
