using GitStreamSync.Core.Ports;
using GitStreamSync.Adapters.GitHub;

namespace GitStreamSync.Cli.Commands;

/// <summary>
/// One run's way to GitHub, shared by every step that needs it: closed pull requests for rollback
/// detection, a branch of the tool in the way of a push, and the pull-request step. The client is
/// made on first use, so a run that needs none makes none, and once, so a GitHub App's token is
/// exchanged once per run. The worker makes one per run: an installation token lasts an hour.
/// </summary>
internal sealed class GitHubConnection : IPullRequestPublisher
{
    private readonly CommandRun run;
    private Task<OctokitPullRequestPublisher>? connecting;

    private GitHubConnection(CommandRun run, GitHubTarget target)
    {
        this.run = run;
        Target = target;
    }

    public GitHubTarget Target { get; }

    /// <summary>Whether a token or an App is configured; without one, every call fails saying which variables to set.</summary>
    public bool HasCredentials => GitHubCredentials.FromEnvironment(run.Environment.GetVariable) is not null;

    /// <summary>Null when the run does not talk to GitHub: the remote is not on github.com and no API URL is given.</summary>
    public static GitHubConnection? For(CommandRun run, string location, string? apiUrl) =>
        GitHubTarget.Resolve(Adapters.Git.GitRemote.UrlOf(location), run.Environment.GetVariable, apiUrl) is { } target ? new GitHubConnection(run, target) : null;

    public async Task<PublishedPullRequest> PublishAsync(PullRequestDraft draft, CancellationToken cancellationToken) =>
        await (await ConnectAsync(cancellationToken).ConfigureAwait(false)).PublishAsync(draft, cancellationToken).ConfigureAwait(false);

    public async Task<ToolPullRequest?> CloseAsync(string headBranch, string comment, CancellationToken cancellationToken) =>
        await (await ConnectAsync(cancellationToken).ConfigureAwait(false)).CloseAsync(headBranch, comment, cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<ToolPullRequest>> ListToolPullRequestsAsync(CancellationToken cancellationToken) =>
        await (await ConnectAsync(cancellationToken).ConfigureAwait(false)).ListToolPullRequestsAsync(cancellationToken).ConfigureAwait(false);

    private Task<OctokitPullRequestPublisher> ConnectAsync(CancellationToken cancellationToken) => connecting ??= CreateAsync(cancellationToken);

    private async Task<OctokitPullRequestPublisher> CreateAsync(CancellationToken cancellationToken)
    {
        var credentials = GitHubCredentials.FromEnvironment(run.Environment.GetVariable) ?? throw GitHubCredentials.Missing(Target);
        var logger = run.CreateLogger<OctokitPullRequestPublisher>();
        var retry = new GitHubRetryPolicy(run.Time, logger);
        var client = await new GitHubClientFactory(run.Time, retry).CreateAsync(Target, credentials, cancellationToken).ConfigureAwait(false);
        return new OctokitPullRequestPublisher(client, Target, retry, logger);
    }
}
