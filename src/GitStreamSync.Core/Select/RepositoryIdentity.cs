namespace GitStreamSync.Core.Select;

/// <summary>
/// Names a repository the same way however it was reached: a clone's URL, a working copy's
/// <c>origin</c> or a scp-like address all give <c>host/owner/name</c> (host lower-cased, no
/// scheme, credentials, port of the default scheme, <c>.git</c> suffix or trailing slash); a
/// local path stays a path. Shard files carry it so a sync refuses answers made for another repository.
/// </summary>
public static class RepositoryIdentity
{
    public static string Of(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        var text = location.Trim();
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "ssh" or "git")
        {
            var port = uri.IsDefaultPort || uri.Port < 0 ? "" : ":" + uri.Port;
            return Trim(uri.Host.ToLowerInvariant() + port + uri.AbsolutePath);
        }

        // git@github.com:acme/images.git
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (colon > 0 && !text.Contains("://", StringComparison.Ordinal) && text.IndexOf('/', StringComparison.Ordinal) is var slash && (slash < 0 || slash > colon) && colon > 1)
        {
            var host = text[(at < 0 || at > colon ? 0 : at + 1)..colon];
            return Trim(host.ToLowerInvariant() + "/" + text[(colon + 1)..].TrimStart('/'));
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var file) && file.IsFile)
        {
            return Trim(file.LocalPath);
        }

        return Trim(text);
    }

    private static string Trim(string identity)
    {
        var trimmed = identity.TrimEnd('/');
        return trimmed.EndsWith(".git", StringComparison.Ordinal) ? trimmed[..^4].TrimEnd('/') : trimmed;
    }
}
