using GitStreamSync.Core.Ports;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using GitStreamSync.Adapters.Registry.Transport;

namespace GitStreamSync.Adapters.Registry.Auth;

/// <summary>What the first contact with an endpoint taught: the base URI that answered and its challenge.</summary>
internal sealed record EndpointState(RegistryEndpoint Endpoint, Uri BaseUri, AuthChallenge? Challenge);

/// <summary>
/// The Docker token flow and Basic auth. Each endpoint is contacted once (<c>GET /v2/</c>) to learn
/// its scheme and challenge, so later requests carry the right Authorization at once: one 401 per
/// host, one token request per repository scope.
/// </summary>
internal sealed class RegistryAuthenticator(RegistryTransport transport, RegistryCredentialStore credentials, TimeProvider time)
{
    private const long MaxTokenAnswerBytes = 1024 * 1024;
    private readonly ConcurrentDictionary<string, Lazy<Task<EndpointState>>> probes = new(StringComparer.OrdinalIgnoreCase);

    public BearerTokenCache Tokens { get; } = new(time);

    public Task<EndpointState> ProbeAsync(RegistryEndpoint endpoint, CancellationToken cancellationToken) =>
        probes.TryGetValue(endpoint.ProbeKey, out var known)
            ? known.Value
            : probes.GetOrAdd(endpoint.ProbeKey, _ => new Lazy<Task<EndpointState>>(() => ContactAsync(endpoint, cancellationToken))).Value;

    /// <summary>
    /// The Authorization for a request under <paramref name="challenge"/>; <paramref name="refused"/>
    /// is the header the registry just answered 401 to (a token to replace), or null.
    /// </summary>
    public async Task<AuthenticationHeaderValue?> AuthorizeAsync(
        EndpointState state, AuthChallenge? challenge, string scope, AuthenticationHeaderValue? refused, CancellationToken cancellationToken)
    {
        if (challenge is null)
        {
            return null;
        }

        var credential = await credentials.FindAsync(state.Endpoint.CredentialHost, cancellationToken);
        if (challenge.IsBasic)
        {
            return credential?.ToBasic();
        }

        scope = challenge.Scope ?? scope;
        var key = $"{state.BaseUri.Authority} {challenge.Realm} {challenge.Service} {scope}";
        var stale = refused is { Scheme: "Bearer", Parameter: { } used } ? new BearerToken(used, DateTimeOffset.MinValue) : null;
        var token = await Tokens.GetAsync(key, () => FetchTokenAsync(state, challenge, scope, credential, cancellationToken), stale);
        return new AuthenticationHeaderValue("Bearer", token.Value);
    }

    private async Task<EndpointState> ContactAsync(RegistryEndpoint endpoint, CancellationToken cancellationToken)
    {
        for (var i = 0; ; i++)
        {
            var baseUri = endpoint.Candidates[i];
            var last = i == endpoint.Candidates.Count - 1;
            RegistryResponse answer;
            try
            {
                // A mirror that is down should cost one attempt, not a round of retries, before the source is asked.
                // Below the base URI's own path: a mirror at https://host/prefix serves /prefix/v2/.
                var probe = new Uri($"{baseUri.AbsoluteUri.TrimEnd('/')}/v2/");
                answer = await transport.SendAsync(new RegistryRequest(HttpMethod.Get, probe) { NoRetry = !last || endpoint.IsMirror }, cancellationToken);
            }
            catch (RegistryRequestException) when (!last)
            {
                continue;
            }

            if (answer.Status == HttpStatusCode.Unauthorized)
            {
                return new EndpointState(endpoint, baseUri, AuthChallenge.Select(answer.Challenges));
            }

            if ((int)answer.Status >= 500 || answer.Status == HttpStatusCode.TooManyRequests)
            {
                throw RegistryFailures.FromStatus(answer, $"{baseUri.Authority}/v2/");
            }

            return new EndpointState(endpoint, baseUri, null);
        }
    }

    private async Task<BearerToken> FetchTokenAsync(EndpointState state, AuthChallenge challenge, string scope, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var realm) || (realm.Scheme != Uri.UriSchemeHttps && realm.Scheme != Uri.UriSchemeHttp))
        {
            throw new RegistryRequestException(ResolutionFailureKind.InvalidResponse, $"{state.BaseUri.Authority} named an unusable token realm");
        }

        var query = new List<string>();
        if (challenge.Service is { } service)
        {
            query.Add("service=" + Uri.EscapeDataString(service));
        }

        query.Add("scope=" + Uri.EscapeDataString(scope));
        RegistryRequest request;
        if (credential?.IdentityToken is { } refreshToken)
        {
            var form = new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["service"] = challenge.Service ?? "",
                ["scope"] = scope,
                ["client_id"] = "gitstreamsync",
                ["refresh_token"] = refreshToken,
            };
            request = new RegistryRequest(HttpMethod.Post, realm) { Content = () => new FormUrlEncodedContent(form) };
        }
        else
        {
            var separator = realm.Query.Length > 0 ? "&" : "?";
            request = new RegistryRequest(HttpMethod.Get, new Uri(realm + separator + string.Join('&', query))) { Authorization = credential?.ToBasic() };
        }

        var answer = await transport.SendAsync(request with { ReadBody = true, MaxBodyBytes = MaxTokenAnswerBytes }, cancellationToken);
        if (answer.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var who = credential is null ? "anonymous access" : $"the credentials for {state.Endpoint.CredentialHost} (from {credential.Source})";
            throw new RegistryRequestException(ResolutionFailureKind.Unauthorized, $"token service {realm.Authority} refused {who} ({(int)answer.Status})");
        }

        if (!answer.IsSuccess)
        {
            throw RegistryFailures.FromStatus(answer, $"token service {realm.Authority}");
        }

        return ParseToken(answer.Body ?? [], realm.Authority);
    }

    private BearerToken ParseToken(byte[] body, string realmAuthority)
    {
        var answer = TokenAnswer.Read(body);
        if (answer.Problem is { } problem)
        {
            throw new RegistryRequestException(ResolutionFailureKind.InvalidResponse, $"token service {realmAuthority} answered {problem}");
        }

        // Docker token spec: expires_in defaults to 60 s. Refresh a little early so a token does not lapse in flight.
        var lifetime = TimeSpan.FromSeconds(answer.ExpiresInSeconds is int s && s > 0 ? s : 60);
        var margin = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(10).Ticks, lifetime.Ticks / 4));
        return new BearerToken(answer.Token!, time.GetUtcNow() + lifetime - margin);
    }
}
