using GitStreamSync.Core.Record;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Core.Rollback;

/// <summary>
/// The sync run's rollback step: reads the base branch's recent history, the repository's record of
/// rejections (<c>refs/gitstreamsync/rejections</c>) and the closed pull requests of the run's one
/// listing (none when the run talks to no hosting service; the listing needs only those closed since
/// the record's newest entry, <see cref="RejectionRecord.NewestClosedAt"/>), and turns the rejections
/// into the digests the planner holds. Recording what the run learned is a separate call
/// (<see cref="RecordAsync"/>), which a run that writes nothing does not make.
/// </summary>
internal sealed class RollbackDetection(ICommitHistoryReader history, ILogger logger, IRejectionLog? record = null)
{
    // A lost race on the record is re-read and re-appended this many times in all.
    private const int RecordAttempts = 3;

    /// <summary>The rejections to hold, reading the record as fetched with the workspace.</summary>
    public async Task<RejectionSet> FindAsync(IRepositoryWorkspace workspace, int depth, PullRequestListing listing, CancellationToken cancellationToken) =>
        (await DetectAsync(workspace, depth, await ReadRecordAsync(workspace, refresh: false, cancellationToken).ConfigureAwait(false), listing, cancellationToken).ConfigureAwait(false)).Rejections;

    /// <summary>
    /// Held digests from the history walk, the whole record and the closed pull requests of
    /// <paramref name="listing"/> the record does not hold yet (so a run that records nothing still holds them).
    /// </summary>
    public async Task<RollbackFindings> DetectAsync(
        IRepositoryWorkspace workspace, int depth, RejectionRecord known, PullRequestListing pullRequests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(pullRequests);
        if (pullRequests.Failure is { } failure && failure.Kind != PullRequestFailureKind.MissingCredentials)
        {
            // The propose stage reports the same failure and ends the run with exit 3; the record and reverts in history still hold.
            logger.LogWarning("closed pull requests not read: {Message}", failure.Message);
        }

        var listing = pullRequests.PullRequests;
        var commits = await history.ReadAsync(workspace, depth, cancellationToken).ConfigureAwait(false);
        var unrecorded = known.Unrecorded(listing);
        // A listed close the record holds counts as recorded: a person may have released it there since.
        var closed = known.ClosedPullRequests(workspace.BaseBranch)
            .Concat(ClosedUnmerged(listing, workspace.BaseBranch).Where(p => p.ClosedAt is not { } at || !known.Holds(p.Number, at)))
            .ToList();
        var rejections = RejectionFinder.Find(new RollbackEvidence(commits.Commits, closed) { Truncated = commits.Truncated });
        logger.LogInformation(
            "read {Commits} commits of {Base}{More}, {Recorded} closed pull requests in {Ref} and {Listed} listed since its newest ({New} not recorded yet): {Rejected} rejected digests",
            commits.Commits.Count, workspace.BaseBranch, commits.Truncated ? " (depth limit)" : "", known.PullRequestCount, IRejectionLog.RefName,
            listing.Count(p => p.State != ToolPullRequestState.Open), unrecorded.Count, rejections.Count);
        return new RollbackFindings(rejections, known, unrecorded);
    }

    /// <summary>The record as fetched with the workspace (empty without a record port or a record).</summary>
    public async Task<RejectionRecord> ReadRecordAsync(IRepositoryWorkspace workspace, bool refresh, CancellationToken cancellationToken) =>
        record is null ? RejectionRecord.Empty : new RejectionRecord(await record.ReadAsync(workspace, refresh, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Appends the closed pull requests the record did not hold, one commit each, pushed with a lease.
    /// When another run moved the record meanwhile, it is read again and only what is still missing is
    /// appended, a bounded number of times. A record that cannot be written is a warning: this run
    /// holds the digests anyway, and the next run that can write records them.
    /// </summary>
    public async Task<int> RecordAsync(IRepositoryWorkspace workspace, RollbackFindings findings, GitIdentity committer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(findings);
        if (record is null || findings.Unrecorded.Count == 0)
        {
            return 0;
        }

        var known = findings.Record;
        var learned = findings.Unrecorded;
        for (var attempt = 1; ; attempt++)
        {
            var missing = learned.Where(r => !known.Holds(r.Number, r.ClosedAt)).ToList();
            if (missing.Count == 0)
            {
                return 0;
            }

            try
            {
                var append = new RejectionLogAppend(
                    known.Tip, [.. missing.Select(RejectionRecordMessage.Format)], RejectionRecordMessage.ReadmeFileName, RejectionRecordMessage.ReadmeText, committer, now);
                if (await record.AppendAsync(workspace, append, cancellationToken).ConfigureAwait(false) is not { } tip)
                {
                    return 0;
                }

                logger.LogInformation(
                    "recorded {Count} closed pull requests ({Digests} rejected digests) in {Ref} at {Tip}",
                    missing.Count, missing.Sum(r => r.Digests.Count), IRejectionLog.RefName, CommitId.Short(tip));
                return missing.Count;
            }
            catch (RejectionLogMovedException moved) when (attempt < RecordAttempts)
            {
                logger.LogInformation("{Message}; reading it again (attempt {Attempt} of {Max})", moved.Message, attempt + 1, RecordAttempts);
                known = await ReadRecordAsync(workspace, refresh: true, cancellationToken).ConfigureAwait(false);
            }
            catch (RepositoryException ex)
            {
                logger.LogWarning("rejections not recorded in {Ref}: {Message}; they are held in this run and recorded by the next run that can push", IRejectionLog.RefName, ex.Message);
                return 0;
            }
        }
    }

    /// <summary>The tool's pull requests a person closed without merging, on any base; a closed rollback pull request declined going back, so it rejects nothing.</summary>
    public static IEnumerable<ToolPullRequest> PersonClosed(IEnumerable<ToolPullRequest> pullRequests) =>
        pullRequests.Where(p => p.State == ToolPullRequestState.ClosedUnmerged && !p.Marker.ClosedByTool && !RollbackPullRequest.IsRollback(p.Marker));

    /// <summary>
    /// The tool's pull requests for <paramref name="baseBranch"/> that a person closed without merging.
    /// A closed rollback pull request declined going back, so it rejects nothing.
    /// </summary>
    public static IReadOnlyList<ClosedPullRequest> ClosedUnmerged(IEnumerable<ToolPullRequest> pullRequests, string baseBranch) =>
        PersonClosed(pullRequests)
            .Where(p => p.Marker.BaseBranch == baseBranch)
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

/// <summary>
/// What rollback detection found: the rejections to hold, the record as read, and the closed pull
/// requests the record does not hold yet (what <see cref="RollbackDetection.RecordAsync"/> appends).
/// </summary>
internal sealed record RollbackFindings(RejectionSet Rejections, RejectionRecord Record, IReadOnlyList<RecordedRejection> Unrecorded);
