using System.Collections.Frozen;
using GitStreamSync.Core.Images;

namespace GitStreamSync.Core.Configuration;

/// <summary>
/// Per-host registry settings: mirrors tried in order before the source, and hosts where plain
/// HTTP or unverified TLS is allowed. The settings file's <c>registries:</c> section, with
/// <c>--registry-mirror</c> and <c>--insecure-registry</c> on top. Host keys are as written in
/// references (<c>docker.io</c>, <c>quay.io</c>, <c>127.0.0.1:5000</c>), compared case-insensitively;
/// settings for any of Docker Hub's names apply to all of them.
/// </summary>
internal sealed class RegistrySettings : IEquatable<RegistrySettings>
{
    private readonly FrozenDictionary<string, IReadOnlyList<Uri>> mirrors;
    private readonly FrozenSet<string> insecureHosts;

    public RegistrySettings(IEnumerable<RegistryMirror> mirrors, IEnumerable<string> insecureHosts)
    {
        this.mirrors = mirrors
            .GroupBy(m => DockerHub.CanonicalHost(m.Host), StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => (IReadOnlyList<Uri>)[.. g.Select(m => m.Url).Distinct()], StringComparer.Ordinal);
        this.insecureHosts = insecureHosts.Select(DockerHub.CanonicalHost).ToFrozenSet(StringComparer.Ordinal);
    }

    public static RegistrySettings Empty { get; } = new([], []);

    /// <summary>All mirrors, per host (in host order) in the order they are tried.</summary>
    public IEnumerable<RegistryMirror> Mirrors =>
        mirrors.OrderBy(kv => kv.Key, StringComparer.Ordinal).SelectMany(kv => kv.Value.Select(u => new RegistryMirror(kv.Key, u)));

    public IEnumerable<string> InsecureHosts => insecureHosts.Order(StringComparer.Ordinal);

    public IReadOnlyList<Uri> MirrorsFor(string host) =>
        mirrors.TryGetValue(DockerHub.CanonicalHost(host), out var list) ? list : [];

    public bool IsInsecure(string host) => insecureHosts.Contains(DockerHub.CanonicalHost(host));

    /// <summary>These settings after <paramref name="first"/>: its mirrors are tried before these, its insecure hosts are added.</summary>
    public RegistrySettings After(RegistrySettings first) =>
        new(first.Mirrors.Concat(Mirrors), first.InsecureHosts.Concat(InsecureHosts));

    public bool Equals(RegistrySettings? other) =>
        other is not null && string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as RegistrySettings);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    /// <summary>One line per host: its mirrors in order, then <c>insecure</c> when allowed.</summary>
    public override string ToString() => string.Join(
        '\n',
        mirrors.Keys.Concat(insecureHosts).Distinct().Order(StringComparer.Ordinal)
            .Select(host => string.Join(' ', [host, .. MirrorsFor(host).Select(u => u.ToString()), .. IsInsecure(host) ? ["insecure"] : Array.Empty<string>()])));
}
