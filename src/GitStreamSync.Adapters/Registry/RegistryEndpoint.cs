using GitStreamSync.Core.Configuration;

namespace GitStreamSync.Adapters.Registry;

/// <summary>
/// One place a reference can be asked for: a mirror URL or the source registry. For an insecure
/// source host without a mirror URL the scheme is found by the first contact (HTTPS without
/// verification first, then plain HTTP), so <see cref="Candidates"/> may hold two base URIs.
/// </summary>
internal sealed record RegistryEndpoint(string CredentialHost, IReadOnlyList<Uri> Candidates, bool IsMirror, bool Insecure)
{
    /// <summary>What the run reports as the host that answered.</summary>
    public string Display => Candidates[0].Authority;

    public static IReadOnlyList<RegistryEndpoint> For(string host, string endpointHost, bool insecure, RegistrySettings settings)
    {
        var list = new List<RegistryEndpoint>();
        foreach (var mirror in settings.MirrorsFor(host))
        {
            list.Add(new RegistryEndpoint(mirror.Authority, [mirror], IsMirror: true, settings.IsInsecure(mirror.Authority)));
        }

        var allowInsecure = insecure || settings.IsInsecure(host) || settings.IsInsecure(endpointHost);
        IReadOnlyList<Uri> candidates = allowInsecure
            ? [new Uri($"https://{endpointHost}"), new Uri($"http://{endpointHost}")]
            : [new Uri($"https://{endpointHost}")];
        list.Add(new RegistryEndpoint(host, candidates, IsMirror: false, allowInsecure));
        return list;
    }
}
