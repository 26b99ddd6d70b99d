using GitStreamSync.Adapters.Secrets;
using Octokit;

namespace GitStreamSync.Adapters.GitHub;

/// <summary>
/// Builds the Octokit client for a target. Octokit sends every call for a host other than
/// github.com to <c>&lt;host&gt;/api/v3/</c>, which is GitHub Enterprise Server's API root and also
/// where the tests' loopback fake answers. An App's JWT is exchanged for an installation token
/// (<c>GET /repos/{owner}/{repo}/installation</c>, then <c>POST /app/installations/{id}/access_tokens</c>).
/// </summary>
/// <param name="secrets">Learns each installation token as it is issued (masked, and registered under GitHub Actions); null: nothing is learnt.</param>
internal sealed class GitHubClientFactory(TimeProvider time, GitHubRetryPolicy retry, SecretSanitizer? secrets = null)
{
    private static readonly ProductHeaderValue Product = new("GitStreamSync", typeof(GitHubClientFactory).Assembly.GetName().Version?.ToString(3) ?? "0");

    public static TimeSpan RequestTimeout { get; } = TimeSpan.FromSeconds(30);

    public async Task<IGitHubClient> CreateAsync(GitHubTarget target, GitHubCredentials? credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        switch (credentials)
        {
            case GitHubTokenCredentials token:
                return NewClient(target, new Credentials(token.Token));
            case GitHubAppCredentials app:
                var jwt = GitHubAppJwt.Create(app.AppId, app.PrivateKeyPem, time.GetUtcNow());
                var appClient = NewClient(target, new Credentials(jwt, AuthenticationType.Bearer));
                var installationId = app.InstallationId ?? (await retry.RunAsync(
                    $"find the GitHub App {app.AppId}'s installation on {target.FullName}",
                    target,
                    () => appClient.GitHubApps.GetRepositoryInstallationForCurrent(target.Owner, target.Repository),
                    cancellationToken).ConfigureAwait(false)).Id;
                var installationToken = await retry.RunAsync(
                    $"create an installation token for GitHub App {app.AppId}",
                    target,
                    () => appClient.GitHubApps.CreateInstallationToken(installationId),
                    cancellationToken).ConfigureAwait(false);
                secrets?.Learn(installationToken.Token);
                return NewClient(target, new Credentials(installationToken.Token));
            default:
                throw GitHubCredentials.Missing(target);
        }
    }

    /// <summary>
    /// The login <paramref name="credentials"/> act as, looked up on first use. <paramref name="client"/>
    /// is the client <see cref="CreateAsync"/> made for them.
    /// </summary>
    public GitHubIdentity IdentityOf(GitHubTarget target, GitHubCredentials credentials, IGitHubClient client, Func<string, string?> environment) => credentials switch
    {
        GitHubAppCredentials app => GitHubIdentity.OfApp(app.AppId,
            () => NewClient(target, new Credentials(GitHubAppJwt.Create(app.AppId, app.PrivateKeyPem, time.GetUtcNow()), AuthenticationType.Bearer)),
            target, retry),
        _ => GitHubIdentity.OfToken(client, target, retry, environment),
    };

    // Every answer passes GitHubAnswerCheck before Octokit reads it.
    private static GitHubClient NewClient(GitHubTarget target, Credentials credentials)
    {
        var http = new Octokit.Internal.HttpClientAdapter(() => new GitHubAnswerCheck(Octokit.Internal.HttpMessageHandlerFactory.CreateDefault()));
        // Octokit's own rule for the API root (api.github.com, else <host>/api/v3/), read from a client it makes.
        var root = new GitHubClient(Product, target.ApiUrl).BaseAddress;
        var connection = new Connection(Product, root, new Octokit.Internal.InMemoryCredentialStore(credentials), http, new Octokit.Internal.SimpleJsonSerializer());
        var client = new GitHubClient(connection);
        client.SetRequestTimeout(RequestTimeout);
        return client;
    }
}
