using LibGit2Sharp;

namespace GitStreamSync.Adapters.Git.Http;

/// <summary>
/// What the HTTP transport needs to know of the libgit2 operation it serves, which libgit2 cannot
/// hand it: the run's cancellation, and the proxy Git's settings name for the remote
/// (<see cref="ConfiguredProxy"/>: null when they name none and the environment decides, empty when
/// they say to go direct).
/// </summary>
internal readonly record struct GitHttpCall(string? ConfiguredProxy, CancellationToken Cancellation)
{
    /// <summary>
    /// An operation on <paramref name="repository"/>'s <paramref name="remote"/>: the proxy of
    /// <c>remote.NAME.proxy</c>, else <c>http.proxy</c> (the repository's settings over the user's
    /// and the system's), as libgit2 and git choose it.
    /// </summary>
    public static GitHttpCall On(Repository repository, string remote, CancellationToken cancellationToken) =>
        new(ProxyOf(repository.Config, remote), cancellationToken);

    /// <summary>A clone: no repository yet, so the user's and the system's <c>http.proxy</c>.</summary>
    public static GitHttpCall ForClone(CancellationToken cancellationToken)
    {
        using var settings = Configuration.BuildFrom(null);
        return new(ProxyOf(settings, remote: null), cancellationToken);
    }

    private static string? ProxyOf(Configuration settings, string? remote) =>
        (remote is null ? null : settings.Get<string>($"remote.{remote}.proxy")?.Value)
            ?? settings.Get<string>("http.proxy")?.Value;
}
