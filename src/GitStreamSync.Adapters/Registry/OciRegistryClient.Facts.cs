using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using System.Collections.Concurrent;
using GitStreamSync.Adapters.Registry.Auth;
using GitStreamSync.Adapters.Registry.Transport;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Adapters.Registry;

/// <summary>
/// <see cref="IImageFactsReader"/>: per digest not yet cached, one GET of the manifest by digest and
/// one GET of its config blob (an index kept whole adds the GET of the index, usually cached, and of
/// its chosen child's manifest). Mirrors are asked before the source, as for digests.
/// </summary>
internal sealed partial class OciRegistryClient
{
    /// <summary>Configs fetched from a registry by the most recent <see cref="ReadAllAsync"/> (cached ones cost nothing).</summary>
    public int LastConfigLoads { get; private set; }

    /// <summary>Every request this client has sent, to any host (what a test or a measurement compares before and after).</summary>
    public int RequestsSent => transport.RequestsPerHost.Values.Sum();

    public async Task<IReadOnlyDictionary<ImageFactsRequest, ImageFacts>> ReadAllAsync(IReadOnlyCollection<ImageFactsRequest> requests, CancellationToken cancellationToken)
    {
        var loadsBefore = images.Loads;
        var state = new RunState(transport, new RegistryCredentialStore(environment, logger, options.Secrets), time, options);
        var distinct = requests.Distinct().ToList();
        var results = new ConcurrentDictionary<ImageFactsRequest, ImageFacts>();
        await Parallel.ForEachAsync(
            distinct,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Min(options.MaxParallelReferences, 32), CancellationToken = cancellationToken },
            async (request, token) => results[request] = await ReadOneAsync(state, request, token));
        LastConfigLoads = images.Loads - loadsBefore;
        return distinct.ToDictionary(r => r, r => results[r]);
    }

    private async Task<ImageFacts> ReadOneAsync(RunState state, ImageFactsRequest request, CancellationToken cancellationToken)
    {
        var digest = request.Image.Digest ?? throw new ArgumentException("an image facts request names a digest", nameof(request));
        try
        {
            var contact = request.Image.ToContact();
            var platforms = request.IndexDigest is { } index && index != digest
                ? await indexes.GetAsync(index, () => OnFirstEndpointAsync(state, request, contact, async endpoint =>
                    (await state.Fetcher.GetAsync(endpoint, contact.Repository, index.ToString(), cancellationToken)).Document.Entries ?? [], cancellationToken))
                : null;
            var cached = await images.GetAsync(digest, () => OnFirstEndpointAsync(state, request, contact, async endpoint =>
            {
                if (manifestConfigs.TryGetValue(digest, out var known))
                {
                    // The manifest was read when its tag was resolved: only its config is asked for.
                    return await ReadConfigAsync(state, endpoint, contact, known.Config, known.Annotations, chosen: null, cancellationToken);
                }

                var (head, document, body) = await state.Fetcher.GetWithBodyAsync(endpoint, contact.Repository, digest.ToString(), cancellationToken);
                string? chosen = null;
                if (ManifestMediaTypes.IsIndex(head.MediaType))
                {
                    // An index kept whole: its config is the chosen platform's.
                    var entries = document.Entries ?? [];
                    var child = ManifestIndex.Choose(entries, request.Platform, byTag: false)
                        ?? throw new RegistryRequestException(ResolutionFailureKind.UnsupportedManifest, $"index {digest.Abbreviated} lists no manifests");
                    chosen = child.Platform?.ToString();
                    body = (await state.Fetcher.GetWithBodyAsync(endpoint, contact.Repository, child.Digest.ToString(), cancellationToken)).Body;
                }

                var (configDigest, annotations) = ImageConfigDocument.ReadManifest(body);
                return await ReadConfigAsync(state, endpoint, contact, configDigest, annotations, chosen, cancellationToken);
            }, cancellationToken));
            var ownIndex = cached.Platform is not null;
            return new ImageFacts(digest)
            {
                Labels = cached.Labels,
                Created = cached.Created,
                FirstSeen = cached.FirstSeen,
                Platforms = platforms?.Select(e => e.Platform).OfType<Platform>().ToList() ?? [],
                Chosen = platforms?.FirstOrDefault(e => e.Digest == digest)?.Platform
                    ?? (ownIndex && Platform.TryParse(cached.Platform, out var p) ? p : null),
            };
        }
        catch (RegistryRequestException e)
        {
            logger.LogDebug("{Image}: image config not read ({Kind})", request.Image, e.Kind);
            return new ImageFacts(digest) { Unreadable = $"{request.Image}: {e.Message}" };
        }
    }

    /// <summary>The config blob's <c>created</c> and labels, the manifest's annotations over them.</summary>
    private async Task<CachedImageFacts> ReadConfigAsync(
        RunState state, EndpointState endpoint, RegistryContact contact, Digest configDigest, IReadOnlyDictionary<string, string> annotations, string? chosen, CancellationToken cancellationToken)
    {
        var (created, labels) = ImageConfigDocument.ReadConfig(await state.Fetcher.GetBlobAsync(endpoint, contact.Repository, configDigest, cancellationToken));
        var merged = new Dictionary<string, string>(labels, StringComparer.Ordinal);
        foreach (var (key, value) in annotations)
        {
            merged[key] = value;
        }

        return new CachedImageFacts(merged, created, time.GetUtcNow(), chosen);
    }

    /// <summary>Runs <paramref name="read"/> on the mirrors in order, then the source, until one answers.</summary>
    private async Task<T> OnFirstEndpointAsync<T>(RunState state, ImageFactsRequest request, RegistryContact contact, Func<EndpointState, Task<T>> read, CancellationToken cancellationToken)
    {
        var endpoints = EndpointsFor(contact, request.Insecure);

        RegistryRequestException? failure = null;
        foreach (var endpoint in endpoints)
        {
            try
            {
                return await read(await state.Authenticator.ProbeAsync(endpoint, cancellationToken));
            }
            catch (RegistryRequestException e) when (endpoint.IsMirror)
            {
                failure = e;
            }
        }

        throw RegistryEndpoint.NotAsked(contact.Host, options.Registries, failure);
    }
}
