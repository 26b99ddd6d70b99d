using System.Collections.Concurrent;
using System.Net;

namespace GitStreamSync.Adapters.Git.Http;

/// <summary>
/// The transport's timeouts and its clients, one per way out: through the environment's proxy
/// (<c>https_proxy</c>, <c>http_proxy</c>, <c>no_proxy</c>, which .NET reads as libgit2 does), direct,
/// or through a proxy Git's settings name. Each keeps its connections between the operations of a
/// run. Replaced whole when the timeouts change (tests only; a run sets them once); the old clients
/// are left to operations still using them.
/// </summary>
internal sealed class GitHttpSettings(TimeSpan connectTimeout, TimeSpan serverTimeout)
{
    private readonly Lazy<HttpMessageInvoker> throughEnvironment = new(() => NewClient(connectTimeout, configuredProxy: null));
    private readonly ConcurrentDictionary<string, HttpMessageInvoker> configured = new(StringComparer.Ordinal);

    public TimeSpan ConnectTimeout => connectTimeout;

    public TimeSpan ServerTimeout => serverTimeout;

    /// <summary>The client for a call's proxy setting (null: the environment's; empty: none).</summary>
    public HttpMessageInvoker ClientFor(string? configuredProxy) =>
        configuredProxy is null ? throughEnvironment.Value : configured.GetOrAdd(configuredProxy, proxy => NewClient(connectTimeout, proxy));

    private static HttpMessageInvoker NewClient(TimeSpan connectTimeout, string? configuredProxy)
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
        if (configuredProxy is not null)
        {
            handler.UseProxy = configuredProxy.Length > 0;
            handler.Proxy = configuredProxy.Length > 0 ? GitProxyAddress.Parse(configuredProxy) : null;
        }

        return new HttpMessageInvoker(handler);
    }
}
