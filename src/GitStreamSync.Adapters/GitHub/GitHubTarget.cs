
using GitStreamSync.Core.Ports;
namespace GitStreamSync.Adapters.GitHub;

/// <summary>
/// Which GitHub API and repository a run talks to. A run talks to GitHub when the
/// remote's host is github.com or an API URL is given (<c>--github-api-url</c> wins over
/// <c>GITHUB_API_URL</c>); otherwise the remote is a plain Git server and no pull request is opened.
/// The repository is <c>GITHUB_REPOSITORY</c> when set, else the last two segments of the remote's path.
/// </summary>
internal sealed record GitHubTarget(Uri ApiUrl, string Owner, string Repository)
{
    public static Uri PublicApiUrl { get; } = new("https://api.github.com/");

    public string FullName => $"{Owner}/{Repository}";

    /// <summary>Null when the run should not talk to GitHub; throws when it should but the repository cannot be named.</summary>
    public static GitHubTarget? Resolve(string remote, Func<string, string?> environment, string? apiUrlOption)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(environment);
        var (host, path) = SplitRemote(remote);
        var apiText = NonEmpty(apiUrlOption) ?? NonEmpty(environment("GITHUB_API_URL"));
        Uri? api;
        if (apiText is not null)
        {
            if (!Uri.TryCreate(apiText, UriKind.Absolute, out api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
            {
                throw new PullRequestPublishException(PullRequestFailureKind.Validation,
                    $"the GitHub API URL '{apiText}' is not an http(s) URL: set --github-api-url or GITHUB_API_URL to e.g. https://github.example.com/api/v3");
            }
        }
        else if (host is not null && (host.Equals("github.com", StringComparison.OrdinalIgnoreCase) || host.Equals("www.github.com", StringComparison.OrdinalIgnoreCase)))
        {
            api = PublicApiUrl;
        }
        else
        {
            return null;
        }

        var fullName = NonEmpty(environment("GITHUB_REPOSITORY")) ?? FullNameFromPath(path);
        var parts = fullName?.Split('/') ?? [];
        if (parts.Length != 2 || parts.Any(p => p.Length == 0))
        {
            throw new PullRequestPublishException(PullRequestFailureKind.Validation,
                $"cannot tell the GitHub repository from the remote '{Redact(remote)}': set GITHUB_REPOSITORY to OWNER/REPOSITORY");
        }

        return new GitHubTarget(api, parts[0], parts[1]);
    }

    /// <summary>Host and path of an http(s), ssh, scp-like (<c>git@host:owner/repo</c>) or file remote; host is null for local paths.</summary>
    private static (string? Host, string Path) SplitRemote(string remote)
    {
        if (Uri.TryCreate(remote, UriKind.Absolute, out var uri) && !uri.IsFile && uri.Host.Length > 0)
        {
            return (uri.Host, Uri.UnescapeDataString(uri.AbsolutePath));
        }

        // scp-like syntax: [user@]host:path, with no slash before the colon (git-clone(1), GIT URLS).
        var colon = remote.IndexOf(':', StringComparison.Ordinal);
        var slash = remote.IndexOf('/', StringComparison.Ordinal);
        if (colon > 0 && (slash < 0 || colon < slash) && !(colon == 1 && char.IsLetter(remote[0])))
        {
            var userHost = remote[..colon];
            var at = userHost.LastIndexOf('@');
            return (userHost[(at + 1)..], remote[(colon + 1)..]);
        }

        return (null, uri?.IsFile == true ? uri.LocalPath : remote);
    }

    private static string? FullNameFromPath(string path)
    {
        var segments = path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2)
        {
            return null;
        }

        var repository = segments[^1].EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? segments[^1][..^4] : segments[^1];
        return $"{segments[^2]}/{repository}";
    }

    // A remote URL may carry user:password; a message never does.
    private static string Redact(string remote) =>
        Uri.TryCreate(remote, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? remote.Replace(uri.UserInfo + "@", "", StringComparison.Ordinal)
            : remote;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
