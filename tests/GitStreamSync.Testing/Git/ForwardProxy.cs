using System.Text;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Testing.Git;

/// <summary>
/// An HTTP forward proxy on loopback that sends every request it is given on to one loopback server
/// (the Git server), whatever host the request names: a repository's host then exists only through
/// the proxy. With <c>requiredCredentials</c> it answers 407 until a request carries them.
/// </summary>
public sealed class ForwardProxy : IAsyncDisposable
{
    private readonly HttpClient forward = new();
    private readonly LoopbackHttpServer server;

    public ForwardProxy(int serverPort, (string User, string Password)? requiredCredentials = null)
    {
        var expected = requiredCredentials is { } credentials
            ? "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.User}:{credentials.Password}"))
            : null;
        server = LoopbackHttpServer.Start(request => expected is not null && request.Header("Proxy-Authorization") != expected
            ? new LoopbackResponse { Status = 407, Reason = "Proxy Authentication Required", Headers = [KeyValuePair.Create("Proxy-Authenticate", "Basic realm=\"proxy\"")] }
            : Forward(request, serverPort));
    }

    /// <summary>The proxy's address, for <c>http_proxy</c> or <c>http.proxy</c>.</summary>
    public string Url => $"http://{server.HostPort}";

    public string HostPort => server.HostPort;

    public IReadOnlyCollection<LoopbackRequest> Requests => server.Requests;

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        forward.Dispose();
    }

    private LoopbackResponse Forward(LoopbackRequest request, int serverPort)
    {
        var target = new Uri(request.Target);
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), $"http://127.0.0.1:{serverPort}{target.PathAndQuery}");
        if (request.Header("Authorization") is { } authorization)
        {
            message.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (request.Method == "POST")
        {
            message.Content = new ByteArrayContent(request.Body);
            message.Content.Headers.TryAddWithoutValidation("Content-Type", request.Header("Content-Type"));
        }

        using var answer = forward.Send(message);
        var headers = new List<KeyValuePair<string, string>>
        {
            KeyValuePair.Create("Content-Type", answer.Content.Headers.ContentType?.ToString() ?? "application/octet-stream"),
        };
        if (answer.Headers.WwwAuthenticate.Count > 0)
        {
            headers.Add(KeyValuePair.Create("WWW-Authenticate", answer.Headers.WwwAuthenticate.ToString()));
        }

        using var body = answer.Content.ReadAsStream();
        using var copy = new MemoryStream();
        body.CopyTo(copy);
        return new LoopbackResponse { Status = (int)answer.StatusCode, Reason = answer.ReasonPhrase ?? "Status", Body = copy.ToArray(), Headers = headers };
    }
}
