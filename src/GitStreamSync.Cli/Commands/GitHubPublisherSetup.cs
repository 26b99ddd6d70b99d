using GitStreamSync.Adapters.GitHub;

namespace GitStreamSync.Cli.Commands;

/// <summary>The pull-request publisher for a GitHub target: the retry policy, the authenticated client and the publisher over them.</summary>
internal static class GitHubPublisherSetup
{
    public static async Task<OctokitPullRequestPublisher> CreateAsync(CommandRun run, GitHubTarget target, GitHubCredentials credentials, CancellationToken cancellationToken)
    {
        var logger = run.CreateLogger<OctokitPullRequestPublisher>();
        var retry = new GitHubRetryPolicy(run.Time, logger);
        var client = await new GitHubClientFactory(run.Time, retry).CreateAsync(target, credentials, cancellationToken).ConfigureAwait(false);
        return new OctokitPullRequestPublisher(client, target, retry, logger);
    }
}
