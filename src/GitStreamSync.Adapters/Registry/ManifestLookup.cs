using GitStreamSync.Core.Images;
using GitStreamSync.Adapters.Registry.Auth;

namespace GitStreamSync.Adapters.Registry;

/// <summary>
/// What one lookup of a reference gave: its digest and media type, and for an index read with GET
/// its entries already parsed (the body itself is not kept).
/// </summary>
internal sealed record ManifestAnswer(ManifestHead Head, IReadOnlyList<IndexEntry>? Entries = null)
{
    /// <summary>What a single-platform manifest read with GET says of its config (<see cref="ManifestDocument.Config"/>).</summary>
    public (Digest Config, IReadOnlyDictionary<string, string> Annotations)? Config { get; init; }
}

/// <summary>
/// One request per tag where the registry allows it. A GET with the four manifest types in
/// Accept gives the digest (sha256 of the exact bytes) and, for an index, the entries a Legacy
/// import chooses from, so a multi-platform tag costs one request instead of a HEAD and a GET.
/// Registries that count each manifest GET as a pull against a budget (Docker Hub; a mirror in
/// front of it is another registry and does not) get a HEAD first, which is free there.
/// </summary>
internal static class ManifestLookup
{
    public static bool CountsGetsAsPulls(Uri baseUri, RegistryClientOptions options) =>
        DockerHub.IsDockerHub(baseUri.Host) || options.PullBudgetHosts.Contains(baseUri.Authority, StringComparer.OrdinalIgnoreCase);

    public static async Task<ManifestAnswer> LookUpAsync(ManifestFetcher fetcher, EndpointState state, string repository, string reference, RegistryClientOptions options, CancellationToken cancellationToken)
    {
        if (CountsGetsAsPulls(state.BaseUri, options))
        {
            return new ManifestAnswer(await fetcher.HeadAsync(state, repository, reference, cancellationToken));
        }

        var (head, document) = await fetcher.GetAsync(state, repository, reference, cancellationToken);
        return ManifestMediaTypes.IsIndex(head.MediaType)
            ? new ManifestAnswer(head, document.Entries)
            : new ManifestAnswer(head) { Config = document.Config };
    }
}
