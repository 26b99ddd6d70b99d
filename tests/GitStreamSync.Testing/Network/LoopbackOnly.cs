using System.Collections.Concurrent;
using System.Diagnostics;

namespace GitStreamSync.Testing.Network;

/// <summary>
/// The test-wide guard that keeps every HTTP request of a test process on this machine: each test
/// assembly installs it when it loads (<see cref="Install"/>), and from then on a request to any
/// host but a loopback address or <c>localhost</c> (Docker Hub, quay.io, GitHub...) is refused
/// before a name is looked up or a connection made. A test that would reach a real registry then
/// fails loudly with <see cref="OffMachineRequestException"/> instead of passing or failing with
/// the machine's network: the same result with or without internet. It sees every
/// <see cref="HttpClient"/> in the process (the registry client, Octokit, the Git transport, the
/// fakes' own clients) through .NET's HTTP diagnostics. A host under <c>.test</c> is let through:
/// that name is reserved and resolves nowhere (RFC 2606), so only a loopback proxy of a test can
/// answer for it, with or without internet.
/// </summary>
public static class LoopbackOnly
{
    // The request event .NET's HTTP handler writes before it sends anything; its payload carries the request.
    private const string RequestEvent = "System.Net.Http.Request";

    private static readonly ConcurrentQueue<string> RefusedRequests = new();
    private static int installed;

    /// <summary>Every request refused since the process started, as "METHOD URL".</summary>
    public static IReadOnlyList<string> Refused => [.. RefusedRequests];

    /// <summary>Starts refusing off-machine requests in this process; calling it again does nothing.</summary>
    public static void Install()
    {
        if (Interlocked.Exchange(ref installed, 1) == 0)
        {
            DiagnosticListener.AllListeners.Subscribe(new Listeners());
        }
    }

    /// <summary>True for a URL this process may ask: a loopback address, <c>localhost</c> or a reserved <c>.test</c> name, decided without a name lookup.</summary>
    public static bool IsOnThisMachine(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.IsLoopback || uri.Host.EndsWith(".test", StringComparison.OrdinalIgnoreCase);
    }

    private static void Check(object? payload)
    {
        if (payload?.GetType().GetProperty("Request")?.GetValue(payload) is HttpRequestMessage { RequestUri: { } uri } request && !IsOnThisMachine(uri))
        {
            var shown = $"{request.Method} {uri.GetLeftPart(UriPartial.Path)}";
            RefusedRequests.Enqueue(shown);
            throw new OffMachineRequestException(shown);
        }
    }

    private sealed class Listeners : IObserver<DiagnosticListener>
    {
        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "HttpHandlerDiagnosticListener")
            {
                // Only the request event: enabling the activity events would add trace headers to every request.
                value.Subscribe(new Requests(), name => name == RequestEvent);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }

    private sealed class Requests : IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RequestEvent)
            {
                Check(value.Value);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}

/// <summary>A test tried to reach a host off this machine; the guard refused it before anything was sent.</summary>
public sealed class OffMachineRequestException(string request)
    : Exception($"a test asked a host off this machine: {request}; route it through a loopback mirror (--registry-mirror HOST=URL with --mirror-only HOST) or a loopback fake");
