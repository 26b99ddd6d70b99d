using LibGit2Sharp;

namespace GitStreamSync.Adapters.Git.Http;

/// <summary>
/// Git's smart HTTP protocol for every http:// and https:// remote, on .NET's HTTP client instead of
/// libgit2's own. libgit2 1.8 sends a request's headers and body in separate writes on a socket
/// without TCP_NODELAY, so each negotiation round waits for the server's delayed acknowledgement
/// (about 40 ms on Linux); a fetch of a repository with some history takes two rounds. .NET's
/// client sends without that delay and keeps connections between the operations of a run. The
/// proxy is chosen as libgit2 chooses it (<see cref="GitHttpCall"/>, <see cref="GitHttpSettings"/>).
/// Registered once per process; the timeouts are libgit2's, set with it.
/// </summary>
internal static class GitHttpTransport
{
    public const string UserAgent = "git/2.0 (gitstreamsync)";

    private static readonly Lock Gate = new();
    private static bool registered;
    private static GitHttpSettings? current;

    [ThreadStatic]
    private static GitHttpCall call;

    internal static GitHttpSettings Current => Volatile.Read(ref current) ?? throw new InvalidOperationException("the Git HTTP transport is used before it is installed");

    /// <summary>The network operation running on this thread (libgit2 calls the transport on the caller's thread).</summary>
    internal static GitHttpCall Call => call;

    public static void Install(TimeSpan connectTimeout, TimeSpan serverTimeout)
    {
        lock (Gate)
        {
            if (current is null || current.ConnectTimeout != connectTimeout || current.ServerTimeout != serverTimeout)
            {
                Volatile.Write(ref current, new GitHttpSettings(connectTimeout, serverTimeout));
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

    /// <summary>Makes the HTTP requests of the libgit2 operation run on this thread follow <paramref name="operation"/> until disposed.</summary>
    public static Scope During(GitHttpCall operation)
    {
        var previous = call;
        call = operation;
        return new Scope(previous);
    }

    internal readonly struct Scope(GitHttpCall previous) : IDisposable
    {
        public void Dispose() => call = previous;
    }
}
