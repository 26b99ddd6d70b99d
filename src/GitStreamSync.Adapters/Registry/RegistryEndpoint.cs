using GitStreamSync.Adapters.Registry.Transport;
using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Ports;

namespace GitStreamSync.Adapters.Registry;

/// <summary>
/// One place a reference can be asked for: a mirror URL or the source registry. For an insecure
/// source host without a mirror URL the scheme is found by the first contact (HTTPS without
/// verification first, then plain HTTP), so <see cref="Candidates"/> may hold two base URIs.
/// </summary>
/// <remarks>
/// The places of a reference are its host's mirrors in order, then the source, unless the host is
/// mirror-only (<see cref="RegistrySettings.IsMirrorOnly"/>): then the mirrors alone, and
/// <see cref="NotAsked"/> says so in the message of the last mirror's failure.
/// </remarks>
internal sealed record RegistryEndpoint(string CredentialHost, IReadOnlyList<Uri> Candidates, bool IsMirror, bool Insecure)
{
    /// <summary>What the run reports as the host that answered.</summary>
    public string Display => Candidates[0].Authority;

    /// <summary>The candidates as one text: which first contact (<c>GET /v2/</c>) this endpoint shares with another.</summary>
    public string ProbeKey { get; } = string.Join(' ', Candidates);

    public static IReadOnlyList<RegistryEndpoint> For(string host, string endpointHost, bool insecure, RegistrySettings settings)
    {
        var list = new List<RegistryEndpoint>();
        foreach (var mirror in settings.MirrorsFor(host))
        {
            list.Add(new RegistryEndpoint(mirror.Authority, [mirror], IsMirror: true, settings.IsInsecure(mirror.Authority)));
        }

        // A mirror-only host is asked through its mirrors alone: its own registry is never contacted.
        if (settings.IsMirrorOnly(host))
        {
            return list;
        }

        var allowInsecure = insecure || settings.IsInsecure(host) || settings.IsInsecure(endpointHost);
        IReadOnlyList<Uri> candidates = allowInsecure
            ? [new Uri($"https://{endpointHost}"), new Uri($"http://{endpointHost}")]
            : [new Uri($"https://{endpointHost}")];
        list.Add(new RegistryEndpoint(host, candidates, IsMirror: false, allowInsecure));
        return list;
    }

    /// <summary>
    /// The failure of a reference whose mirrors all failed: the last mirror's, and for a mirror-only
    /// host a note that the source was not asked, so nobody goes looking for an answer from it.
    /// </summary>
    public static RegistryRequestException NotAsked(string host, RegistrySettings settings, RegistryRequestException? lastMirrorFailure) =>
        (lastMirrorFailure, settings.IsMirrorOnly(host)) switch
        {
            ({ } failure, true) => new RegistryRequestException(failure.Kind, $"{failure.Message}; {host} itself is not asked (mirror-only)", failure),
            ({ } failure, false) => failure,
            (null, _) => new RegistryRequestException(ResolutionFailureKind.Unreachable, $"{host} has no mirror and is mirror-only: nothing to ask"),
        };
}
