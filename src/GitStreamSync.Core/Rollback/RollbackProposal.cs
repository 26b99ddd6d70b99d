using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;

namespace GitStreamSync.Core.Rollback;

/// <summary>
/// The propose step of a <c>rollback</c> run: open or update the rollback's pull request through the
/// run's port, as sync does for its branches. A person asked for this rollback, so nothing is kept
/// or closed here; a hosting-service failure is a value in the report (exit 3 after it is printed).
/// </summary>
internal static class RollbackProposal
{
    public static async Task<ProposalReport> ProposeAsync(
        PullRequestPort port, RollbackReport report, RollbackRequest request, PullRequestSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(port);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(request);
        if (report.Outcome == RollbackOutcome.Refused)
        {
            return ProposalReport.None;
        }

        var skipped = port.WhyNone(request.PushToBase, report.Outcome == RollbackOutcome.DryRun);
        if (skipped is not null)
        {
            return new ProposalReport { Skipped = skipped };
        }

        if (report.Outcome == RollbackOutcome.CommittedLocally)
        {
            return new ProposalReport { NotOpened = "nothing was pushed: the repository has no remote" };
        }

        if (port.Publisher is not { } publisher)
        {
            // Say "not on GitHub" only when a pull request was wanted: the run pushed something.
            return report.Outcome == RollbackOutcome.Pushed ? new ProposalReport { NotOpened = port.Unavailable } : ProposalReport.None;
        }

        try
        {
            var published = await publisher.PublishAsync(RollbackPullRequest.Draft(report, settings with { Author = request.PullRequestAuthor ?? settings.Author }, report.RunId ?? request.RunId), cancellationToken).ConfigureAwait(false);
            var action = published.Outcome switch
            {
                PullRequestOutcome.Created => PullRequestAction.Created,
                PullRequestOutcome.Updated => PullRequestAction.Updated,
                PullRequestOutcome.LimitReached => PullRequestAction.LimitReached,
                _ => PullRequestAction.Unchanged,
            };
            return new ProposalReport { Repository = port.Repository, PullRequests = [new PullRequestResult(action, published.HeadBranch, published.Number, published.Url)] };
        }
        catch (PullRequestPublishException ex)
        {
            return new ProposalReport { Repository = port.Repository, Failure = ex.Message };
        }
    }
}
