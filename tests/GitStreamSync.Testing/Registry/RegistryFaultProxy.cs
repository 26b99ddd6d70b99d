namespace GitStreamSync.Testing.Registry;

/// <summary>
/// A loopback proxy in front of a real registry that passes every request through, except those a
/// test chooses to fail (a 503 for one tag, a Docker Hub style 429): the rest of the registry keeps
/// answering as it does, so one tag's blip can be staged between two runs. With a latency it also
/// holds every request that long first: the network delay a loopback registry lacks.
/// </summary>
public sealed class RegistryFaultProxy : IAsyncDisposable
{
    private static readonly string[] RequestHeaders = ["Accept", "Authorization"];
    private static readonly string[] ResponseHeaders = ["Docker-Content-Digest", "Docker-Distribution-Api-Version", "WWW-Authenticate", "Location", "Retry-After"];

    private readonly Uri upstream;
    private readonly string pathPrefix;
    private readonly TimeSpan latency;
    private readonly HttpClient client = new();
    private readonly LoopbackHttpServer server;
    private Func<LoopbackRequest, LoopbackResponse?>? fault;
    private Func<LoopbackRequest, LoopbackResponse, LoopbackResponse>? rewrite;

    private RegistryFaultProxy(Uri upstream, string pathPrefix, TimeSpan latency = default)
    {
        this.upstream = upstream;
        this.pathPrefix = pathPrefix;
        this.latency = latency;
        server = LoopbackHttpServer.Start(ForwardAsync);
    }

    public Uri BaseUri => server.BaseUri;

    public static RegistryFaultProxy Start(Uri upstream) => new(upstream, "");

    /// <summary>A proxy that holds every request for <paramref name="latency"/> before passing it on.</summary>
    public static RegistryFaultProxy StartWithLatency(Uri upstream, TimeSpan latency) => new(upstream, "", latency);

    /// <summary>
    /// A proxy that serves the registry under <paramref name="pathPrefix"/> (<c>/mirror</c>: the
    /// registry's <c>/v2/</c> is the proxy's <c>/mirror/v2/</c>), as Artifactory, Nexus and Harbor
    /// mirrors do; a request outside the prefix gets 404.
    /// </summary>
    public static RegistryFaultProxy StartUnder(Uri upstream, string pathPrefix) => new(upstream, "/" + pathPrefix.Trim('/'));

    /// <summary>The path of every request the proxy received, in order.</summary>
    public IEnumerable<string> RequestedPaths => server.Requests.Select(r => r.Path);

    /// <summary>The path and query of every request the proxy received, in order.</summary>
    public IEnumerable<string> RequestedTargets => server.Requests.Select(r => r.Target);

    /// <summary>The proxy's URL with its path prefix, as a mirror is configured.</summary>
    public Uri MirrorUri => new(server.BaseUri, pathPrefix);

    /// <summary>From now on, a request <paramref name="answer"/> answers for is not forwarded; null ends every fault.</summary>
    public void Fail(Func<LoopbackRequest, LoopbackResponse?>? answer) => Volatile.Write(ref fault, answer);

    /// <summary>Answers every HEAD and GET of one manifest with <paramref name="status"/>, e.g. <c>/v2/library/ubuntu/manifests/16.04</c>.</summary>
    public void FailManifest(string repository, string reference, int status, params (string Name, string Value)[] headers) =>
        Fail(request => request.Path == $"/v2/{repository}/manifests/{reference}" ? LoopbackResponse.Text(status, "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"staged by the test\"}]}", headers) : null);

    /// <summary>From now on, every forwarded answer passes through <paramref name="change"/> (e.g. <see cref="TagListPaging.Page"/>); null ends it.</summary>
    public void Rewrite(Func<LoopbackRequest, LoopbackResponse, LoopbackResponse>? change) => Volatile.Write(ref rewrite, change);

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        client.Dispose();
    }

    private async Task<LoopbackResponse> ForwardAsync(LoopbackRequest request)
    {
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency);
        }

        if (Volatile.Read(ref fault)?.Invoke(request) is { } staged)
        {
            return staged;
        }

        var target = request.Target;
        if (pathPrefix.Length > 0)
        {
            if (!target.StartsWith(pathPrefix + "/", StringComparison.Ordinal))
            {
                return LoopbackResponse.Text(404, "{\"errors\":[{\"code\":\"NOT_FOUND\",\"message\":\"outside the mirror's path\"}]}");
            }

            target = target[pathPrefix.Length..];
        }

        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(upstream, target));
        foreach (var name in RequestHeaders)
        {
            if (request.Header(name) is { } value)
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (request.Body.Length > 0)
        {
            message.Content = new ByteArrayContent(request.Body);
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

        var forwarded = new LoopbackResponse { Status = (int)answer.StatusCode, Reason = answer.ReasonPhrase ?? "Status", Headers = headers, Body = body };
        return Volatile.Read(ref rewrite) is { } change ? change(request, forwarded) : forwarded;
    }
}
