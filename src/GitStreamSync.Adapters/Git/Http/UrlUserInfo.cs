namespace GitStreamSync.Adapters.Git.Http;

/// <summary>
/// The user information of a URL (<c>user:password@</c>): what it carries as credentials, and the
/// URL without it, the only form that is sent as an address or shown.
/// </summary>
internal static class UrlUserInfo
{
    public static Uri Without(Uri uri) =>
        uri.UserInfo.Length == 0 ? uri : new UriBuilder(uri) { UserName = "", Password = "" }.Uri;

    /// <summary>The user name and password the URL names, unescaped; null where it names none.</summary>
    public static (string? User, string? Password) Of(Uri uri)
    {
        if (uri.UserInfo.Length == 0)
        {
            return (null, null);
        }

        var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? (Uri.UnescapeDataString(uri.UserInfo), null)
            : (Uri.UnescapeDataString(uri.UserInfo[..colon]), Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]));
    }
}
