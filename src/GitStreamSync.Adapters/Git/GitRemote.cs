using GitStreamSync.Adapters.Secrets;
using GitStreamSync.Core.Ports;
using LibGit2Sharp;

namespace GitStreamSync.Adapters.Git;

/// <summary>
/// The repository's <c>origin</c>: the URL that names it (<see cref="UrlOf"/>), and the network
/// operations on it, each with a fresh credentials callback (so a refused credential stops at the
/// second prompt), cancellation through the progress callbacks, and push status errors always
/// collected: libgit2 reports a server-side refusal only through that callback.
/// </summary>
internal sealed class GitRemote(GitWorkspaceOptions options, string displayLocation)
{
    public const string RemoteName = "origin";
    public const string FetchRefSpec = "+refs/heads/*:refs/remotes/origin/*";

    /// <summary>
    /// The tool's own refs (the record of rejections) come with every fetch, into a namespace of their
    /// own: not under <c>refs/remotes/origin</c>, where they would pass for branches, and not over
    /// <c>refs/gitstreamsync/*</c> of a working copy, which belongs to the person using it.
    /// </summary>
    public const string ToolRefSpec = "+refs/gitstreamsync/*:refs/gitstreamsync-origin/*";

    /// <summary>Where <see cref="ToolRefSpec"/> puts a fetched tool ref: <c>refs/gitstreamsync/x</c> -> <c>refs/gitstreamsync-origin/x</c>.</summary>
    public static string FetchedToolRef(string remoteRef) => "refs/gitstreamsync-origin/" + remoteRef["refs/gitstreamsync/".Length..];

    /// <summary>
    /// The URL that names the hosting repository of a sync location: a URL (or scp-like address) as
    /// given; for a local working copy or bare repository, the URL of its <c>origin</c>, because
    /// that is where the branch is pushed; else the path itself.
    /// </summary>
    public static string UrlOf(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.Contains("://", StringComparison.Ordinal) || !Directory.Exists(location) || Repository.Discover(location) is not { } found)
        {
            return location;
        }

        using var repository = new Repository(found);
        return repository.Network.Remotes[RemoteName]?.Url ?? location;
    }

    public string DisplayLocation => displayLocation;

    public static FetchOptions FetchOptions(CredentialsCallback credentials, CancellationToken cancellationToken) => new()
    {
        CredentialsProvider = credentials.Handler,
        OnTransferProgress = _ => !cancellationToken.IsCancellationRequested,
        OnProgress = _ => !cancellationToken.IsCancellationRequested,
        Prune = true,
        TagFetchMode = TagFetchMode.None,
    };

    public CredentialsCallback NewCredentials() => new(options.Credentials, displayLocation);

    public void Fetch(Repository repository, CancellationToken cancellationToken)
    {
        GitFailure.GuardNetwork($"fetching from {displayLocation}", () =>
            Commands.Fetch(repository, RemoteName, [FetchRefSpec, ToolRefSpec], FetchOptions(NewCredentials(), cancellationToken), logMessage: null));
    }

    /// <summary>Fetches only the tool's refs: after a clone (which brings branches only), and when the record moved.</summary>
    public void FetchToolRefs(Repository repository, CancellationToken cancellationToken)
    {
        GitFailure.GuardNetwork($"fetching the tool's refs from {displayLocation}", () =>
            Commands.Fetch(repository, RemoteName, [ToolRefSpec], FetchOptions(NewCredentials(), cancellationToken), logMessage: null));
    }

    /// <summary>The commit the remote's <paramref name="canonicalName"/> points at now (ls-remote), or null when it does not exist.</summary>
    public string? RemoteReference(Repository repository, string canonicalName, CancellationToken cancellationToken) =>
        GitFailure.GuardNetwork($"reading {canonicalName} of {displayLocation}", () =>
            repository.Network.ListReferences(repository.Network.Remotes[RemoteName], NewCredentials().Handler)
                .FirstOrDefault(r => r.CanonicalName == canonicalName)?.TargetIdentifier);

    /// <summary>
    /// Pushes <paramref name="localRef"/> to <paramref name="remoteRef"/> without force: the server takes it
    /// only as a fast-forward of what it has, so a concurrent writer makes this push fail with <paramref name="moved"/>.
    /// </summary>
    public void PushReference(Repository repository, string localRef, string remoteRef, Func<RepositoryException> moved, CancellationToken cancellationToken) =>
        Push(repository, $"{localRef}:{remoteRef}", remoteRef, moved, cancellationToken);

    /// <summary>The commit the remote's <paramref name="branch"/> points at now (ls-remote), or null when it does not exist.</summary>
    public string? RemoteTip(Repository repository, string branch, CancellationToken cancellationToken) =>
        RemoteBranches(repository, cancellationToken).GetValueOrDefault(branch);

    /// <summary>Every branch of the remote now (ls-remote), by name, with its tip.</summary>
    public IReadOnlyDictionary<string, string> RemoteBranches(Repository repository, CancellationToken cancellationToken)
    {
        const string Heads = "refs/heads/";
        return GitFailure.GuardNetwork($"reading branches of {displayLocation}", () =>
            repository.Network.ListReferences(repository.Network.Remotes[RemoteName], NewCredentials().Handler)
                .Where(r => r.CanonicalName.StartsWith(Heads, StringComparison.Ordinal) && r.TargetIdentifier is not null)
                .ToDictionary(r => r.CanonicalName[Heads.Length..], r => r.TargetIdentifier, StringComparer.Ordinal));
    }

    public void Push(Repository repository, string localRef, string branch, bool force, CancellationToken cancellationToken) =>
        Push(repository, $"{(force ? "+" : "")}{localRef}:refs/heads/{branch}", branch, BranchMoved(branch), cancellationToken);

    /// <summary>Deletes the remote's <paramref name="branch"/> (an empty source in the refspec).</summary>
    public void Delete(Repository repository, string branch, CancellationToken cancellationToken) =>
        Push(repository, $":refs/heads/{branch}", branch, BranchMoved(branch), cancellationToken);

    private static Func<RepositoryException> BranchMoved(string branch) => () => new BranchMovedException(branch, null, "a commit this run has not seen");

    private void Push(Repository repository, string refSpec, string branch, Func<RepositoryException> moved, CancellationToken cancellationToken)
    {
        var refused = new List<string>();
        try
        {
            GitFailure.GuardNetwork($"pushing {branch} to {displayLocation}", () =>
            {
                refused.Clear();
                var pushOptions = new PushOptions
                {
                    CredentialsProvider = NewCredentials().Handler,
                    OnPushStatusError = error => refused.Add(error.Message),
                    OnPushTransferProgress = (_, _, _) => !cancellationToken.IsCancellationRequested,
                    OnPackBuilderProgress = (_, _, _) => !cancellationToken.IsCancellationRequested,
                };
                repository.Network.Push(repository.Network.Remotes[RemoteName], refSpec, pushOptions);
            });
        }
        catch (RepositoryException exception) when (exception.InnerException is NonFastForwardException)
        {
            throw moved();
        }

        if (refused.Count > 0)
        {
            var reason = string.Join("; ", refused);
            if (MeansMoved(reason))
            {
                throw moved();
            }

            // The server's words: quoted short, on one line, masked.
            throw new PushRejectedException(branch, SecretSanitizer.Shapes.Excerpt(reason, 300));
        }
    }

    // receive-pack checks each ref's old value under its lock: a concurrent push makes the loser's
    // update fail ("failed to update ref", "cannot lock ref") just like a non-fast-forward does.
    private static readonly string[] MovedMarkers = ["fast-forward", "fetch first", "failed to update ref", "cannot lock ref", "failed to lock"];

    private static bool MeansMoved(string reason) =>
        MovedMarkers.Any(marker => reason.Contains(marker, StringComparison.OrdinalIgnoreCase));
}
