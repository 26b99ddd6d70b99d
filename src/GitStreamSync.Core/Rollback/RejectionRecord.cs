using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Record;

namespace GitStreamSync.Core.Rollback;

/// <summary>
/// The record of rejections kept on <c>refs/gitstreamsync/rejections</c>, read oldest commit first:
/// each closed-unmerged pull request learned rejects what it proposed, and a later
/// <c>Released-Digest</c> trailer accepts one of those again (until another pull request proposing it
/// is closed). The record is what makes a rejection outlive the API's listing, an unavailable API and
/// a fresh clone.
/// </summary>
internal sealed class RejectionRecord
{
    private readonly HashSet<(int Number, DateTimeOffset ClosedAt)> recorded = [];
    private readonly Dictionary<(TagKey Key, Digest Digest), RecordedRejection> active = [];

    public RejectionRecord(RejectionLogState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Tip = state.Tip;
        CommitCount = state.Commits.Count;
        foreach (var commit in state.Commits)
        {
            var read = RejectionRecordMessage.Parse(commit.Message);
            foreach (var released in read.Released)
            {
                active.Remove((released.Key, released.Digest));
            }

            if (read.Rejection is not { } rejection)
            {
                continue;
            }

            recorded.Add((rejection.Number, rejection.ClosedAt));
            NewestClosedAt = NewestClosedAt is { } newest && newest >= rejection.ClosedAt ? newest : rejection.ClosedAt;
            foreach (var digest in rejection.Digests)
            {
                active[(digest.Key, digest.Digest)] = rejection;
            }
        }
    }

    public static RejectionRecord Empty { get; } = new(RejectionLogState.Empty);

    /// <summary>The record's tip commit as read; null when the repository has no record yet.</summary>
    public string? Tip { get; }

    public int CommitCount { get; }

    /// <summary>How many pull requests the record holds.</summary>
    public int PullRequestCount => recorded.Count;

    /// <summary>The latest close the record knows: a listing of closed pull requests needs nothing older.</summary>
    public DateTimeOffset? NewestClosedAt { get; private set; }

    /// <summary>Whether the record holds this close of pull request <paramref name="number"/> (compared to the second, as the record keeps it).</summary>
    public bool Holds(int number, DateTimeOffset closedAt) => recorded.Contains((number, TruncateToSeconds(closedAt)));

    /// <summary>The recorded pull requests for <paramref name="baseBranch"/> with the digests still rejected (released ones left out).</summary>
    public IReadOnlyList<ClosedPullRequest> ClosedPullRequests(string baseBranch) =>
        active
            .Where(a => a.Value.BaseBranch == baseBranch)
            .GroupBy(a => (a.Value.Number, a.Value.ClosedAt))
            .OrderBy(g => g.Key.ClosedAt)
            .ThenBy(g => g.Key.Number)
            .Select(g => new ClosedPullRequest(
                g.Key.Number,
                g.Key.ClosedAt,
                [.. g.Select(a => new ProposedDigest(a.Key.Key, a.Key.Digest))
                    .OrderBy(p => p.Key.ToString(), StringComparer.Ordinal)
                    .ThenBy(p => p.Digest.ToString(), StringComparer.Ordinal)]))
            .ToList();

    /// <summary>
    /// The tool's pull requests (any base) a person closed unmerged that the record does not hold yet,
    /// oldest close first, as the record will keep them. A pull request without a close instant or
    /// without a proposed digest teaches nothing.
    /// </summary>
    public IReadOnlyList<RecordedRejection> Unrecorded(IEnumerable<ToolPullRequest> listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        var seen = new HashSet<(int, DateTimeOffset)>();
        var found = new List<RecordedRejection>();
        foreach (var pull in RollbackDetection.PersonClosed(listing))
        {
            if (pull.ClosedAt is not { } closedAt || pull.Marker.Entries.Count == 0)
            {
                continue;
            }

            // The record keeps seconds: an API's milliseconds must not make the same close new again.
            var at = TruncateToSeconds(closedAt);
            if (Holds(pull.Number, at) || !seen.Add((pull.Number, at)))
            {
                continue;
            }

            found.Add(new RecordedRejection(
                pull.Number,
                pull.Url,
                pull.Marker.BaseBranch,
                at,
                [.. pull.Marker.Entries.Select(e => new RejectedTrailer(e.Key, e.NewDigest)).Distinct()]));
        }

        return [.. found.OrderBy(r => r.ClosedAt).ThenBy(r => r.Number)];
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }
}
