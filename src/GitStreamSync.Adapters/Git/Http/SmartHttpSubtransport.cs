using System.Net;
using System.Net.Http.Headers;
using GitStreamSync.Adapters.Secrets;
using LibGit2Sharp;

namespace GitStreamSync.Adapters.Git.Http;

/// <summary>
/// One fetch, push or ref listing over smart HTTP (libgit2 makes one per operation). It keeps what
/// the operation learns on its first request: the repository's address after a redirect, and the
/// credentials the server asked for, so later requests of the operation send them at once.
/// </summary>
internal sealed class SmartHttpSubtransport : RpcSmartSubtransport
{
    private const int MostRedirects = 5;
    private const int MostCredentialPrompts = 3;

    private Uri? repository;
    private (string? User, string? Password) fromUrl;
    private AuthenticationHeaderValue? authorization;
    private string? authorizedOrigin;

    protected override SmartSubtransportStream Action(string url, GitSmartSubtransportAction action)
    {
        if (repository is null)
        {
            var uri = new Uri(url.TrimEnd('/'));
            fromUrl = UrlUserInfo.Of(uri);
            repository = UrlUserInfo.Without(uri);
        }

        return action switch
        {
            GitSmartSubtransportAction.UploadPackList => new SmartHttpStream(this, SmartHttpRequest.List("git-upload-pack")),
            GitSmartSubtransportAction.ReceivePackList => new SmartHttpStream(this, SmartHttpRequest.List("git-receive-pack")),
            GitSmartSubtransportAction.UploadPack => new SmartHttpStream(this, SmartHttpRequest.Rpc("git-upload-pack")),
            GitSmartSubtransportAction.ReceivePack => new SmartHttpStream(this, SmartHttpRequest.Rpc("git-receive-pack")),
            _ => throw new NotSupportedException($"the Git HTTP transport has no action {action}"),
        };
    }

    /// <summary>
    /// Sends <paramref name="request"/> to this operation's repository, answering the server's
    /// requests for credentials and, on the operation's first request only, following redirects.
    /// </summary>
    internal HttpResponseMessage Send(SmartHttpRequest request, byte[]? body, HttpMessageInvoker client, CancellationToken cancellationToken)
    {
        var redirects = 0;
        var prompts = 0;
        while (true)
        {
            var target = request.Target(repository!);
            using var message = request.Message(target, body);
            if (authorization is not null && string.Equals(Origin(target), authorizedOrigin, StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.Authorization = authorization;
            }

            var response = client.Send(message, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                response.Dispose();
                if (++prompts > MostCredentialPrompts)
                {
                    throw new GitHttpException($"the server asked for credentials {MostCredentialPrompts} times for {Shown(target)}");
                }

                authorization = Credentials();
                authorizedOrigin = Origin(target);
                continue;
            }

            if (IsRedirect(response.StatusCode) && request.MayRedirect)
            {
                var location = response.Headers.Location;
                response.Dispose();
                if (++redirects > MostRedirects)
                {
                    throw new GitHttpException($"more than {MostRedirects} redirects from {Shown(target)}");
                }

                repository = Redirected(target, location, request);
                continue;
            }

            return response;
        }
    }

    private AuthenticationHeaderValue Credentials()
    {
        if (fromUrl.Password is { } password)
        {
            // A password in the remote's URL (a working copy's origin) is tried once first, as libgit2 does.
            fromUrl.Password = null;
            return BasicAuthorization.Header(fromUrl.User ?? "", password);
        }

        var result = AcquireCredentials(out var credentials, fromUrl.User!, typeof(UsernamePasswordCredentials));
        if (result != 0)
        {
            // The callback's own message (which credentials to set, or that they were refused) is libgit2's error now.
            throw new GitHttpException(result);
        }

        if (credentials is not UsernamePasswordCredentials given)
        {
            throw new GitHttpException("the credentials provider gave no user name and password");
        }

        return BasicAuthorization.Header(given.Username, given.Password);
    }

    private static Uri Redirected(Uri from, Uri? location, SmartHttpRequest request)
    {
        if (location is null)
        {
            throw new GitHttpException($"{Shown(from)} answered with a redirect but no Location");
        }

        var to = location.IsAbsoluteUri ? location : new Uri(from, location);
        if (to.Scheme is not ("http" or "https") || (from.Scheme == "https" && to.Scheme == "http"))
        {
            throw new GitHttpException($"{Shown(from)} redirects to {Shown(to)}, which is not an HTTPS address: refused");
        }

        return request.RepositoryOf(to)
            ?? throw new GitHttpException($"{Shown(from)} redirects to {Shown(to)}, which is not a Git repository's address");
    }

    /// <summary>Credentials go only where they were asked for: a redirect to another server does not get them unasked.</summary>
    private static string Origin(Uri uri) => uri.GetLeftPart(UriPartial.Authority);

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>An address as messages show it: never with user information.</summary>
    internal static string Shown(Uri uri) => UrlUserInfo.Without(uri).GetLeftPart(UriPartial.Path);
}
