using GitStreamSync.Core.Ports;
using Octokit;

namespace GitStreamSync.Adapters.GitHub;

/// <summary>
/// The login the run's credentials act as on GitHub: the author of every pull request the tool
/// opens, so the one login whose pull requests count as the tool's. A token names its user at
/// <c>GET /user</c>; a GitHub App acts as <c>&lt;slug&gt;[bot]</c> (<c>GET /app</c> with the App's JWT).
/// An installation token has no user: <c>GET /user</c> answers 403 "Resource not accessible by
/// integration". Under GitHub Actions (<c>GITHUB_ACTIONS=true</c>) such a token is the workflow's
/// <c>GITHUB_TOKEN</c>, which belongs to the github-actions App, whose bot is <c>github-actions[bot]</c>.
/// Asked at most once per run, and only when a pull request's author must be checked.
/// </summary>
internal sealed class GitHubIdentity(Func<CancellationToken, Task<string>> lookup)
{
    public const string ActionsBot = "github-actions[bot]";

    private Task<string>? login;

    public Task<string> LoginAsync(CancellationToken cancellationToken) => login ??= lookup(cancellationToken);

    /// <summary>The token's user, or <see cref="ActionsBot"/> for the Actions token.</summary>
    public static GitHubIdentity OfToken(IGitHubClient client, GitHubTarget target, GitHubRetryPolicy retry, Func<string, string?> environment) =>
        new(async cancellationToken =>
        {
            var user = await retry.RunAsync("find which login the token acts as", target, async () =>
            {
                try
                {
                    return (await client.User.Current().ConfigureAwait(false)).Login;
                }
                catch (ForbiddenException ex) when (ex.Message.Contains("Resource not accessible by integration", StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }
            }, cancellationToken).ConfigureAwait(false);
            if (user is not null)
            {
                return user;
            }

            return string.Equals(environment("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase)
                ? ActionsBot
                : throw new PullRequestPublishException(PullRequestFailureKind.Forbidden,
                    $"cannot tell which login the token acts as on {target.FullName}: GitHub answered GET /user with 403 \"Resource not accessible by integration\" " +
                    "(an installation token). Only pull requests opened by the tool's login count as the tool's: set pullRequests.author in .gitstreamsync.yaml " +
                    "or --pull-request-author to the bot login that opens them, e.g. my-app[bot]");
        });

    /// <summary>The App's bot, <c>&lt;slug&gt;[bot]</c>; <paramref name="appClient"/> makes a client that authenticates with a fresh JWT.</summary>
    public static GitHubIdentity OfApp(long appId, Func<IGitHubClient> appClient, GitHubTarget target, GitHubRetryPolicy retry) =>
        new(async cancellationToken =>
        {
            var app = await retry.RunAsync($"find the name of GitHub App {appId}", target, () => appClient().GitHubApps.GetCurrent(), cancellationToken).ConfigureAwait(false);
            return app.Slug + "[bot]";
        });
}
