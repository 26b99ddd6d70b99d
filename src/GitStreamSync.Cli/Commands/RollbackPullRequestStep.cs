
using GitStreamSync.Core.Rollback;
namespace GitStreamSync.Cli.Commands;

/// <summary>
/// The publish step after <c>rollback</c> pushed its branch: open or update the rollback pull
/// request when the remote is on GitHub (or an API URL is given), as sync does for its own branch.
/// Failures end the run with exit 3 and leave the pushed branch as it is.
/// </summary>
internal static class RollbackPullRequestStep
{
    public static async Task<string> PublishAsync(CommandRun run, RollbackRequest request, RollbackReport report, PullRequestOptions options, CancellationToken cancellationToken)
    {
        if (PullRequestComposition.Skipped(options, request.PushToBase, report.Outcome is RollbackOutcome.DryRun or RollbackOutcome.Refused) is { } skipped)
        {
            return skipped;
        }

        var local = report.Outcome == RollbackOutcome.CommittedLocally;
        if (local || PullRequestComposition.Connect(run, request.Location, options.ApiUrl) is not { } github)
        {
            return PullRequestComposition.NotOpened(options, report.Branch, local);
        }

        var settings = report.PullRequests;
        var published = await github.PublishAsync(RollbackPullRequest.Draft(report, settings, report.RunId ?? request.RunId), cancellationToken).ConfigureAwait(false);
        return $"pull request #{published.Number} {published.Outcome.ToString().ToLowerInvariant()}: {published.Url}";
    }
}
