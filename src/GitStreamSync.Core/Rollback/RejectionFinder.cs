using GitStreamSync.Core.Images;
using GitStreamSync.Core.Record;
namespace GitStreamSync.Core.Rollback;

/// <summary>
/// Derives the rejected digests per tag from the base branch's history and the closed pull requests
/// so that what people rolled back is not proposed again, with no state of its own. Each commit has an effect, a list of "reject D for T" and
/// "accept D for T" steps, applied oldest first:
/// <list type="bullet">
/// <item>the tool's commit (its trailers; also a squash merge of its pull request) accepts the digests
/// it sets and rejects those in its <c>Rejected-Digest</c> trailers (<c>rollback</c>);</item>
/// <item>a revert has the inverse of the reverted commit's effect (for a merge commit: of the commits it
/// merged), so reverting the tool's commit rejects its digests and reverting the revert accepts them again;</item>
/// <item>a person's single-parent commit rejects the digest it moved <c>items[0]</c> away from and accepts
/// the one it moved to (a hand edit); a commit that removes the tag rejects nothing;</item>
/// <item>a merge commit has no effect of its own: the commits it merges are in the history too.</item>
/// </list>
/// A pull request closed unmerged rejects what it proposed, unless a commit later than the close accepted it.
/// </summary>
internal static class RejectionFinder
{
    public static RejectionSet Find(RollbackEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var walk = new HistoryWalk(evidence.Commits);
        var state = new Dictionary<(TagKey Key, Digest Digest), Step>();
        for (var i = evidence.Commits.Count - 1; i >= 0; i--)
        {
            foreach (var step in walk.EffectOf(evidence.Commits[i]))
            {
                state[(step.Key, step.Digest)] = step with { At = evidence.Commits[i].CommittedAt };
            }
        }

        foreach (var pull in evidence.ClosedPullRequests.OrderBy(p => p.ClosedAt ?? DateTimeOffset.MinValue).ThenBy(p => p.Number))
        {
            var closedAt = pull.ClosedAt ?? DateTimeOffset.MinValue;
            foreach (var proposed in pull.Proposed)
            {
                // A commit after the close (a person or --include-rejected setting the digest) decides.
                if (state.TryGetValue((proposed.Key, proposed.Digest), out var later) && later.At > closedAt)
                {
                    continue;
                }

                var number = pull.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
                state[(proposed.Key, proposed.Digest)] = new Step(
                    proposed.Key, proposed.Digest, Reject: true, RejectionKind.ClosedPullRequest, "#" + number, $"closed pull request #{number}") { At = closedAt };
            }
        }

        return new RejectionSet(state.Values
            .Where(step => step.Reject)
            .Select(step => new RejectedDigest(step.Key, step.Digest, step.Kind, step.By, step.Source))
            .ToList());
    }
}

/// <summary>One step of a commit's effect: reject (or accept again) <see cref="Digest"/> for <see cref="Key"/>.</summary>
internal sealed record Step(TagKey Key, Digest Digest, bool Reject, RejectionKind Kind, string By, string Source)
{
    /// <summary>When the step took effect (committer time, or the pull request's close).</summary>
    public DateTimeOffset At { get; init; }
}
