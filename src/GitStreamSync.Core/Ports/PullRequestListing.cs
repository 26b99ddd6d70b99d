namespace GitStreamSync.Core.Ports;

/// <summary>
/// The run's one listing of the tool's pull requests: rollback detection reads the closed ones,
/// the push and propose stages the open ones. A failed listing is a value: the history's
/// rejections still hold, and the propose stage reports the failure (exit 3).
/// </summary>
internal sealed record PullRequestListing(IReadOnlyList<ToolPullRequest> PullRequests, PullRequestPublishException? Failure)
{
    public static PullRequestListing Empty { get; } = new([], null);

    /// <param name="ownership">Which pull requests are the tool's: a copied marker on anyone else's is not listed.</param>
    public static Task<PullRequestListing> ReadAsync(IPullRequestPublisher? publisher, Configuration.PullRequestOwnership ownership, CancellationToken cancellationToken) =>
        ReadAsync(publisher, ownership, ClosedPullRequestWindow.Recent, cancellationToken);

    /// <param name="ownership">Which pull requests are the tool's: a copied marker on anyone else's is not listed.</param>
    /// <param name="closed">Which closed pull requests to read: a sync run with a record of rejections needs only those closed since its newest entry.</param>
    public static async Task<PullRequestListing> ReadAsync(IPullRequestPublisher? publisher, Configuration.PullRequestOwnership ownership, ClosedPullRequestWindow closed, CancellationToken cancellationToken)
    {
        if (publisher is null)
        {
            return Empty;
        }

        try
        {
            return new PullRequestListing(await publisher.ListToolPullRequestsAsync(ownership, closed, cancellationToken).ConfigureAwait(false), null);
        }
        catch (PullRequestPublishException ex)
        {
            return new PullRequestListing([], ex);
        }
    }

    /// <summary>The open pull request for a head branch, if the listing has one.</summary>
    public ToolPullRequest? OpenFor(string headBranch) =>
        PullRequests.FirstOrDefault(p => p.State == ToolPullRequestState.Open && p.HeadBranch == headBranch);
}
