
using GitStreamSync.Core.Ports;
namespace GitStreamSync.Adapters.GitHub;

/// <summary>
/// How the run authenticates to the GitHub API, from the environment only: a GitHub App
/// (<c>GITSTREAMSYNC_GITHUB_APP_ID</c> + <c>GITSTREAMSYNC_GITHUB_APP_PRIVATE_KEY</c>, optionally
/// <c>GITSTREAMSYNC_GITHUB_APP_INSTALLATION_ID</c>) wins over a token (<c>GITHUB_TOKEN</c>, then
/// <c>GH_TOKEN</c>), because pull requests opened with an App token trigger the repository's other
/// workflows. <see cref="ToString"/> never shows a secret.
/// </summary>
internal abstract class GitHubCredentials
{
    public const string AppIdVariable = "GITSTREAMSYNC_GITHUB_APP_ID";
    public const string AppKeyVariable = "GITSTREAMSYNC_GITHUB_APP_PRIVATE_KEY";
    public const string AppInstallationVariable = "GITSTREAMSYNC_GITHUB_APP_INSTALLATION_ID";

    /// <summary>The credentials the environment names, or null when it names none.</summary>
    public static GitHubCredentials? FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var appId = environment(AppIdVariable);
        var appKey = environment(AppKeyVariable);
        if (!string.IsNullOrWhiteSpace(appId) || !string.IsNullOrWhiteSpace(appKey))
        {
            return GitHubAppCredentials.Create(appId, appKey, environment(AppInstallationVariable));
        }

        var token = environment("GITHUB_TOKEN");
        if (string.IsNullOrWhiteSpace(token))
        {
            token = environment("GH_TOKEN");
        }

        return string.IsNullOrWhiteSpace(token) ? null : new GitHubTokenCredentials(token.Trim(), "GITHUB_TOKEN or GH_TOKEN");
    }

    public static PullRequestPublishException Missing(GitHubTarget target) => new(
        PullRequestFailureKind.MissingCredentials,
        $"no GitHub credentials to open a pull request on {target.FullName}: set GITHUB_TOKEN or GH_TOKEN (in Actions: env: GITHUB_TOKEN: ${{{{ secrets.GITHUB_TOKEN }}}}), " +
        $"or {AppIdVariable} and {AppKeyVariable} for a GitHub App; or run with --no-pull-request");
}

internal sealed class GitHubTokenCredentials(string token, string source) : GitHubCredentials
{
    public string Token { get; } = token;

    public override string ToString() => $"token from {source}";
}

internal sealed class GitHubAppCredentials : GitHubCredentials
{
    private GitHubAppCredentials(long appId, string privateKeyPem, long? installationId)
    {
        AppId = appId;
        PrivateKeyPem = privateKeyPem;
        InstallationId = installationId;
    }

    public long AppId { get; }
    public string PrivateKeyPem { get; }
    public long? InstallationId { get; }

    public static GitHubAppCredentials Create(string? appId, string? privateKey, string? installationId)
    {
        if (!long.TryParse(appId, out var id) || id <= 0)
        {
            throw new PullRequestPublishException(PullRequestFailureKind.MissingCredentials,
                $"{AppIdVariable} must be the GitHub App's numeric id (the App's settings page, 'App ID'), together with {AppKeyVariable}");
        }

        if (string.IsNullOrWhiteSpace(privateKey))
        {
            throw new PullRequestPublishException(PullRequestFailureKind.MissingCredentials,
                $"{AppKeyVariable} is empty: set it to the App's private key (PEM text or the path of the .pem file)");
        }

        long? installation = null;
        if (!string.IsNullOrWhiteSpace(installationId))
        {
            installation = long.TryParse(installationId, out var parsed) && parsed > 0
                ? parsed
                : throw new PullRequestPublishException(PullRequestFailureKind.MissingCredentials, $"{AppInstallationVariable} must be a number");
        }

        return new GitHubAppCredentials(id, ReadPem(privateKey), installation);
    }

    // Secrets stores often hold the PEM with literal "\n"; a value without a PEM header is a file path.
    private static string ReadPem(string value)
    {
        var text = value.Trim();
        if (!text.StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            if (!File.Exists(text))
            {
                throw new PullRequestPublishException(PullRequestFailureKind.MissingCredentials,
                    $"{AppKeyVariable} is neither a PEM private key nor the path of an existing file");
            }

            text = File.ReadAllText(text).Trim();
        }

        return text.Replace("\\n", "\n", StringComparison.Ordinal);
    }

    public override string ToString() => $"GitHub App {AppId}";
}
