using System.Net;

namespace GitStreamSync.Adapters.Git.Http;

/// <summary>
/// A proxy as Git's settings write it: a URL, or <c>host:port</c> meaning HTTP, with an optional
/// <c>user:password@</c> that becomes the proxy's credentials and never part of a message.
/// </summary>
internal static class GitProxyAddress
{
    public static WebProxy Parse(string configured)
    {
        var text = configured.Contains("://", StringComparison.Ordinal) ? configured : "http://" + configured;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            throw new GitHttpException($"the Git proxy '{Shown(configured)}' (http.proxy or remote.NAME.proxy) is not an http:// or https:// address");
        }

        var (user, password) = UrlUserInfo.Of(uri);
        return new WebProxy(UrlUserInfo.Without(uri)) { Credentials = user is null ? null : new NetworkCredential(user, password ?? "") };
    }

    private static string Shown(string configured)
    {
        var at = configured.LastIndexOf('@');
        var scheme = configured.IndexOf("://", StringComparison.Ordinal);
        return at < 0 ? configured : configured[..(scheme < 0 ? 0 : scheme + 3)] + "***@" + configured[(at + 1)..];
    }
}
