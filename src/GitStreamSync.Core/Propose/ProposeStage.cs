using GitStreamSync.Core.Record;
using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Core.Propose;

/// <summary>What a run knows per group, for <see cref="GroupKnowledge"/>: the tags' facts and the deferred tags.</summary>
internal sealed class RunKnowledge(IReadOnlyDictionary<TagKey, TagFacts> facts, IReadOnlyList<DeferredTag> deferred, string toolBranch)
{
    public static RunKnowledge Everything(string toolBranch) => new(new Dictionary<TagKey, TagFacts>(), [], toolBranch);

    public TagFacts? Facts(TagKey key) => facts.GetValueOrDefault(key);

    /// <summary>
    /// The group of a head branch: the stream name of <c>BRANCH/STREAM</c>, or null for the run's
    /// one branch (and for any other branch of the tool, say one left from before a <c>groupBy</c> change).
    /// </summary>
    public string? GroupOf(string headBranch) =>
        headBranch.StartsWith(toolBranch + "/", StringComparison.Ordinal) ? headBranch[(toolBranch.Length + 1)..] : null;

    public GroupKnowledge For(string headBranch, PullRequestMarker? open)
    {
        var group = GroupOf(headBranch);
        var deferredInGroup = deferred
            .Where(d => group is null || ImageStreamDocument.SplitDisplayName(d.StreamKey).Name == group)
            .Select(Deferral)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return GroupKnowledge.Of(open, deferredInGroup, Facts);
    }

    private string Deferral(DeferredTag tag)
    {
        var (file, stream) = ImageStreamDocument.SplitDisplayName(tag.StreamKey);
        return Facts(new TagKey(file, stream, tag.Tag))?.Deferral ?? tag.Reference;
    }
}

/// <summary>What the propose stage needs from the run: its branches as pushed, and what it found.</summary>
internal sealed record ProposeInput
{
    public required string BaseBranch { get; init; }
    public required string ToolBranch { get; init; }
    public required bool ByStream { get; init; }
    public required DateTimeOffset Now { get; init; }
    public required string RunId { get; init; }
    public required PullRequestSettings Settings { get; init; }
    public required PullRequestRunFacts Facts { get; init; }
    public required RunKnowledge Knowledge { get; init; }
    public required PullRequestListing Listing { get; init; }

    /// <summary>The branches that want a pull request: pushed, or found already proposing their changes.</summary>
    public IReadOnlyList<PullRequestBranch> Proposing { get; init; } = [];

    /// <summary>Whether the run pushed a commit: only then is a missing hosting service worth a word.</summary>
    public bool Pushed { get; init; }

    /// <summary>Whether the run committed on a local branch of a working copy without a remote.</summary>
    public bool CommittedLocally { get; init; }

    /// <summary>Open pull requests whose group the run left as it was (decided before the push).</summary>
    public IReadOnlyList<PullRequestResult> Kept { get; init; } = [];

    /// <summary>Pull requests closed with the branches that stood in the way of the push.</summary>
    public IReadOnlyList<ToolPullRequest> ClosedForRoom { get; init; } = [];
}

/// <summary>
/// The propose stage: after the push, open, update, keep or close the tool's pull requests
/// through <see cref="IPullRequestPublisher"/>, over the run's one listing. Before the push,
/// <see cref="HoldBack"/> says which branches must not move because their open pull request
/// proposes tags the run knows nothing about now. A hosting-service failure is a value in the
/// report (the run exits 3 after printing it), never a half-printed run.
/// </summary>
internal sealed class ProposeStage(PullRequestPort port, ILogger logger)
{
    /// <summary>
    /// The branches among <paramref name="branches"/> whose group has an open pull request that the
    /// run must leave exactly as it is (<see cref="GroupDecision.Keep"/>), with why.
    /// </summary>
    /// <param name="isPublished">Whether a branch exists on the remote: stands in for an open pull request when the listing failed.</param>
    public IReadOnlyList<PullRequestResult> HoldBack(IReadOnlyList<string> branches, PullRequestListing listing, RunKnowledge knowledge, Func<string, bool> isPublished)
    {
        ArgumentNullException.ThrowIfNull(branches);
        ArgumentNullException.ThrowIfNull(listing);
        ArgumentNullException.ThrowIfNull(knowledge);
        // With --no-pull-request too: pushing the branch would change the open pull request's diff all the same.
        if (port.Publisher is null)
        {
            return [];
        }

        var kept = new List<PullRequestResult>();
        foreach (var branch in branches)
        {
            var open = listing.OpenFor(branch);
            // Without a listing, a published branch may have an open pull request that proposes any tag of its
            // group: a tag deferred in this run could be one of them, and pushing would take it out of the diff.
            var unread = open is null && listing.Failure is not null && isPublished(branch);
            var group = knowledge.For(branch, open?.Marker);
            var decision = unread ? (group.Complete ? GroupDecision.Update : GroupDecision.Keep) : group.Decide(open is not null, hasChanges: true);
            if (decision == GroupDecision.Keep)
            {
                logger.LogWarning("{Branch} and its pull request are left as they are: {Why}", branch, group.Why);
                kept.Add(new PullRequestResult(PullRequestAction.Kept, branch, open?.Number, open?.Url) { Why = group.Why });
            }
        }

        return kept;
    }

    public async Task<ProposalReport> ProposeAsync(ProposeInput input, bool pushToBase, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var skipped = port.WhyNone(pushToBase, dryRun);
        if (skipped is not null)
        {
            return new ProposalReport { Skipped = skipped };
        }

        if (input.CommittedLocally)
        {
            return new ProposalReport { NotOpened = "nothing was pushed: the repository has no remote" };
        }

        if (port.Publisher is not { } publisher)
        {
            // Say "not on GitHub" only when a pull request was wanted: the run pushed something.
            return input.Pushed ? new ProposalReport { NotOpened = port.Unavailable } : ProposalReport.None;
        }

        if (input.Listing.Failure is { } failure)
        {
            return new ProposalReport { Repository = port.Repository, Failure = failure.Message };
        }

        var settings = input.Settings with
        {
            Branch = input.ToolBranch,
            GroupBy = input.ByStream ? Configuration.PullRequestGrouping.Stream : Configuration.PullRequestGrouping.Base,
        };
        var content = PullRequestContentBuilder.Build(input.Facts);
        var groups = PullRequestGroups.ForBranches(content, input.Proposing);
        var kept = input.Kept.Select(k => k.HeadBranch).ToHashSet(StringComparer.Ordinal);
        try
        {
            var results = await new PullRequestPublication(publisher, settings).PublishAsync(
                input.BaseBranch,
                groups,
                input.Listing.PullRequests,
                p => input.Knowledge.For(p.HeadBranch, p.Marker),
                input.Knowledge.Facts,
                kept,
                cancellationToken).ConfigureAwait(false);
            var closedForRoom = input.ClosedForRoom.Select(c => new PullRequestResult(PullRequestAction.Closed, c.HeadBranch, c.Number, c.Url) { Why = "pullRequests.groupBy changed" });
            return new ProposalReport { Repository = port.Repository, PullRequests = [.. input.Kept, .. closedForRoom, .. results] };
        }
        catch (PullRequestPublishException ex)
        {
            return new ProposalReport { Repository = port.Repository, Failure = ex.Message };
        }
    }
}
