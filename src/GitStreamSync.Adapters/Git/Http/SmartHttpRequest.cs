using System.Net.Http.Headers;

namespace GitStreamSync.Adapters.Git.Http;

/// <summary>
/// The two requests of Git's smart HTTP protocol for a service (<c>git-upload-pack</c> to fetch,
/// <c>git-receive-pack</c> to push): the ref advertisement (<c>GET info/refs?service=…</c>) and a
/// round of the protocol (<c>POST /service</c> with the client's pkt-lines as its body).
/// </summary>
internal sealed record SmartHttpRequest(string Service, bool IsList)
{
    public static SmartHttpRequest List(string service) => new(service, IsList: true);

    public static SmartHttpRequest Rpc(string service) => new(service, IsList: false);

    /// <summary>Only the ref advertisement follows redirects, and the later requests go where it went.</summary>
    public bool MayRedirect => IsList;

    /// <summary>What the server must answer with, which a plain web server or a login page does not.</summary>
    public string ExpectedContentType => IsList ? $"application/x-{Service}-advertisement" : $"application/x-{Service}-result";

    private string Suffix => IsList ? "/info/refs?service=" + Service : "/" + Service;

    public Uri Target(Uri repository) => new(repository.AbsoluteUri + Suffix);

    /// <summary>The repository a redirect of this request leads to: the address with this request's suffix taken off, or null if it does not end so.</summary>
    public Uri? RepositoryOf(Uri redirected)
    {
        var address = redirected.AbsoluteUri;
        return address.EndsWith(Suffix, StringComparison.Ordinal) ? new Uri(address[..^Suffix.Length]) : null;
    }

    public HttpRequestMessage Message(Uri target, byte[]? body)
    {
        var message = new HttpRequestMessage(IsList ? HttpMethod.Get : HttpMethod.Post, target);
        message.Headers.TryAddWithoutValidation("User-Agent", GitHttpTransport.UserAgent);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(IsList ? "*/*" : ExpectedContentType));
        message.Headers.Pragma.Add(new NameValueHeaderValue("no-cache"));
        if (!IsList)
        {
            message.Content = new ByteArrayContent(body ?? []);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue($"application/x-{Service}-request");
        }

        return message;
    }
}
