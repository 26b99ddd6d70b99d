using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
using System.Globalization;
using System.Text;

namespace GitStreamSync.Core.Propose;

/// <summary>
/// The propose stage of a run, after its branches are pushed: over the run's one listing of the
/// tool's pull requests, close the open ones for this base that no group wants any more when the
/// run knows that group completely (<see cref="GroupKnowledge"/>), keep the others as they are,
/// then open or update one pull request per group, holding back new ones past <c>pullRequests.maxOpen</c>.
/// </summary>
internal sealed class PullRequestPublication(IPullRequestPublisher publisher, PullRequestSettings settings)
{
    public IPullRequestPublisher Publisher => publisher;
    // Read once, so a bad title template stops the run before any pull request is touched.
    private readonly PullRequestTitleTemplate _title = PullRequestTitleTemplate.For(settings);

    /// <param name="baseBranch">The base branch the run worked on.</param>
    /// <param name="groups">The pull requests the run wants (empty when nothing is left to change).</param>
    /// <param name="listed">The run's one listing of the tool's pull requests.</param>
    /// <param name="knowledge">What the run knows of the group of an open pull request no group wants; null: everything.</param>
    /// <param name="facts">What the run learned about a tag, to say per tag why a pull request is closed; null when unknown.</param>
    /// <param name="kept">Head branches the run left as they are before the push: neither updated nor closed.</param>
    public async Task<IReadOnlyList<PullRequestResult>> PublishAsync(
        string baseBranch,
        IReadOnlyList<PullRequestGroup> groups,
        IReadOnlyList<ToolPullRequest> listed,
        Func<ToolPullRequest, GroupKnowledge>? knowledge,
        Func<TagKey, TagFacts?>? facts,
        IReadOnlyCollection<string> kept,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(listed);
        var wanted = groups.Select(g => g.HeadBranch).Concat(kept).ToHashSet(StringComparer.Ordinal);
        var open = listed.Where(p => p.State == ToolPullRequestState.Open).ToList();

        // The tool's other pull requests for this base (say, the one it closed when groupBy changed) know when a digest was first proposed.
        var earlier = listed.Where(p => p.BaseBranch == baseBranch && p.State is ToolPullRequestState.Open or ToolPullRequestState.ClosedByTool).Select(p => p.Marker).ToList();
        var results = new List<PullRequestResult>();
        var closed = 0;
        foreach (var pullRequest in Stale(open, baseBranch, wanted))
        {
            if (knowledge?.Invoke(pullRequest) is { Complete: false } partial)
            {
                results.Add(new PullRequestResult(PullRequestAction.Kept, pullRequest.HeadBranch, pullRequest.Number, pullRequest.Url) { Why = partial.Why });
                continue;
            }

            var comment = CloseComment(baseBranch, pullRequest.Marker, facts);
            if (await publisher.CloseAsync(pullRequest.HeadBranch, comment, cancellationToken).ConfigureAwait(false) is { } done)
            {
                closed++;
                results.Add(new PullRequestResult(PullRequestAction.Closed, done.HeadBranch, done.Number, done.Url) { Why = "nothing left to propose" });
            }
        }

        var openCount = open.Count - closed;
        foreach (var group in groups)
        {
            var current = open.FirstOrDefault(p => p.HeadBranch == group.HeadBranch);
            if (current is null && settings.MaxOpen is { } max && openCount >= max)
            {
                results.Add(new PullRequestResult(PullRequestAction.LimitReached, group.HeadBranch, null, null));
                continue;
            }

            var stable = group with { Content = KeepFirstSeen(group.Content, current?.Marker, earlier) };
            var published = await publisher.PublishAsync(ToDraft(stable) with { MaxOpenPullRequests = null }, cancellationToken).ConfigureAwait(false);
            if (published.Outcome == PullRequestOutcome.Created)
            {
                openCount++;
            }

            results.Add(new PullRequestResult(Action(published.Outcome), published.HeadBranch, published.Number, published.Url));
        }

        return results;
    }

    /// <summary>The tool's open pull requests for this base under the run's branch that no group of this run wants.</summary>
    public IReadOnlyList<ToolPullRequest> Stale(IEnumerable<ToolPullRequest> open, string baseBranch, IReadOnlySet<string> wanted)
    {
        var ownPrefix = settings.BranchFor(baseBranch, null);
        return [.. open.Where(p => p.State == ToolPullRequestState.Open
            && p.BaseBranch == baseBranch
            && (p.HeadBranch == ownPrefix || p.HeadBranch.StartsWith(ownPrefix + "/", StringComparison.Ordinal))
            && !wanted.Contains(p.HeadBranch)
            && !Rollback.RollbackPullRequest.IsRollback(p.Marker))];
    }

    private static PullRequestAction Action(PullRequestOutcome outcome) => outcome switch
    {
        PullRequestOutcome.Created => PullRequestAction.Created,
        PullRequestOutcome.Updated => PullRequestAction.Updated,
        PullRequestOutcome.LimitReached => PullRequestAction.LimitReached,
        _ => PullRequestAction.Unchanged,
    };

    public PullRequestDraft ToDraft(PullRequestGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return new PullRequestDraft
        {
            HeadBranch = group.HeadBranch,
            BaseBranch = group.Content.BaseBranch,
            Title = _title.Render(group.Content),
            Body = PullRequestBodyRenderer.Render(group.Content),
            Labels = settings.Labels,
            Reviewers = settings.Reviewers,
            TeamReviewers = settings.TeamReviewers,
            Assignees = settings.Assignees,
            Draft = settings.Draft,
            MaxOpenPullRequests = settings.MaxOpen,
        };
    }

    /// <summary>
    /// A digest the open pull request already proposes keeps the time it was first proposed, and
    /// when every entry is the same the run id stays too: a run that proposes nothing new leaves
    /// the body byte for byte, so the pull request is not touched (and reviewers not notified).
    /// </summary>
    /// <param name="existing">The marker of the open pull request for the same head branch, if any.</param>
    /// <param name="earlier">Markers of the tool's other pull requests for the base: a digest one of them proposed keeps the earliest time.</param>
    public static PullRequestContent KeepFirstSeen(PullRequestContent content, PullRequestMarker? existing, IEnumerable<PullRequestMarker>? earlier = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        var proposed = (existing?.Entries ?? []).GroupBy(e => (e.Key, e.NewDigest)).ToDictionary(g => g.Key, g => g.First().FirstSeen);
        var seenBefore = (earlier ?? []).Append(existing).OfType<PullRequestMarker>()
            .SelectMany(m => m.Entries)
            .Where(e => e.FirstSeen is not null)
            .GroupBy(e => (e.Key, e.NewDigest))
            .ToDictionary(g => g.Key, g => g.Min(e => e.FirstSeen!.Value));
        var changes = content.Changes
            .Select(c => proposed.TryGetValue((c.Key, c.NewDigest), out var seen) && seen is { } first ? c with { FirstSeen = first }
                : seenBefore.TryGetValue((c.Key, c.NewDigest), out var before) && before < c.FirstSeen ? c with { FirstSeen = before }
                : c)
            .ToList();
        // A marker that had no room for every tag counts the rest: the same count and every listed digest still proposed is the same proposal.
        var same = existing?.RunId is not null && proposed.Count + existing.Omitted == changes.Count
            && changes.Count(c => proposed.ContainsKey((c.Key, c.NewDigest))) == proposed.Count;
        return content with { Changes = changes, RunId = same ? existing!.RunId : content.RunId };
    }

    /// <summary>
    /// The comment left on a pull request the tool closes because <c>pullRequests.groupBy</c> changed:
    /// its branch must be deleted to make room for <paramref name="replacements"/>.
    /// </summary>
    public static string RegroupComment(string closedBranch, IReadOnlyList<string> replacements)
    {
        ArgumentNullException.ThrowIfNull(replacements);
        // One branch per stream can be thousands of names; a comment over GitHub's limit would fail the run.
        var names = string.Join(", ", replacements.Take(CommentRows).Select(r => $"`{r.Replace('`', '\'')}`"))
            + (replacements.Count > CommentRows ? string.Create(CultureInfo.InvariantCulture, $" and {replacements.Count - CommentRows:N0} more") : "");
        return $"GitStreamSync closed this pull request: `pullRequests.groupBy` changed, and these changes are now proposed from {names}. "
            + $"Git cannot keep `{closedBranch.Replace('`', '\'')}` next to {(replacements.Count == 1 ? "that branch" : "those branches")}, so the tool deletes it."
            + "\n\nClosed by the tool, so these digests are not treated as rejected.";
    }

    /// <summary>
    /// The comment left on a pull request the tool closes, saying for each tag why it is no longer
    /// proposed: its digest is on the base; upstream moved back to the base's digest, or to a digest
    /// that was rejected (naming the commit or closed pull request that rejected it); the registry
    /// now refuses the tag; the tag was removed, pinned or made a reference. A tag whose stream was
    /// not due or whose resolution was deferred never gets here: such a pull request is kept.
    /// </summary>
    public static string CloseComment(string baseBranch, PullRequestMarker marker, Func<TagKey, TagFacts?>? facts)
    {
        ArgumentNullException.ThrowIfNull(marker);
        var onBase = facts is not null && marker.Entries.Count > 0
            && marker.Entries.All(e => facts(e.Key)?.OnBase == e.NewDigest);
        var text = new StringBuilder("GitStreamSync closed this pull request: ");
        if (onBase)
        {
            text.Append($"the digests it proposed are already on **{PullRequestMarkdown.Text(baseBranch)}**.\n");
        }
        else if (facts is null || marker.Entries.Count == 0)
        {
            text.Append($"the latest run found nothing left to propose for **{PullRequestMarkdown.Text(baseBranch)}**.\n");
        }
        else
        {
            text.Append($"the latest run found nothing left to propose for **{PullRequestMarkdown.Text(baseBranch)}**.\n\n");
            foreach (var entry in marker.Entries.Take(CommentRows))
            {
                text.Append("- ").Append(Code(entry.Key.ToString())).Append(": ").Append(Reason(entry, facts(entry.Key))).Append('\n');
            }
        }

        var unlisted = marker.Omitted + (facts is null || onBase ? 0 : Math.Max(0, marker.Entries.Count - CommentRows));
        if (unlisted > 0 && !onBase && facts is not null && marker.Entries.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"- … and {unlisted:N0} more {(unlisted == 1 ? "tag" : "tags")}\n");
        }

        text.Append("\nClosed by the tool, so these digests are not treated as rejected. A new pull request opens when upstream publishes a new digest.");
        return GitHubTextLimits.Cut(text.ToString(), GitHubTextLimits.CommentCharacters);
    }

    // Tags or branches named one by one in a comment; the rest are counted.
    private const int CommentRows = 100;

    private static string Reason(PullRequestMarkerEntry entry, TagFacts? fact)
    {
        var proposed = Code(entry.NewDigest.Abbreviated);
        var kept = fact?.OnBase is { } current ? $"; the base keeps {Code(current.Abbreviated)}" : "";
        if (fact is null)
        {
            return "the tag was removed from the stream";
        }

        if (fact.OnBase == entry.NewDigest)
        {
            return $"{proposed} is already on the base";
        }

        return fact.Standing switch
        {
            TagStanding.Held when fact.Rejected is { } rejected =>
                $"upstream moved back to {Code(rejected.Abbreviated)}, which was rejected: {PullRequestMarkdown.Text(fact.Detail ?? "")}{kept}",
            TagStanding.Failed => $"the registry now refuses the tag ({PullRequestMarkdown.Text(fact.Detail ?? "")}){kept}",
            TagStanding.Pinned => $"the tag is pinned (`importPolicy.scheduled: false` or a digest in `from.name`): the tool no longer follows it{kept}",
            TagStanding.Reference => $"the tag is now `reference: true`: the tool no longer resolves it{kept}",
            TagStanding.Resolved when fact.OnBase is { } onBase => $"upstream moved back to {Code(onBase.Abbreviated)}, the digest the base already has",
            _ => $"{proposed} is no longer proposed{kept}",
        };
    }

    // A code span shows the text as it is (no links, mentions or HTML); a backtick would end it early.
    private static string Code(string value) => "`" + value.Replace('`', '\'') + "`";
}

