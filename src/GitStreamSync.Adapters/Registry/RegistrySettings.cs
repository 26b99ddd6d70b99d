using System.Collections.Frozen;

namespace GitStreamSync.Adapters.Registry;

/// <summary>
/// Per-host registry settings: mirrors tried in order before the source, and hosts where plain
/// HTTP or unverified TLS is allowed. Filled from <c>--registry-mirror</c>, <c>--insecure-registry</c>
/// and the config file's <c>registries:</c> section. Host keys are as written in references
/// (<c>docker.io</c>, <c>quay.io</c>, <c>127.0.0.1:5000</c>), compared case-insensitively.
/// </summary>
internal sealed class RegistrySettings
{
    private readonly FrozenDictionary<string, IReadOnlyList<Uri>> mirrors;
    private readonly FrozenSet<string> insecureHosts;

    public RegistrySettings(IEnumerable<RegistryMirror> mirrors, IEnumerable<string> insecureHosts)
    {
        this.mirrors = mirrors
            .GroupBy(m => CanonicalHost(m.Host), StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => (IReadOnlyList<Uri>)[.. g.Select(m => m.Url)], StringComparer.OrdinalIgnoreCase);
        this.insecureHosts = insecureHosts.Select(CanonicalHost).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    public static RegistrySettings Empty { get; } = new([], []);

    /// <summary>All mirrors, per host in order.</summary>
    public IEnumerable<RegistryMirror> Mirrors => mirrors.SelectMany(kv => kv.Value.Select(u => new RegistryMirror(kv.Key, u)));

    public IEnumerable<string> InsecureHosts => insecureHosts;

    public IReadOnlyList<Uri> MirrorsFor(string host) =>
        mirrors.TryGetValue(CanonicalHost(host), out var list) ? list : [];

    public bool IsInsecure(string host) => insecureHosts.Contains(CanonicalHost(host));

    /// <summary>The same settings with more mirrors and insecure hosts (command line on top of the config file).</summary>
    public RegistrySettings With(IEnumerable<RegistryMirror> moreMirrors, IEnumerable<string> moreInsecure) =>
        new(Mirrors.Concat(moreMirrors), insecureHosts.Concat(moreInsecure));

    // Docker Hub goes by several names; settings for any of them apply to all.
    private static string CanonicalHost(string host) =>
        host.ToLowerInvariant() is "docker.io" or "index.docker.io" or "registry-1.docker.io" ? "docker.io" : host.ToLowerInvariant();
}

/// <summary>One mirror: <c>HOST=URL</c>, e.g. <c>docker.io=http://127.0.0.1:5000</c>.</summary>
internal sealed record RegistryMirror(string Host, Uri Url)
{
    public static RegistryMirror Parse(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == text.Length - 1)
        {
            throw new RegistryMirrorFormatException($"'{text}' is not a mirror: expected HOST=URL, e.g. docker.io=https://mirror.example.com");
        }

        var host = text[..equals].Trim();
        var url = text[(equals + 1)..].Trim();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new RegistryMirrorFormatException($"mirror for {host}: expected an http:// or https:// URL");
        }

        // A password in the URL would end up in logs and messages; credentials come from the environment.
        if (uri.UserInfo.Length > 0)
        {
            throw new RegistryMirrorFormatException($"mirror for {host}: credentials in the URL are not allowed; use GITSTREAMSYNC_REGISTRY_AUTH_<HOST> or Docker's config.json");
        }

        return new RegistryMirror(host, new Uri(uri.GetLeftPart(UriPartial.Authority) + uri.AbsolutePath.TrimEnd('/')));
    }
}

public sealed class RegistryMirrorFormatException(string message) : FormatException(message);
