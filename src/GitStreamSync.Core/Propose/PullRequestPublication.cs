using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
using System.Text;

namespace GitStreamSync.Core.Propose;

/// <summary>
/// The publish step of a run, after its branches are pushed: close the tool's open pull requests
/// for this base that no group wants any more (their changes are on the base already, or no longer
/// wanted), then open or update one pull request per group.
/// </summary>
internal sealed class PullRequestPublication(IPullRequestPublisher publisher, PullRequestSettings settings)
{
    // Read once, so a bad title template stops the run before any pull request is touched.
    private readonly PullRequestTitleTemplate _title = PullRequestTitleTemplate.For(settings);

    /// <param name="baseBranch">The base branch the run worked on.</param>
    /// <param name="groups">The pull requests the run wants (empty when nothing is left to change).</param>
    /// <param name="currentOnBase">The base's current digest for a tag, to say why a pull request is closed; null when unknown.</param>
    public async Task<PullRequestPublicationResult> PublishAsync(
        string baseBranch,
        IReadOnlyList<PullRequestGroup> groups,
        Func<TagKey, Digest?>? currentOnBase,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var wanted = groups.Select(g => g.HeadBranch).ToHashSet(StringComparer.Ordinal);
        var ownPrefix = settings.BranchFor(baseBranch, null);
        var listed = await publisher.ListToolPullRequestsAsync(cancellationToken).ConfigureAwait(false);
        var open = listed.Where(p => p.State == ToolPullRequestState.Open).ToList();

        // The tool's other pull requests for this base (say, the one it closed when groupBy changed) know when a digest was first proposed.
        var earlier = listed.Where(p => p.BaseBranch == baseBranch && p.State is ToolPullRequestState.Open or ToolPullRequestState.ClosedByTool).Select(p => p.Marker).ToList();
        var stale = open
            .Where(p => p.BaseBranch == baseBranch
                && (p.HeadBranch == ownPrefix || p.HeadBranch.StartsWith(ownPrefix + "/", StringComparison.Ordinal))
                && !wanted.Contains(p.HeadBranch)
                && !Rollback.RollbackPullRequest.IsRollback(p.Marker))
            .ToList();

        var closed = new List<ToolPullRequest>();
        foreach (var pullRequest in stale)
        {
            var comment = CloseComment(baseBranch, pullRequest.Marker, currentOnBase);
            if (await publisher.CloseAsync(pullRequest.HeadBranch, comment, cancellationToken).ConfigureAwait(false) is { } done)
            {
                closed.Add(done);
            }
        }

        var published = new List<PublishedPullRequest>();
        foreach (var group in groups)
        {
            var current = open.FirstOrDefault(p => p.HeadBranch == group.HeadBranch);
            var stable = group with { Content = KeepFirstSeen(group.Content, current?.Marker, earlier) };
            published.Add(await publisher.PublishAsync(ToDraft(stable), cancellationToken).ConfigureAwait(false));
        }

        return new PullRequestPublicationResult(published, closed);
    }

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
        var same = existing?.RunId is not null && proposed.Count == changes.Count && changes.All(c => proposed.ContainsKey((c.Key, c.NewDigest)));
        return content with { Changes = changes, RunId = same ? existing!.RunId : content.RunId };
    }

    /// <summary>
    /// The comment left on a pull request the tool closes because <c>pullRequests.groupBy</c> changed:
    /// its branch must be deleted to make room for <paramref name="replacements"/>.
    /// </summary>
    public static string RegroupComment(string closedBranch, IReadOnlyList<string> replacements)
    {
        ArgumentNullException.ThrowIfNull(replacements);
        var names = string.Join(", ", replacements.Select(r => $"`{r.Replace('`', '\'')}`"));
        return $"GitStreamSync closed this pull request: `pullRequests.groupBy` changed, and these changes are now proposed from {names}. "
            + $"Git cannot keep `{closedBranch.Replace('`', '\'')}` next to {(replacements.Count == 1 ? "that branch" : "those branches")}, so the tool deletes it."
            + "\n\nClosed by the tool, so these digests are not treated as rejected.";
    }

    /// <summary>The comment left on a pull request the tool closes, saying why for each tag when the base's digests are known.</summary>
    public static string CloseComment(string baseBranch, PullRequestMarker marker, Func<TagKey, Digest?>? currentOnBase)
    {
        ArgumentNullException.ThrowIfNull(marker);
        var onBase = currentOnBase is not null && marker.Entries.Count > 0
            && marker.Entries.All(e => currentOnBase(e.Key) == e.NewDigest);
        var text = new StringBuilder("GitStreamSync closed this pull request: ");
        if (onBase)
        {
            text.Append($"the digests it proposed are already on **{PullRequestMarkdown.Text(baseBranch)}**.\n");
        }
        else if (currentOnBase is null || marker.Entries.Count == 0)
        {
            text.Append($"the latest run found nothing left to propose for **{PullRequestMarkdown.Text(baseBranch)}**: the digests are on the base already, or no longer wanted (upstream moved on or back, or the tags were removed or pinned).\n");
        }
        else
        {
            text.Append($"the latest run found nothing left to propose for **{PullRequestMarkdown.Text(baseBranch)}**.\n\n");
            foreach (var entry in marker.Entries)
            {
                var current = currentOnBase(entry.Key);
                text.Append("- ").Append(Code(entry.Key.ToString())).Append(": ").Append(
                    current == entry.NewDigest ? $"{Code(entry.NewDigest.Abbreviated)} is already on the base"
                    : current is null ? "the tag is no longer followed"
                    : $"{Code(entry.NewDigest.Abbreviated)} is no longer proposed (upstream moved on or back); the base has {Code(current.Abbreviated)}").Append('\n');
            }
        }

        text.Append("\nClosed by the tool, so these digests are not treated as rejected. A new pull request opens when upstream publishes a new digest.");
        return text.ToString();
    }

    // A code span shows the text as it is (no links, mentions or HTML); a backtick would end it early.
    private static string Code(string value) => "`" + value.Replace('`', '\'') + "`";
}

internal sealed record PullRequestPublicationResult(IReadOnlyList<PublishedPullRequest> Published, IReadOnlyList<ToolPullRequest> Closed);
