using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Core.Rollback;

/// <summary>
/// The sync run's rollback step: reads the base branch's recent history and the closed pull
/// requests of the run's one listing (none when the run talks to no hosting service), and turns
/// the rejections into the digests the planner holds. No state of its own: Git and the pull
/// requests are the record.
/// </summary>
internal sealed class RollbackDetection(ICommitHistoryReader history, ILogger logger)
{
    public async Task<RejectionSet> FindAsync(IRepositoryWorkspace workspace, int depth, PullRequestListing listing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(listing);
        if (listing.Failure is { } failure && failure.Kind != PullRequestFailureKind.MissingCredentials)
        {
            // The propose stage reports the same failure and ends the run with exit 3; reverts in history still hold.
            logger.LogWarning("closed pull requests not read: {Message}", failure.Message);
        }

        var commits = await history.ReadAsync(workspace, depth, cancellationToken).ConfigureAwait(false);
        var closed = ClosedUnmerged(listing.PullRequests, workspace.BaseBranch);
        var rejections = RejectionFinder.Find(new RollbackEvidence(commits.Commits, closed) { Truncated = commits.Truncated });
        logger.LogInformation(
            "read {Commits} commits of {Base}{More} and {Closed} closed pull requests: {Rejected} rejected digests",
            commits.Commits.Count, workspace.BaseBranch, commits.Truncated ? " (depth limit)" : "", closed.Count, rejections.Count);
        return rejections;
    }

    /// <summary>
    /// The tool's pull requests for <paramref name="baseBranch"/> that a person closed without merging.
    /// A closed rollback pull request declined going back, so it rejects nothing.
    /// </summary>
    public static IReadOnlyList<ClosedPullRequest> ClosedUnmerged(IEnumerable<ToolPullRequest> pullRequests, string baseBranch) =>
        pullRequests
            .Where(p => p.State == ToolPullRequestState.ClosedUnmerged && !p.Marker.ClosedByTool && p.Marker.BaseBranch == baseBranch
                && !RollbackPullRequest.IsRollback(p.Marker))
            .Select(p => new ClosedPullRequest(
                p.Number,
                p.ClosedAt,
                p.Marker.Entries.Select(e => new ProposedDigest(e.Key, e.NewDigest)).ToList()))
            .ToList();

    /// <summary>
    /// The planner's held digests, leaving out the tags whose hold is released in configuration
    /// (<c>rollback.includeRejected</c>: <c>FILE#STREAM:TAG</c> or <c>STREAM:TAG</c>).
    /// </summary>
    public static IReadOnlyList<HeldDigest> Held(RejectionSet rejections, IReadOnlyCollection<string> includeRejected)
    {
        ArgumentNullException.ThrowIfNull(rejections);
        ArgumentNullException.ThrowIfNull(includeRejected);
        return rejections.All
            .Where(r => !includeRejected.Contains(r.Key.ToString()) && !includeRejected.Contains($"{r.Key.Stream}:{r.Key.Tag}"))
            .Select(r => new HeldDigest(r.StreamKey, r.Key.Tag, r.Digest, r.Source))
            .ToList();
    }
}
