using GitStreamSync.Core.Ports;
using LibGit2Sharp;

namespace GitStreamSync.Adapters.Git;

/// <summary>
/// The network operations on <c>origin</c>, each with a fresh credentials callback (so a refused
/// credential stops at the second prompt), cancellation through the progress callbacks, and push
/// status errors always collected: libgit2 reports a server-side refusal only through that callback.
/// </summary>
internal sealed class GitRemote(GitWorkspaceOptions options, string displayLocation)
{
    public const string RemoteName = "origin";
    public const string FetchRefSpec = "+refs/heads/*:refs/remotes/origin/*";

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
            Commands.Fetch(repository, RemoteName, [FetchRefSpec], FetchOptions(NewCredentials(), cancellationToken), logMessage: null));
    }

    /// <summary>The commit the remote's <paramref name="branch"/> points at now (ls-remote), or null when it does not exist.</summary>
    public string? RemoteTip(Repository repository, string branch, CancellationToken cancellationToken)
    {
        var canonical = "refs/heads/" + branch;
        return GitFailure.GuardNetwork($"reading branches of {displayLocation}", () =>
            repository.Network.ListReferences(repository.Network.Remotes[RemoteName], NewCredentials().Handler)
                .FirstOrDefault(r => r.CanonicalName == canonical)?.TargetIdentifier);
    }

    public void Push(Repository repository, string localRef, string branch, bool force, CancellationToken cancellationToken) =>
        Push(repository, $"{(force ? "+" : "")}{localRef}:refs/heads/{branch}", branch, cancellationToken);

    /// <summary>Deletes the remote's <paramref name="branch"/> (an empty source in the refspec).</summary>
    public void Delete(Repository repository, string branch, CancellationToken cancellationToken) =>
        Push(repository, $":refs/heads/{branch}", branch, cancellationToken);

    private void Push(Repository repository, string refSpec, string branch, CancellationToken cancellationToken)
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
            throw new BranchMovedException(branch, null, "a commit this run has not seen");
        }

        if (refused.Count > 0)
        {
            var reason = string.Join("; ", refused);
            if (reason.Contains("exists; cannot create", StringComparison.OrdinalIgnoreCase) || reason.Contains("blocking reference", StringComparison.OrdinalIgnoreCase))
            {
                // A ref cannot be both a file and a folder: refs/heads/a/b blocks refs/heads/a/b/c and the reverse.
                throw new PushRejectedException(branch, reason + " (Git cannot hold a branch and another whose name continues it after a '/': delete one of them)");
            }

            if (MeansMoved(reason))
            {
                throw new BranchMovedException(branch, null, "a commit this run has not seen");
            }

            throw new PushRejectedException(branch, reason);
        }
    }

    // receive-pack checks each ref's old value under its lock: a concurrent push makes the loser's
    // update fail ("failed to update ref", "cannot lock ref") just like a non-fast-forward does.
    private static readonly string[] MovedMarkers = ["fast-forward", "fetch first", "failed to update ref", "cannot lock ref", "failed to lock"];

    private static bool MeansMoved(string reason) =>
        MovedMarkers.Any(marker => reason.Contains(marker, StringComparison.OrdinalIgnoreCase));
}
