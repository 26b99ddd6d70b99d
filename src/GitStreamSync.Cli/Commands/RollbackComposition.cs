using GitStreamSync.Adapters.Git;
using GitStreamSync.Adapters.GitHub;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Rollback;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Cli.Commands;

/// <summary>
/// Rollback detection for a run (issue 7): the base branch's history always; the tool's closed pull
/// requests when the remote is on GitHub (or an API URL is given) and a token is there.
/// </summary>
internal static class RollbackComposition
{
    public static async Task<RollbackDetection> CreateAsync(CommandRun run, string location, string? apiUrl, CancellationToken cancellationToken)
    {
        var logger = run.CreateLogger<RollbackDetection>();
        IPullRequestPublisher? publisher = null;
        if (GitHubTarget.Resolve(Adapters.GitHub.GitRemote.Of(location), run.Environment.GetVariable, apiUrl) is { } target
            && GitHubCredentials.FromEnvironment(run.Environment.GetVariable) is { } credentials)
        {
            try
            {
                publisher = await GitHubPublisherSetup.CreateAsync(run, target, credentials, cancellationToken).ConfigureAwait(false);
            }
            catch (PullRequestPublishException ex)
            {
                // The pull-request step reports this failure with exit 3; history alone still holds reverts.
                logger.LogWarning("closed pull requests not read: {Message}", ex.Message);
            }
        }

        return new RollbackDetection(new CommitHistoryReader(), publisher, logger);
    }
}
