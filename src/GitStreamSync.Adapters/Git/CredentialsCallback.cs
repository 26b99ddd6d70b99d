using GitStreamSync.Core.Ports;
using LibGit2Sharp;
using LibGit2Sharp.Handlers;

namespace GitStreamSync.Adapters.Git;

/// <summary>
/// The credentials provider for one network operation. libgit2 calls it again each time the server
/// answers 401 and gives up only after 15 replays; a second call means the credentials were refused,
/// so it stops there with a message that names the fix (and never the secret).
/// </summary>
internal sealed class CredentialsCallback(GitCredentials? credentials, string displayLocation)
{
    private int calls;

    /// <summary>True once the server asked for credentials we did not have or refused the ones we gave.</summary>
    public bool AuthenticationFailed { get; private set; }

    public CredentialsHandler Handler => Provide;

    private UsernamePasswordCredentials Provide(string url, string usernameFromUrl, SupportedCredentialTypes types)
    {
        calls++;
        if (credentials is null)
        {
            AuthenticationFailed = true;
            throw new RepositoryException(
                $"the Git server at {displayLocation} asks for credentials: set {GitCredentials.UsernameVariable} and {GitCredentials.PasswordVariable} (or GITHUB_TOKEN for GitHub)");
        }

        if (calls > 1)
        {
            AuthenticationFailed = true;
            throw new RepositoryException(
                $"the Git server at {displayLocation} refused the credentials of user '{credentials.Username}' (check {GitCredentials.UsernameVariable} / {GitCredentials.PasswordVariable})");
        }

        return new UsernamePasswordCredentials { Username = credentials.Username, Password = credentials.Password };
    }
}
