using GitStreamSync.Core.Images;

namespace GitStreamSync.Core.Configuration;

/// <summary>
/// Per-host registry settings: mirrors tried in order before the source, hosts whose source is
/// never asked (mirror-only: only their mirrors are), and hosts where plain HTTP or unverified TLS
/// is allowed. The settings file's <c>registries:</c> section, with <c>--registry-mirror</c>,
/// <c>--mirror-only</c> and <c>--insecure-registry</c> on top. Host keys are as written in
/// references (<c>docker.io</c>, <c>quay.io</c>, <c>127.0.0.1:5000</c>), compared case-insensitively;
/// settings for any of Docker Hub's names apply to all of them.
/// </summary>
internal sealed class RegistrySettings : IEquatable<RegistrySettings>
{
    // Plain dictionaries and sets: a frozen one costs more to build than a run of a few hosts ever
    // saves on look-ups, and these are built at the start of every command that reads settings.
    // The mirrors' URLs are made on first use: a command that only reads the settings (validate)
    // then builds no Uri, whose first one costs a noticeable part of a short command's start-up.
    private readonly List<RegistryMirror> given;
    private readonly HashSet<string> insecureHosts;
    private readonly HashSet<string> mirrorOnlyHosts;
    private Dictionary<string, IReadOnlyList<Uri>>? mirrorsByHost;

    public RegistrySettings(IEnumerable<RegistryMirror> mirrors, IEnumerable<string> insecureHosts, IEnumerable<string>? mirrorOnlyHosts = null)
    {
        given = [.. mirrors];
        this.insecureHosts = insecureHosts.Select(DockerHub.CanonicalHost).ToHashSet(StringComparer.Ordinal);
        this.mirrorOnlyHosts = (mirrorOnlyHosts ?? []).Select(DockerHub.CanonicalHost).ToHashSet(StringComparer.Ordinal);
    }

    public static RegistrySettings Empty { get; } = new([], []);

    // Per canonical host, each URL once (as Uri compares them), in the order given.
    private Dictionary<string, IReadOnlyList<Uri>> MirrorsByHost => LazyInitializer.EnsureInitialized(ref mirrorsByHost, () => given
        .GroupBy(m => DockerHub.CanonicalHost(m.Host), StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => (IReadOnlyList<Uri>)[.. g.Select(m => m.Url).Distinct()], StringComparer.Ordinal));

    /// <summary>All mirrors, per host (in host order) in the order they are tried.</summary>
    public IEnumerable<RegistryMirror> Mirrors =>
        MirrorsByHost.OrderBy(kv => kv.Key, StringComparer.Ordinal).SelectMany(kv => kv.Value.Select(u => new RegistryMirror(kv.Key, u.OriginalString)));

    public IEnumerable<string> InsecureHosts => insecureHosts.Order(StringComparer.Ordinal);

    /// <summary>Hosts asked only through their mirrors: the source itself is never contacted.</summary>
    public IEnumerable<string> MirrorOnlyHosts => mirrorOnlyHosts.Order(StringComparer.Ordinal);

    public IReadOnlyList<Uri> MirrorsFor(string host) =>
        MirrorsByHost.TryGetValue(DockerHub.CanonicalHost(host), out var list) ? list : [];

    public bool IsInsecure(string host) => insecureHosts.Contains(DockerHub.CanonicalHost(host));

    /// <summary>True when <paramref name="host"/> (any of Docker Hub's names for Docker Hub) is asked only through its mirrors.</summary>
    public bool IsMirrorOnly(string host) => mirrorOnlyHosts.Contains(DockerHub.CanonicalHost(host));

    /// <summary>Mirror-only hosts that have no mirror: nothing could be asked for them.</summary>
    public IEnumerable<string> MirrorOnlyHostsWithoutMirror => MirrorOnlyHosts.Where(host => MirrorsFor(host).Count == 0);

    /// <summary>
    /// These settings under <paramref name="first"/> (the command line's): for a host it names mirrors
    /// for, its mirrors replace these (a run pointed at a mirror asks that one, not also the settings
    /// file's); its insecure and mirror-only hosts are added.
    /// </summary>
    public RegistrySettings After(RegistrySettings first) =>
        new(
            first.Mirrors.Concat(Mirrors.Where(m => first.MirrorsFor(m.Host).Count == 0)),
            first.InsecureHosts.Concat(InsecureHosts),
            first.MirrorOnlyHosts.Concat(MirrorOnlyHosts));

    public bool Equals(RegistrySettings? other) =>
        other is not null && string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as RegistrySettings);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    /// <summary>One line per host: its mirrors in order, then <c>mirror-only</c> and <c>insecure</c> when set.</summary>
    public override string ToString() => string.Join(
        '\n',
        MirrorsByHost.Keys.Concat(insecureHosts).Concat(mirrorOnlyHosts).Distinct().Order(StringComparer.Ordinal)
            .Select(host => string.Join(' ', [
                host,
                .. MirrorsFor(host).Select(u => u.ToString()),
                .. IsMirrorOnly(host) ? ["mirror-only"] : Array.Empty<string>(),
                .. IsInsecure(host) ? ["insecure"] : Array.Empty<string>()])));
}
