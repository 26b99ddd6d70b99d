using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Benchmarks;

/// <summary>
/// A loopback proxy in front of the registry that holds every request for a fixed time before
/// passing it on: the network latency a loopback registry lacks, so fanning requests out over
/// shards shows what it would gain against a registry tens of milliseconds away.
/// </summary>
internal sealed class DelayingProxy : IAsyncDisposable
{
    private static readonly string[] RequestHeaders = ["Accept", "Authorization"];
    private static readonly string[] ResponseHeaders = ["Docker-Content-Digest", "Docker-Distribution-Api-Version", "WWW-Authenticate", "Location", "Retry-After"];

    private readonly Uri upstream;
    private readonly TimeSpan latency;
    private readonly HttpClient client = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 });
    private readonly LoopbackHttpServer server;

    private DelayingProxy(Uri upstream, TimeSpan latency)
    {
        this.upstream = upstream;
        this.latency = latency;
        server = LoopbackHttpServer.Start(ForwardAsync);
    }

    public Uri BaseUri => server.BaseUri;

    public static DelayingProxy Start(Uri upstream, TimeSpan latency) => new(upstream, latency);

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        client.Dispose();
    }

    private async Task<LoopbackResponse> ForwardAsync(LoopbackRequest request)
    {
        await Task.Delay(latency);
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(upstream, request.Target));
        foreach (var name in RequestHeaders)
        {
            if (request.Header(name) is { } value)
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var answer = await client.SendAsync(message);
        var body = await answer.Content.ReadAsByteArrayAsync();
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var name in ResponseHeaders)
        {
            if (answer.Headers.TryGetValues(name, out var values))
            {
                headers.Add(KeyValuePair.Create(name, string.Join(", ", values)));
            }
        }

        if (answer.Content.Headers.ContentType is { } type)
        {
            headers.Add(KeyValuePair.Create("Content-Type", type.ToString()));
        }

        return new LoopbackResponse { Status = (int)answer.StatusCode, Reason = answer.ReasonPhrase ?? "Status", Headers = headers, Body = body };
    }
}
