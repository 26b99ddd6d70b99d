namespace GitStreamSync.Adapters.Git;

/// <summary>How the Git adapter talks to servers and where it keeps clones.</summary>
internal sealed record GitWorkspaceOptions
{
    /// <summary>Used for every HTTP(S) remote that asks for authentication; null when none are configured.</summary>
    public GitCredentials? Credentials { get; init; }

    /// <summary>
    /// A folder kept between runs (the worker): a full bare clone in it, updated by fetch. Never shallow:
    /// fetching into a shallow clone corrupts it in libgit2 1.8. Null: a temporary clone per run.
    /// </summary>
    public string? CacheDirectory { get; init; }

    /// <summary>How long a run waits for another process to finish with <see cref="CacheDirectory"/>.</summary>
    public TimeSpan CacheLockWait { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Where temporary clones go (default: the system temp folder).</summary>
    public string? TemporaryRoot { get; init; }

    /// <summary>libgit2 waits forever by default; these bound connecting and each read or write.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan ServerTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>A user name and password or token for HTTP(S) Git. <see cref="ToString"/> never shows the secret.</summary>
internal sealed record GitCredentials(string Username, string Password)
{
    public const string UsernameVariable = "GITSTREAMSYNC_GIT_USERNAME";
    public const string PasswordVariable = "GITSTREAMSYNC_GIT_PASSWORD";
    public const string GitHubTokenVariable = "GITHUB_TOKEN";

    /// <summary>
    /// The credentials for <paramref name="location"/> from the environment:
    /// GITSTREAMSYNC_GIT_USERNAME/PASSWORD first, else GITHUB_TOKEN as <c>x-access-token</c> for GitHub hosts
    /// (github.com, or the host of GITHUB_SERVER_URL under Actions).
    /// </summary>
    public static GitCredentials? FromEnvironment(string location, Func<string, string?> environment)
    {
        var user = environment(UsernameVariable);
        var password = environment(PasswordVariable);
        if (!string.IsNullOrEmpty(password))
        {
            return new GitCredentials(string.IsNullOrEmpty(user) ? "git" : user, password);
        }

        var token = environment(GitHubTokenVariable);
        if (string.IsNullOrEmpty(token) || !Uri.TryCreate(location, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }

        var serverHost = Uri.TryCreate(environment("GITHUB_SERVER_URL") ?? "", UriKind.Absolute, out var server) ? server.Host : null;
        var isGitHub = uri.Host.Equals("github.com", StringComparison.OrdinalIgnoreCase)
            || (serverHost is not null && uri.Host.Equals(serverHost, StringComparison.OrdinalIgnoreCase));
        return isGitHub ? new GitCredentials("x-access-token", token) : null;
    }

    public override string ToString() => $"GitCredentials {{ Username = {Username}, Password = *** }}";
}
