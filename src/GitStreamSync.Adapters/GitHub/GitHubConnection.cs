using GitStreamSync.Adapters.Secrets;
using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Ports;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Adapters.GitHub;

/// <summary>
/// One run's way to GitHub, shared by every step that needs it: the run's one listing of the
/// tool's pull requests (rollback detection and the propose stage read it), a branch of the tool
/// in the way of a push, and the propose stage. The client is made on first use, so a run that
/// needs none makes none, and once, so a GitHub App's token is exchanged once per run. The worker
/// makes one per run: an installation token lasts an hour.
/// </summary>
internal sealed class GitHubConnection : IPullRequestPublisher
{
    private readonly Func<string, string?> getVariable;
    private readonly TimeProvider time;
    private readonly ILoggerFactory loggers;
    private readonly SecretSanitizer? secrets;
    private Task<OctokitPullRequestPublisher>? connecting;

    private GitHubConnection(GitHubTarget target, Func<string, string?> getVariable, TimeProvider time, ILoggerFactory loggers, SecretSanitizer? secrets)
    {
        this.secrets = secrets;
        Target = target;
        this.getVariable = getVariable;
        this.time = time;
        this.loggers = loggers;
    }

    public GitHubTarget Target { get; }

    /// <summary>Whether a token or an App is configured; without one, every call fails saying which variables to set.</summary>
    public bool HasCredentials => GitHubCredentials.FromEnvironment(getVariable) is not null;

    /// <summary>
    /// Null when the run does not talk to GitHub: the remote is not on github.com and no API URL is
    /// given (<paramref name="apiUrl"/>, else <c>GITHUB_API_URL</c> read through <paramref name="getVariable"/>).
    /// </summary>
    /// <param name="secrets">Learns the GitHub App's installation token when it is issued; null: nothing is learnt.</param>
    public static GitHubConnection? For(string location, string? apiUrl, Func<string, string?> getVariable, TimeProvider time, ILoggerFactory loggers, SecretSanitizer? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        return GitHubTarget.Resolve(Git.GitRemote.UrlOf(location), getVariable, apiUrl) is { } target ? new GitHubConnection(target, getVariable, time, loggers, secrets) : null;
    }

    public async Task<PublishedPullRequest> PublishAsync(PullRequestDraft draft, CancellationToken cancellationToken) =>
        await (await ConnectAsync(cancellationToken).ConfigureAwait(false)).PublishAsync(draft, cancellationToken).ConfigureAwait(false);

    public async Task<ToolPullRequest?> CloseAsync(string headBranch, string comment, Core.Configuration.PullRequestOwnership ownership, CancellationToken cancellationToken) =>
        await (await ConnectAsync(cancellationToken).ConfigureAwait(false)).CloseAsync(headBranch, comment, ownership, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<ToolPullRequest>> ListToolPullRequestsAsync(Core.Configuration.PullRequestOwnership ownership, CancellationToken cancellationToken) =>
        await (await ConnectAsync(cancellationToken).ConfigureAwait(false)).ListToolPullRequestsAsync(ownership, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<ToolPullRequest>> ListToolPullRequestsAsync(Core.Configuration.PullRequestOwnership ownership, ClosedPullRequestWindow closed, CancellationToken cancellationToken) =>
        await (await ConnectAsync(cancellationToken).ConfigureAwait(false)).ListToolPullRequestsAsync(ownership, closed, cancellationToken).ConfigureAwait(false);

    private Task<OctokitPullRequestPublisher> ConnectAsync(CancellationToken cancellationToken) => connecting ??= CreateAsync(cancellationToken);

    private async Task<OctokitPullRequestPublisher> CreateAsync(CancellationToken cancellationToken)
    {
        var credentials = GitHubCredentials.FromEnvironment(getVariable) ?? throw GitHubCredentials.Missing(Target);
        var logger = loggers.CreateLogger<OctokitPullRequestPublisher>();
        var retry = new GitHubRetryPolicy(time, logger);
        var factory = new GitHubClientFactory(time, retry, secrets);
        var client = await factory.CreateAsync(Target, credentials, cancellationToken).ConfigureAwait(false);
        return new OctokitPullRequestPublisher(client, Target, retry, logger, factory.IdentityOf(Target, credentials, client, getVariable));
    }
}
