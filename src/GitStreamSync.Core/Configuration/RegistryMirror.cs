namespace GitStreamSync.Core.Configuration;

/// <summary>
/// One mirror of a registry host, from <c>--registry-mirror HOST=URL</c> (e.g.
/// <c>docker.io=http://127.0.0.1:5000</c>) or from <c>registries.HOST.mirrors</c> in the settings
/// file. Both go through <see cref="Create"/>, so a mirror URL means the same wherever it is written.
/// The normalised URL is kept as text (<see cref="Address"/>) and becomes a <see cref="Uri"/> only
/// when asked for: reading the settings (as <c>validate</c> does) then builds no <see cref="Uri"/> at all.
/// </summary>
internal sealed record RegistryMirror(string Host, string Address)
{
    /// <summary>The mirror's URL: <see cref="Address"/> as written, so <see cref="Uri.OriginalString"/> gives it back.</summary>
    public Uri Url => new(Address);

    /// <summary><c>HOST=URL</c>; a wrong one throws <see cref="RegistryMirrorFormatException"/>.</summary>
    public static RegistryMirror Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == text.Length - 1 || text[..equals].Trim().Length == 0)
        {
            throw new RegistryMirrorFormatException($"'{Shown(text)}' is not a mirror: expected HOST=URL, e.g. docker.io=https://mirror.example.com");
        }

        return Create(text[..equals], text[(equals + 1)..]);
    }

    /// <summary>A mirror URL for <paramref name="host"/>: http or https, no credentials, no trailing slash.</summary>
    public static RegistryMirror Create(string host, string? url)
    {
        ArgumentNullException.ThrowIfNull(host);
        var text = url?.Trim() ?? "";
        return new RegistryMirror(host.Trim().ToLowerInvariant(), MirrorAddress.TryNormalizePlain(text, out var plain) ? plain : NormalizeByUri(text));
    }

    /// <summary>What <see cref="Uri"/> makes of <paramref name="text"/>, or the reason it is not a mirror URL.</summary>
    internal static string NormalizeByUri(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new RegistryMirrorFormatException($"'{Shown(text)}' is not an http:// or https:// URL");
        }

        // A password in the URL would end up in logs and messages; credentials come from the environment.
        if (uri.UserInfo.Length > 0)
        {
            throw new RegistryMirrorFormatException("credentials in a mirror URL are not allowed; use GITSTREAMSYNC_REGISTRY_AUTH_<HOST> or Docker's config.json");
        }

        // Read back once here, as the mirror's URL will be, so a text it cannot be made from fails now.
        var address = uri.GetLeftPart(UriPartial.Authority) + uri.AbsolutePath.TrimEnd('/');
        _ = new Uri(address);
        return address;
    }

    // What a user wrote is quoted back, unless it may carry a password (user:password@host).
    private static string Shown(string text) => text.Contains('@', StringComparison.Ordinal) ? "(a URL with credentials)" : text;
}

public sealed class RegistryMirrorFormatException(string message) : FormatException(message);
