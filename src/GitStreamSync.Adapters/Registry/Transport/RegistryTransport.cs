using GitStreamSync.Core.Ports;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Authentication;
using GitStreamSync.Adapters.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace GitStreamSync.Adapters.Registry.Transport;

/// <summary>
/// The one HTTP client of a run: pooled connections (HTTP/2 where TLS offers it), a gate of
/// <see cref="RegistryClientOptions.MaxConcurrencyPerHost"/> per host, a timeout per attempt,
/// capped bodies, retries for transient failures only (<see cref="TransientRetry"/> with
/// <see cref="RegistryClientOptions.Retry"/>: connection errors, timeouts, 5xx and 429, honouring
/// <c>Retry-After</c>), and redirects followed by hand so that credentials never travel to another host.
/// </summary>
internal sealed class RegistryTransport : IDisposable
{
    private const int MaxRedirects = 5;

    // Error answers are read only for their error code; a long one is cut, not refused.
    private const int MaxErrorBodyBytes = 64 * 1024;

    private readonly RegistryClientOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly HttpClient client;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> gates = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> requestsPerHost = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(string Host, int Status), int> requestsPerStatus = new();
    private readonly Func<string, bool> isInsecureHost;
    private readonly ResiliencePipeline<RegistryResponse> retry;

    public RegistryTransport(RegistryClientOptions options, TimeProvider time, ILogger logger, RateLimitTracker rateLimits, Func<string, bool> isInsecureHost)
    {
        this.options = options;
        this.time = time;
        this.logger = logger;
        this.isInsecureHost = isInsecureHost;
        RateLimits = rateLimits;
        retry = TransientRetry.Build<RegistryResponse>(options.Retry, time, Transient, LogRetry);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            MaxConnectionsPerServer = options.MaxConcurrencyPerHost,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = options.RequestTimeout,
            EnableMultipleHttp2Connections = true,
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = ValidateCertificate },
        };
        client = new HttpClient(handler)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
    }

    public RateLimitTracker RateLimits { get; }

    /// <summary>Requests sent per host authority, every attempt and redirect hop counted.</summary>
    public IReadOnlyDictionary<string, int> RequestsPerHost => requestsPerHost;

    /// <summary>Answers per host and HTTP status (0: no answer — timeout or connection failure), for the worker's metrics.</summary>
    public IReadOnlyDictionary<(string Host, int Status), int> RequestsPerHostAndStatus => requestsPerStatus;

    // The request travels as the pipeline's state: no closure and no extra state machine per request.
    public Task<RegistryResponse> SendAsync(RegistryRequest request, CancellationToken cancellationToken) =>
        request.NoRetry
            ? SendOnceAsync(request, cancellationToken)
            : retry.ExecuteAsync(
                static (state, token) => new ValueTask<RegistryResponse>(state.Transport.SendOnceAsync(state.Request, token)),
                (Transport: this, Request: request),
                cancellationToken).AsTask();

    public void Dispose()
    {
        client.Dispose();
        foreach (var gate in gates.Values)
        {
            gate.Dispose();
        }
    }

    // A TLS failure will fail the same way again; a 501 or 505 is the server's final word.
    private static TransientFault? Transient(Outcome<RegistryResponse> outcome) => outcome switch
    {
        { Exception: RegistryRequestException { Kind: ResolutionFailureKind.Timeout or ResolutionFailureKind.Unreachable } e } when e.InnerException is not AuthenticationException => new TransientFault(null),
        { Result: { } response } when IsTransient(response.Status) => new TransientFault(response.RetryAfter),
        _ => null,
    };

    private static bool IsTransient(HttpStatusCode status) =>
        status == HttpStatusCode.TooManyRequests || ((int)status >= 500 && status != HttpStatusCode.NotImplemented && status != HttpStatusCode.HttpVersionNotSupported);

    private ValueTask LogRetry(OnRetryArguments<RegistryResponse> retrying)
    {
        var what = retrying.Outcome.Result is { } response ? $"{(int)response.Status} from {response.FinalUri.Authority}" : retrying.Outcome.Exception?.Message;
        logger.LogDebug("{What}; attempt {Attempt} of {Attempts} after {Delay}", what, retrying.AttemptNumber + 2, options.Retry.MaxAttempts, retrying.RetryDelay);
        return default;
    }

    private async Task<RegistryResponse> SendOnceAsync(RegistryRequest request, CancellationToken cancellationToken)
    {
        var uri = request.Uri;
        var method = request.Method;
        var authorization = request.Authorization;
        for (var hop = 0; ; hop++)
        {
            var response = await SendHopAsync(request, method, uri, authorization, cancellationToken);
            if (response.Redirect is not { } location || hop >= MaxRedirects)
            {
                return response.Response;
            }

            var next = new Uri(uri, location);
            // Credentials belong to the host that asked for them: a redirect elsewhere goes bare.
            if (Uri.Compare(next, uri, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
            {
                authorization = null;
            }

            method = response.Response.Status == HttpStatusCode.SeeOther ? HttpMethod.Get : method;
            uri = next;
        }
    }

    private async Task<(RegistryResponse Response, Uri? Redirect)> SendHopAsync(
        RegistryRequest request, HttpMethod method, Uri uri, AuthenticationHeaderValue? authorization, CancellationToken cancellationToken)
    {
        var authority = uri.Authority;
        if (RateLimits.IsBelowFloor(authority, out var reading))
        {
            throw new RegistryRequestException(
                ResolutionFailureKind.Deferred,
                $"deferred: {authority} reported {reading.Remaining} pulls remaining, below the floor of {RateLimits.Floor}");
        }

        var gate = gates.GetOrAdd(authority, _ => new SemaphoreSlim(options.MaxConcurrencyPerHost));
        await gate.WaitAsync(cancellationToken);
        using var timeout = new CancellationTokenSource(options.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var message = new HttpRequestMessage(method, uri);
            message.Headers.Authorization = authorization;
            if (request.Accept is { } accept)
            {
                message.Headers.TryAddWithoutValidation("Accept", accept);
            }

            if (request.Content is { } content && method != HttpMethod.Get && method != HttpMethod.Head)
            {
                message.Content = content();
            }

            requestsPerHost.AddOrUpdate(authority, 1, (_, n) => n + 1);
            using var answer = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            requestsPerStatus.AddOrUpdate((authority, (int)answer.StatusCode), 1, (_, n) => n + 1);
            if (logger.IsEnabled(LogLevel.Debug))
            {
                // Guarded: the arguments would be boxed into an array for every request of the run.
                logger.LogDebug("{Method} {Uri} -> {Status}", method, uri, (int)answer.StatusCode);
            }

            RateLimits.Observe(authority, Header(answer, "ratelimit-limit"), Header(answer, "ratelimit-remaining"));
            if ((int)answer.StatusCode is 301 or 302 or 303 or 307 or 308 && answer.Headers.Location is { } location)
            {
                return (ToResponse(answer, uri, null), location);
            }

            var body = !answer.IsSuccessStatusCode && method != HttpMethod.Head
                ? await ReadCappedAsync(answer, MaxErrorBodyBytes, truncate: true, linked.Token)
                : request.ReadBody ? await ReadCappedAsync(answer, request.MaxBodyBytes, truncate: false, linked.Token) : null;
            return (ToResponse(answer, uri, body), null);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            requestsPerStatus.AddOrUpdate((authority, 0), 1, (_, n) => n + 1);
            throw new RegistryRequestException(ResolutionFailureKind.Timeout, $"no answer from {authority} within {options.RequestTimeout.TotalSeconds:0.###} s", e);
        }
        catch (HttpRequestException e)
        {
            requestsPerStatus.AddOrUpdate((authority, 0), 1, (_, n) => n + 1);
            var tls = e.InnerException as AuthenticationException;
            var what = tls is not null ? "TLS handshake failed" : e.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "host name not found",
                HttpRequestError.ConnectionError => "connection failed",
                HttpRequestError.SecureConnectionError => "TLS handshake failed",
                _ => "request failed",
            };
            throw new RegistryRequestException(ResolutionFailureKind.Unreachable, $"{authority} unreachable: {what}", (Exception?)tls ?? e);
        }
        finally
        {
            gate.Release();
        }
    }

    // Challenges and Retry-After belong to refusals (401, 429, 5xx): a successful answer's are
    // never read, so they are not parsed for each of a run's thousands of manifests.
    private RegistryResponse ToResponse(HttpResponseMessage answer, Uri uri, byte[]? body) =>
        new(answer.StatusCode, uri, body)
        {
            ContentDigest = Header(answer, "Docker-Content-Digest"),
            Link = answer.Headers.TryGetValues("Link", out var links) ? string.Join(", ", links) : null,
            ContentType = answer.Content.Headers.ContentType?.ToString() ?? Header(answer, "Content-Type"),
            Challenges = answer.IsSuccessStatusCode ? [] : [.. answer.Headers.WwwAuthenticate],
            RetryAfter = answer.IsSuccessStatusCode ? null : answer.Headers.RetryAfter switch
            {
                { Delta: { } delta } => delta,
                { Date: { } date } => date - time.GetUtcNow(),
                _ => null,
            },
        };

    private static string? Header(HttpResponseMessage answer, string name) =>
        answer.Headers.TryGetValues(name, out var values) || answer.Content.Headers.TryGetValues(name, out values)
            ? values.FirstOrDefault()
            : null;

    private static async Task<byte[]> ReadCappedAsync(HttpResponseMessage answer, long maxBytes, bool truncate, CancellationToken cancellationToken)
    {
        var length = answer.Content.Headers.ContentLength;
        if (!truncate && length > maxBytes)
        {
            throw TooLarge(answer, maxBytes);
        }

        await using var stream = await answer.Content.ReadAsStreamAsync(cancellationToken);
        if (length is { } known && known <= maxBytes)
        {
            // The usual answer names its length: one array of that size, so a run of ten thousand
            // manifests allocates their bytes and nothing more (the client enforces the length).
            var exact = new byte[known];
            var filled = 0;
            int got;
            while (filled < exact.Length && (got = await stream.ReadAsync(exact.AsMemory(filled), cancellationToken)) > 0)
            {
                filled += got;
            }

            return filled == exact.Length ? exact : exact[..filled];
        }

        using var buffer = new MemoryStream();
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    if (truncate)
                    {
                        break;
                    }

                    throw TooLarge(answer, maxBytes);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private static RegistryRequestException TooLarge(HttpResponseMessage answer, long maxBytes) =>
        new(ResolutionFailureKind.UnsupportedManifest, $"{answer.RequestMessage?.RequestUri?.Authority} answered with a body over {maxBytes / 1024 / 1024.0:0.##} MiB, more than a manifest may hold");

    private bool ValidateCertificate(object sender, System.Security.Cryptography.X509Certificates.X509Certificate? certificate, System.Security.Cryptography.X509Certificates.X509Chain? chain, SslPolicyErrors errors) =>
        errors == SslPolicyErrors.None || (sender is SslStream stream && isInsecureHost(stream.TargetHostName));
}
