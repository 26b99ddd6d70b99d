using GitStreamSync.Core.Record;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Propose;

namespace GitStreamSync.Adapters.Tests.GitHub;

/// <summary>One run's propose step as the sync run drives it: one listing, then the publication over it.</summary>
internal static class PublicationRun
{
    /// <param name="onBase">The base's digest per tag (the tags count as resolved), or null when unknown.</param>
    public static async Task<PublicationRunResult> PublishAsync(
        this PullRequestPublication publication, string baseBranch, IReadOnlyList<PullRequestGroup> groups, Func<TagKey, Digest?>? onBase, CancellationToken cancellationToken)
    {
        var listed = await publication.Publisher.ListToolPullRequestsAsync(cancellationToken);
        Func<TagKey, TagFacts?>? facts = onBase is null ? null : key => new TagFacts(TagStanding.Resolved, onBase(key));
        var results = await publication.PublishAsync(baseBranch, groups, listed, null, facts, [], cancellationToken);
        return new PublicationRunResult(
            [.. results.Where(r => r.Action != PullRequestAction.Closed)],
            [.. results.Where(r => r.Action == PullRequestAction.Closed)]);
    }
}

internal sealed record PublicationRunResult(IReadOnlyList<PullRequestResult> Published, IReadOnlyList<PullRequestResult> Closed);
