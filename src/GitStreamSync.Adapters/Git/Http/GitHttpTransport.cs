using System.Net;
using LibGit2Sharp;

namespace GitStreamSync.Adapters.Git.Http;

/// <summary>
/// Git's smart HTTP protocol for every http:// and https:// remote, on .NET's HTTP client instead of
/// libgit2's own. libgit2 1.8 sends a request's headers and body in separate writes on a socket
/// without TCP_NODELAY, so each negotiation round waits for the server's delayed acknowledgement
/// (about 40 ms on Linux); a fetch of a repository with some history takes two rounds. .NET's
/// client sends without that delay, keeps connections between the operations of a run, and reads
/// proxies from the environment (<c>https_proxy</c>, <c>http_proxy</c>, <c>no_proxy</c>) as libgit2
/// does. Registered once per process; the timeouts are libgit2's, set with it.
/// </summary>
internal static class GitHttpTransport
{
    public const string UserAgent = "git/2.0 (gitstreamsync)";

    private static readonly Lock Gate = new();
    private static bool registered;
    private static Settings? current;

    [ThreadStatic]
    private static CancellationToken cancellation;

    /// <summary>
    /// The client, and the longest wait for an answer or a read. Replaced whole when the timeouts
    /// change (tests only; a run sets them once); the old client is left to operations still using it.
    /// </summary>
    internal sealed record Settings(HttpMessageInvoker Client, TimeSpan ConnectTimeout, TimeSpan ServerTimeout);

    internal static Settings Current => Volatile.Read(ref current) ?? throw new InvalidOperationException("the Git HTTP transport is used before it is installed");

    /// <summary>The cancellation of the network operation running on this thread (libgit2 calls the transport on the caller's thread).</summary>
    internal static CancellationToken Cancellation => cancellation;

    public static void Install(TimeSpan connectTimeout, TimeSpan serverTimeout)
    {
        lock (Gate)
        {
            if (current is null || current.ConnectTimeout != connectTimeout || current.ServerTimeout != serverTimeout)
            {
                Volatile.Write(ref current, new Settings(NewClient(connectTimeout), connectTimeout, serverTimeout));
            }

            if (!registered)
            {
                // The registrations live as long as the process, as the built-in transports they stand in for.
                _ = GlobalSettings.RegisterSmartSubtransport<SmartHttpSubtransport>("http");
                _ = GlobalSettings.RegisterSmartSubtransport<SmartHttpSubtransport>("https");
                registered = true;
            }
        }
    }

    /// <summary>Makes <paramref name="cancellationToken"/> stop the HTTP requests of the libgit2 operation run on this thread until disposed.</summary>
    public static Scope Cancelling(CancellationToken cancellationToken)
    {
        var previous = cancellation;
        cancellation = cancellationToken;
        return new Scope(previous);
    }

    internal readonly struct Scope(CancellationToken previous) : IDisposable
    {
        public void Dispose() => cancellation = previous;
    }

    private static HttpMessageInvoker NewClient(TimeSpan connectTimeout)
    {
        var handler = new SocketsHttpHandler
        {
            // Only the first request of a fetch or push may be redirected (libgit2's default); the transport follows it itself.
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = connectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        return new HttpMessageInvoker(handler);
    }
}
