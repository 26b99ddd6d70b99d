using System.Text;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;

namespace GitStreamSync.Core.Planning;

/// <summary>
/// The publish step of a run, after its branches are pushed: close the tool's open pull requests
/// for this base that no group wants any more (their changes are on the base already, or no longer
/// wanted), then open or update one pull request per group.
/// </summary>
internal sealed class PullRequestPublication(IPullRequestPublisher publisher, PullRequestSettings settings)
{
    /// <param name="baseBranch">The base branch the run worked on.</param>
    /// <param name="groups">The pull requests the run wants (empty when nothing is left to change).</param>
    /// <param name="currentOnBase">The base's current digest for a tag, to say why a pull request is closed; null when unknown.</param>
    public async Task<PullRequestPublicationResult> PublishAsync(
        string baseBranch,
        IReadOnlyList<PullRequestGroup> groups,
        Func<PullRequestTagKey, Digest?>? currentOnBase,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var wanted = groups.Select(g => g.HeadBranch).ToHashSet(StringComparer.Ordinal);
        var ownPrefix = settings.BranchFor(baseBranch, null);
        var open = (await publisher.ListToolPullRequestsAsync(cancellationToken).ConfigureAwait(false))
            .Where(p => p.State == ToolPullRequestState.Open)
            .ToList();
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
            var stable = current is null ? group : group with { Content = KeepFirstSeen(group.Content, current.Marker) };
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
            Title = settings.Title.Render(group.Content),
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
    public static PullRequestContent KeepFirstSeen(PullRequestContent content, PullRequestMarker existing)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(existing);
        var proposed = existing.Entries.GroupBy(e => (e.Key, e.NewDigest)).ToDictionary(g => g.Key, g => g.First().FirstSeen);
        var changes = content.Changes
            .Select(c => proposed.TryGetValue((c.Key, c.NewDigest), out var seen) && seen is { } first ? c with { FirstSeen = first } : c)
            .ToList();
        var same = existing.RunId is not null && proposed.Count == changes.Count && changes.All(c => proposed.ContainsKey((c.Key, c.NewDigest)));
        return content with { Changes = changes, RunId = same ? existing.RunId : content.RunId };
    }

    /// <summary>The comment left on a pull request the tool closes, saying why for each tag.</summary>
    public static string CloseComment(string baseBranch, PullRequestMarker marker, Func<PullRequestTagKey, Digest?>? currentOnBase)
    {
        ArgumentNullException.ThrowIfNull(marker);
        var onBase = currentOnBase is not null && marker.Entries.Count > 0
            && marker.Entries.All(e => currentOnBase(e.Key) == e.NewDigest);
        var text = new StringBuilder("GitStreamSync closed this pull request: ");
        text.Append(onBase
            ? $"the digests it proposed are already on **{PullRequestMarkdown.Text(baseBranch)}**."
            : $"the latest run found nothing left to propose for **{PullRequestMarkdown.Text(baseBranch)}**: the digests are on the base already, or no longer wanted (upstream moved on or back, or the tags were removed or pinned).");
        if (!onBase && currentOnBase is not null)
        {
            text.Append("\n\n");
            foreach (var entry in marker.Entries)
            {
                var current = currentOnBase(entry.Key);
                text.Append("- ").Append(PullRequestMarkdown.Text(entry.Key.ToString())).Append(": ").Append(
                    current == entry.NewDigest ? $"`{entry.NewDigest.Abbreviated}` is already on the base"
                    : current is null ? "the tag is no longer followed"
                    : $"no longer proposed; the base has `{current.Abbreviated}`").Append('\n');
            }
        }

        text.Append("\n\nClosed by the tool, so these digests are not treated as rejected. A new pull request opens when upstream publishes a new digest.");
        return text.ToString();
    }
}

internal sealed record PullRequestPublicationResult(IReadOnlyList<PublishedPullRequest> Published, IReadOnlyList<ToolPullRequest> Closed);
