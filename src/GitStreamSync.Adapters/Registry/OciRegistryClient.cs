using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using System.Collections.Concurrent;
using GitStreamSync.Adapters.Registry.Auth;
using GitStreamSync.Adapters.Registry.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitStreamSync.Adapters.Registry;

/// <summary>
/// Resolves image references to digests through the OCI Distribution API: one request per distinct
/// tag (<see cref="ManifestLookup"/>), mirrors before the source, Legacy/PreserveOriginal handling of indexes, and every failure
/// as a value naming the reference. The environment (credentials, Docker config) is passed in.
/// </summary>
internal sealed partial class OciRegistryClient : IDigestResolver, IImageFactsReader, ISignatureReader, IDisposable
{
    private readonly RegistryClientOptions options;
    private readonly Func<string, string?> environment;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly RegistryTransport transport;
    private readonly IndexChildCache indexes;
    private readonly ImageFactsCache images;
    private readonly ConcurrentDictionary<string, byte> insecureTlsHosts = new(StringComparer.OrdinalIgnoreCase);

    public OciRegistryClient(RegistryClientOptions options, Func<string, string?> environment, TimeProvider time, ILogger? logger = null)
    {
        this.options = options;
        this.environment = environment;
        this.time = time;
        this.logger = logger ?? NullLogger.Instance;
        transport = new RegistryTransport(options, time, this.logger, new RateLimitTracker(options.RateLimitFloor), host => insecureTlsHosts.ContainsKey(host));
        indexes = new IndexChildCache(options.CacheDirectory, this.logger);
        images = new ImageFactsCache(options.CacheDirectory, this.logger);
    }

    /// <summary>
    /// Answers per host and HTTP status (0: no answer) since this client was made: resolutions,
    /// provenance reads and signature checks alike. A run's share is the difference of two readings.
    /// </summary>
    public IReadOnlyDictionary<(string Host, int Status), int> RequestsSoFar => transport.RequestsPerHostAndStatus.ToDictionary(kv => kv.Key, kv => kv.Value);

    /// <summary>Counters of the most recent run (requests per host, token requests, rate-limit readings).</summary>
    public RegistryRunReport LastRun { get; private set; } = RegistryRunReport.Empty;

    public async Task<IReadOnlyDictionary<ResolveRequest, ResolutionOutcome>> ResolveAllAsync(
        IReadOnlyCollection<ResolveRequest> requests, CancellationToken cancellationToken)
    {
        // A run that listed repositories first counts those pages too.
        var (requestsBefore, statusBefore) = runStart ?? Snapshot();
        runStart = null;
        var indexLoadsBefore = indexes.Loads;
        using var deadline = options.RunDeadline is { } limit ? new CancellationTokenSource(limit, time) : new CancellationTokenSource();
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var state = new RunState(transport, new RegistryCredentialStore(environment, logger, options.Secrets), time, options);
        var distinct = requests.Distinct().ToList();
        var results = new ConcurrentDictionary<ResolveRequest, ResolutionOutcome>();
        var done = 0;
        try
        {
            await Parallel.ForEachAsync(
                distinct,
                new ParallelOptions { MaxDegreeOfParallelism = options.MaxParallelReferences, CancellationToken = cancellationToken },
                async (request, _) =>
                {
                    results[request] = await ResolveOneAsync(state, request, run.Token, cancellationToken);
                    options.Progress?.Report((Interlocked.Increment(ref done), distinct.Count));
                });
        }
        finally
        {
            // The indexes read by GET in this run, in one file rather than one each.
            indexes.Save();
        }

        LastRun = new RegistryRunReport(
            distinct.Count,
            transport.RequestsPerHost.ToDictionary(kv => kv.Key, kv => kv.Value - requestsBefore.GetValueOrDefault(kv.Key)),
            state.Authenticator.Tokens.Fetches,
            indexes.Loads - indexLoadsBefore,
            transport.RateLimits.Readings.ToDictionary())
        {
            RequestsPerHostAndStatus = transport.RequestsPerHostAndStatus
                .Select(kv => (kv.Key, Count: kv.Value - statusBefore.GetValueOrDefault(kv.Key)))
                .Where(e => e.Count > 0)
                .ToDictionary(e => e.Key, e => e.Count),
        };
        return requests.Distinct().ToDictionary(r => r, r => results[r]);
    }

    public void Dispose() => transport.Dispose();

    private (Dictionary<string, int> Requests, Dictionary<(string Host, int Status), int> Statuses)? runStart;

    private (Dictionary<string, int> Requests, Dictionary<(string Host, int Status), int> Statuses) Snapshot() =>
        (transport.RequestsPerHost.ToDictionary(kv => kv.Key, kv => kv.Value), transport.RequestsPerHostAndStatus.ToDictionary(kv => kv.Key, kv => kv.Value));

    /// <summary>The run's registry report (<see cref="LastRun"/>) starts here, not at the digests' resolution.</summary>
    private void MarkRunStart() => runStart ??= Snapshot();

    private async Task<ResolutionOutcome> ResolveOneAsync(RunState state, ResolveRequest request, CancellationToken run, CancellationToken caller)
    {
        try
        {
            run.ThrowIfCancellationRequested();
            var contact = request.Reference.ToContact();
            var key = (request.Insecure, contact.Host, contact.Repository, contact.Reference);
            var answer = await state.Heads.GetOrAdd(key, _ => new Lazy<Task<ManifestAnswer>>(() => LookUpAcrossEndpointsAsync(state, request, contact, run))).Value;
            var head = answer.Head;
            if (answer.Config is { } config)
            {
                manifestConfigs.TryAdd(head.Digest, config);
            }

            if (!ManifestMediaTypes.IsIndex(head.MediaType))
            {
                return new Resolved(head.Digest, head.MediaType, AnsweredBy: head.AnsweredBy.Endpoint.Display);
            }

            if (request.ImportMode == ImportMode.PreserveOriginal)
            {
                return new Resolved(head.Digest, head.MediaType, IndexDigest: head.Digest, AnsweredBy: head.AnsweredBy.Endpoint.Display);
            }

            if (answer.Entries is { } read)
            {
                indexes.Remember(head.Digest, read);
            }

            var entries = answer.Entries ?? await indexes.GetAsync(head.Digest, async () =>
            {
                var (_, document) = await state.Fetcher.GetAsync(head.AnsweredBy, contact.Repository, head.Digest.ToString(), run);
                return document.Entries ?? throw new RegistryRequestException(
                    ResolutionFailureKind.InvalidResponse, $"{head.AnsweredBy.BaseUri.Authority} answered the index {head.Digest.Abbreviated} with a single-platform manifest");
            });
            var chosen = ManifestIndex.Choose(entries, request.Platform, byTag: request.Reference.Digest is null)
                ?? throw new RegistryRequestException(ResolutionFailureKind.UnsupportedManifest, $"index {head.Digest.Abbreviated} lists no manifests");
            var mediaType = ManifestMediaTypes.IsSupported(chosen.MediaType) ? chosen.MediaType
                : head.MediaType == ManifestMediaTypes.OciIndex ? ManifestMediaTypes.OciManifest : ManifestMediaTypes.DockerManifest;
            return new Resolved(chosen.Digest, mediaType, head.Digest, chosen.Platform, head.AnsweredBy.Endpoint.Display);
        }
        catch (RegistryRequestException e)
        {
            return Failed(request, e.Kind, $"{request.Reference}: {e.Message}");
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            return Failed(request, ResolutionFailureKind.Deferred, $"{request.Reference}: deferred: the run's registry deadline of {options.RunDeadline?.TotalSeconds:0} s was reached first");
        }
    }

    private ResolutionFailed Failed(ResolveRequest request, ResolutionFailureKind kind, string message)
    {
        logger.LogDebug("{Reference}: {Kind}", request.Reference, kind);
        return new ResolutionFailed(kind, message);
    }

    private async Task<ManifestAnswer> LookUpAcrossEndpointsAsync(RunState state, ResolveRequest request, RegistryContact contact, CancellationToken run)
    {
        var endpoints = EndpointsFor(contact, request.Insecure);
        RegistryRequestException? mirrorFailure = null;
        foreach (var endpoint in endpoints)
        {
            try
            {
                var probed = await state.Authenticator.ProbeAsync(endpoint, run);
                return await ManifestLookup.LookUpAsync(state.Fetcher, probed, contact.Repository, contact.Reference, options, run);
            }
            catch (RegistryRequestException e) when (endpoint.IsMirror && e.Kind is not (ResolutionFailureKind.Deferred or ResolutionFailureKind.RateLimited))
            {
                // Mirrors are tried in order and the source last, whatever a mirror's failure was,
                // except a mirror that asks to be asked later: going round it to the source would
                // spend the very pull budget the mirror is there to protect.
                logger.LogDebug("mirror {Mirror} failed for {Reference} ({Kind}); trying the next", endpoint.Display, request.Reference, e.Kind);
                mirrorFailure = e;
            }
        }

        throw RegistryEndpoint.NotAsked(contact.Host, options.Registries, mirrorFailure);
    }

    /// <summary>
    /// The places to ask for a contact, in order (<see cref="RegistryEndpoint.For"/>), worked out once
    /// per host for the client's life: the settings do not change, and ten thousand tags on one host
    /// would otherwise parse the same base URIs ten thousand times.
    /// </summary>
    private IReadOnlyList<RegistryEndpoint> EndpointsFor(RegistryContact contact, bool insecure)
    {
        if (endpointsByHost.TryGetValue((contact.Host, contact.EndpointHost, insecure), out var known))
        {
            return known;
        }

        var endpoints = RegistryEndpoint.For(contact.Host, contact.EndpointHost, insecure, options.Registries);
        foreach (var endpoint in endpoints.Where(e => e.Insecure))
        {
            insecureTlsHosts.TryAdd(endpoint.Candidates[0].Host, 0);
        }

        return endpointsByHost.GetOrAdd((contact.Host, contact.EndpointHost, insecure), endpoints);
    }

    private readonly ConcurrentDictionary<(string Host, string EndpointHost, bool Insecure), IReadOnlyList<RegistryEndpoint>> endpointsByHost = new();

    // Manifest digest -> its config digest and annotations, from the GETs that resolved tags: a
    // pull request's facts for a new digest then cost the config blob alone, not the manifest again.
    // Content-addressed, so an entry is never stale.
    private readonly ConcurrentDictionary<Digest, (Digest Config, IReadOnlyDictionary<string, string> Annotations)> manifestConfigs = new();

    private sealed class RunState
    {
        public RunState(RegistryTransport transport, RegistryCredentialStore credentials, TimeProvider time, RegistryClientOptions options)
        {
            Authenticator = new RegistryAuthenticator(transport, credentials, time);
            Fetcher = new ManifestFetcher(transport, Authenticator, credentials, options);
        }

        public RegistryAuthenticator Authenticator { get; }
        public ManifestFetcher Fetcher { get; }
        // Keyed by what is asked (ordinal strings): one lookup per distinct reference in a run.
        public ConcurrentDictionary<(bool Insecure, string Host, string Repository, string Reference), Lazy<Task<ManifestAnswer>>> Heads { get; } = new();
    }
}

/// <summary>What one run cost and what the registries said about their limits.</summary>
internal sealed record RegistryRunReport(
    int DistinctRequests,
    IReadOnlyDictionary<string, int> RequestsPerHost,
    int TokenRequests,
    int IndexFetches,
    IReadOnlyDictionary<string, RateLimitReading> RateLimits)
{
    public static RegistryRunReport Empty { get; } = new(0, new Dictionary<string, int>(), 0, 0, new Dictionary<string, RateLimitReading>());

    /// <summary>Answers per host and HTTP status in this run (0: no answer).</summary>
    public IReadOnlyDictionary<(string Host, int Status), int> RequestsPerHostAndStatus { get; init; } = new Dictionary<(string Host, int Status), int>();

    public int TotalRequests => RequestsPerHost.Values.Sum();
}
