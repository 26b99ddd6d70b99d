using GitStreamSync.Adapters.GitHub;
using GitStreamSync.Core.Ports;
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
        if (options.Skip || request.PushToBase || report.Outcome is RollbackOutcome.DryRun or RollbackOutcome.Refused)
        {
            return "no pull request: " + (options.Skip ? "--no-pull-request" : request.PushToBase ? "--push-to-base" : "dry run");
        }

        try
        {
            if (report.Outcome == RollbackOutcome.CommittedLocally
                || GitHubTarget.Resolve(Adapters.GitHub.GitRemote.Of(request.Location), run.Environment.GetVariable, options.ApiUrl) is not { } target)
            {
                const string why = "the remote is not on GitHub (give --github-api-url or GITHUB_API_URL for GitHub Enterprise)";
                return options.Require
                    ? throw new CommandFailedException(ExitCodes.GitFailure, $"--require-pull-request: no pull request can be opened for {report.Branch}: {why}")
                    : $"no pull request opened for {report.Branch}: {why}";
            }

            var credentials = GitHubCredentials.FromEnvironment(run.Environment.GetVariable) ?? throw GitHubCredentials.Missing(target);
            var publisher = await GitHubPublisherSetup.CreateAsync(run, target, credentials, cancellationToken).ConfigureAwait(false);
            var settings = Core.Planning.PullRequestSettings.From(report.PullRequests);
            var published = await publisher.PublishAsync(RollbackPullRequest.Draft(report, settings, report.RunId ?? request.RunId), cancellationToken).ConfigureAwait(false);
            return $"pull request #{published.Number} {published.Outcome.ToString().ToLowerInvariant()}: {published.Url}";
        }
        catch (PullRequestPublishException ex)
        {
            throw new CommandFailedException(ExitCodes.GitFailure, "GitHub: " + ex.Message, ex);
        }
    }
}
