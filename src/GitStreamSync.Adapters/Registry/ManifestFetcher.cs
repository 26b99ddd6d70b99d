using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using System.Net;
using System.Net.Http.Headers;
using GitStreamSync.Adapters.Registry.Auth;
using GitStreamSync.Adapters.Registry.Transport;

namespace GitStreamSync.Adapters.Registry;

/// <summary>What a registry said a reference is: its digest and media type, and who answered.</summary>
internal sealed record ManifestHead(Digest Digest, string MediaType, EndpointState AnsweredBy);

/// <summary>
/// HEAD and GET of manifests on one endpoint, all four manifest types in Accept: HEAD reads
/// <c>Docker-Content-Digest</c>, GET takes the sha256 of the exact bytes (after a HEAD, only when the
/// header is missing or HEAD is refused; <see cref="ManifestLookup"/> says which comes first). A digest that is not sha256, or that differs from the
/// bytes, and bytes that are not what their media type claims, are errors and never a result.
/// </summary>
internal sealed class ManifestFetcher(RegistryTransport transport, RegistryAuthenticator authenticator, RegistryCredentialStore credentials, RegistryClientOptions options)
{
    private static readonly string AcceptHeader = string.Join(", ", ManifestMediaTypes.Accepted);

    public async Task<ManifestHead> HeadAsync(EndpointState state, string repository, string reference, CancellationToken cancellationToken)
    {
        var answer = await SendAuthorizedAsync(state, HttpMethod.Head, repository, reference, cancellationToken);
        if (answer.IsSuccess)
        {
            var mediaType = ManifestMediaTypes.Normalize(answer.ContentType);
            if (answer.ContentDigest is { } header && mediaType is not null && ManifestMediaTypes.IsSupported(mediaType))
            {
                var digest = ValidDigest(header, state);
                CheckRequestedDigest(digest, reference, state);
                return new ManifestHead(digest, mediaType, state);
            }

            if (mediaType is not null && !ManifestMediaTypes.IsSupported(mediaType) && IsKnownUnsupported(mediaType))
            {
                throw Unsupported(mediaType);
            }
        }
        else if (answer.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests || (int)answer.Status >= 500)
        {
            throw await FailureAsync(state, answer, cancellationToken);
        }

        // Header missing, HEAD refused, or 404 (a GET tells repository from manifest unknown).
        return (await GetAsync(state, repository, reference, cancellationToken)).Head;
    }

    /// <summary>
    /// GET of a manifest: accepted only when the bytes hash to the digest the registry sent and the
    /// one asked for, and read as the media type they claim; anything else fails this reference
    /// with <see cref="ResolutionFailureKind.InvalidResponse"/> naming what is wrong.
    /// </summary>
    public async Task<(ManifestHead Head, ManifestDocument Document)> GetAsync(EndpointState state, string repository, string reference, CancellationToken cancellationToken)
    {
        var (head, document, _) = await GetWithBodyAsync(state, repository, reference, cancellationToken);
        return (head, document);
    }

    /// <summary><see cref="GetAsync"/> with the manifest's exact bytes (a config digest, annotations, signature layers).</summary>
    public async Task<(ManifestHead Head, ManifestDocument Document, byte[] Body)> GetWithBodyAsync(EndpointState state, string repository, string reference, CancellationToken cancellationToken)
    {
        var answer = await SendAuthorizedAsync(state, HttpMethod.Get, repository, reference, cancellationToken);
        if (!answer.IsSuccess)
        {
            throw await FailureAsync(state, answer, cancellationToken);
        }

        var body = answer.Body ?? [];
        var computed = Digest.ComputeSha256(body);
        if (answer.ContentDigest is { } header && ValidDigest(header, state) != computed)
        {
            throw Invalid($"{state.BaseUri.Authority} sent a Docker-Content-Digest that does not match the manifest's bytes");
        }

        CheckRequestedDigest(computed, reference, state);
        var mediaType = ClaimedMediaType(answer.ContentType, body, state);
        var reading = ManifestReading.Read(body, mediaType);
        return reading.Document is { } document
            ? (new ManifestHead(computed, mediaType, state), document, body)
            : throw Invalid($"{state.BaseUri.Authority} answered {reading.Problem}");
    }

    // The Content-Type when it names a manifest type, else the body's mediaType field (some
    // registries and proxies send application/json or nothing).
    private static string ClaimedMediaType(string? contentType, byte[] body, EndpointState state)
    {
        var header = ManifestMediaTypes.Normalize(contentType);
        if (header is not null && ManifestMediaTypes.IsSupported(header))
        {
            return header;
        }

        // As after a HEAD: a type the registry names (schema 1, an artifact) is final, whatever the body says.
        if (header is not null && IsKnownUnsupported(header))
        {
            throw Unsupported(header);
        }

        var field = ManifestReading.MediaTypeField(body);
        if (field is not null && ManifestMediaTypes.IsSupported(field))
        {
            return field;
        }

        if (field is not null && IsKnownUnsupported(field))
        {
            throw Unsupported(field);
        }

        // A JSON object that says nothing of its type is a manifest of some kind this tool cannot
        // tell; a login page, a proxy's error page or other bytes answered with 200 are the host's
        // fault, not the tag's.
        return header is null or "application/json" && ManifestReading.IsJsonObject(body)
            ? throw Unsupported("")
            : throw Invalid($"{state.BaseUri.Authority} answered {(header is null ? "without a Content-Type" : ManifestMediaTypes.Quote(header))} with bytes that are not a manifest");
    }

    /// <summary>GET of a blob (an image config) by digest; bytes that do not hash to the digest are an error, never a result.</summary>
    public async Task<byte[]> GetBlobAsync(EndpointState state, string repository, Digest digest, CancellationToken cancellationToken)
    {
        var answer = await SendAuthorizedAsync(state, HttpMethod.Get, repository, digest.ToString(), cancellationToken, "blobs");
        if (!answer.IsSuccess)
        {
            throw await FailureAsync(state, answer, cancellationToken);
        }

        var body = answer.Body ?? [];
        return Digest.ComputeSha256(body) == digest
            ? body
            : throw new RegistryRequestException(ResolutionFailureKind.ServerError, $"{state.BaseUri.Authority} sent a blob whose bytes do not match {digest.Abbreviated}");
    }

    /// <summary>
    /// The OCI referrers API's index for <paramref name="digest"/> (distribution-spec 1.1); null when the
    /// registry does not offer the API (404), as registries before it do.
    /// </summary>
    public async Task<byte[]?> GetReferrersAsync(EndpointState state, string repository, Digest digest, CancellationToken cancellationToken)
    {
        var answer = await SendAuthorizedAsync(state, HttpMethod.Get, repository, digest.ToString(), cancellationToken, "referrers");
        if (answer.Status == HttpStatusCode.NotFound)
        {
            return null;
        }

        return answer.IsSuccess ? answer.Body ?? [] : throw await FailureAsync(state, answer, cancellationToken);
    }

    /// <summary>
    /// One page of <c>GET /v2/NAME/tags/list</c> at <paramref name="uri"/> (the first page, or a <c>Link</c>
    /// the caller checked): the answer, or the failure of an unsuccessful one.
    /// </summary>
    public async Task<RegistryResponse> GetTagsPageAsync(EndpointState state, string repository, Uri uri, long maxBytes, CancellationToken cancellationToken)
    {
        var request = new RegistryRequest(HttpMethod.Get, uri) { Accept = "application/json", ReadBody = true, MaxBodyBytes = maxBytes };
        var answer = await SendAuthorizedAsync(state, request, repository, cancellationToken);
        return answer.IsSuccess ? answer : throw await FailureAsync(state, answer, cancellationToken);
    }

    private Task<RegistryResponse> SendAuthorizedAsync(EndpointState state, HttpMethod method, string repository, string reference, CancellationToken cancellationToken, string kind = "manifests")
    {
        var uri = new Uri($"{state.BaseUri.AbsoluteUri.TrimEnd('/')}/v2/{repository}/{kind}/{reference}");
        var request = new RegistryRequest(method, uri) { Accept = kind == "manifests" ? AcceptHeader : kind == "referrers" ? ManifestMediaTypes.OciIndex : null, ReadBody = method == HttpMethod.Get, MaxBodyBytes = options.MaxManifestBytes };
        return SendAuthorizedAsync(state, request, repository, cancellationToken);
    }

    private async Task<RegistryResponse> SendAuthorizedAsync(EndpointState state, RegistryRequest request, string repository, CancellationToken cancellationToken)
    {
        // An endpoint that asked for no credentials (most mirrors and in-cluster registries) gets
        // none, without building a scope for each request.
        var authorization = state.Challenge is null ? null : await authenticator.AuthorizeAsync(state, state.Challenge, Scope(repository), refused: null, cancellationToken);
        var answer = await transport.SendAsync(request with { Authorization = authorization }, cancellationToken);
        if (answer.Status != HttpStatusCode.Unauthorized || AuthChallenge.Select(answer.Challenges) is not { } challenge)
        {
            return answer;
        }

        // A Basic 401 to credentials already sent is final; a Bearer 401 gets one fresh token (it may have expired).
        if (challenge.IsBasic && authorization is not null)
        {
            return answer;
        }

        var renewed = await authenticator.AuthorizeAsync(state, challenge, Scope(repository), refused: authorization, cancellationToken);
        return renewed is null || SameHeader(renewed, authorization)
            ? answer
            : await transport.SendAsync(request with { Authorization = renewed }, cancellationToken);
    }

    private static string Scope(string repository) => $"repository:{repository}:pull";

    private static bool SameHeader(AuthenticationHeaderValue a, AuthenticationHeaderValue? b) =>
        b is not null && a.Scheme == b.Scheme && a.Parameter == b.Parameter;

    private async Task<RegistryRequestException> FailureAsync(EndpointState state, RegistryResponse answer, CancellationToken cancellationToken)
    {
        var failure = RegistryFailures.FromStatus(answer, state.BaseUri.Authority);
        if (answer.Status == HttpStatusCode.TooManyRequests)
        {
            // Still 429 after the retries: asking again in this run only spends the budget further.
            transport.RateLimits.MarkExhausted(state.BaseUri.Authority);
        }

        if (answer.Status == HttpStatusCode.Unauthorized && await credentials.FindAsync(state.Endpoint.CredentialHost, cancellationToken) is null)
        {
            return new RegistryRequestException(failure.Kind, $"{failure.Message}; no credentials found for {state.Endpoint.CredentialHost} "
                + $"(set {RegistryCredentialStore.EnvironmentVariableFor(state.Endpoint.CredentialHost)} or log in with docker login)");
        }

        return failure;
    }

    private static Digest ValidDigest(string header, EndpointState state) =>
        Digest.TryParse(header.Trim(), out var digest) && digest.IsSha256
            ? digest
            : throw Invalid($"{state.BaseUri.Authority} sent a Docker-Content-Digest that is not sha256: followed by 64 lowercase hex characters");

    private static void CheckRequestedDigest(Digest digest, string reference, EndpointState state)
    {
        if (reference.Contains(':', StringComparison.Ordinal) && reference != digest.ToString())
        {
            throw Invalid($"{state.BaseUri.Authority} answered a request by digest with another digest");
        }
    }

    private static bool IsKnownUnsupported(string mediaType) =>
        mediaType.StartsWith("application/vnd.docker.distribution.manifest.v1", StringComparison.Ordinal)
        || mediaType.StartsWith("application/vnd.oci.", StringComparison.Ordinal)
        || mediaType.StartsWith("application/vnd.docker.", StringComparison.Ordinal);

    private static RegistryRequestException Unsupported(string mediaType) =>
        new(ResolutionFailureKind.UnsupportedManifest, mediaType.Length == 0
            ? "the manifest has no media type this tool understands"
            : $"manifest media type {ManifestMediaTypes.Quote(mediaType)} is not supported (expected an OCI or Docker v2 manifest, index or list)");

    private static RegistryRequestException Invalid(string message) => new(ResolutionFailureKind.InvalidResponse, message);
}
