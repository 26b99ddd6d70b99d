using GitStreamSync.Adapters.Git.Http;
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

    private static GitHttpCall Call(Repository repository, CancellationToken cancellationToken) => GitHttpCall.On(repository, RemoteName, cancellationToken);

    public void Fetch(Repository repository, CancellationToken cancellationToken)
    {
        GitFailure.GuardNetwork($"fetching from {displayLocation}", () =>
            Commands.Fetch(repository, RemoteName, [FetchRefSpec, ToolRefSpec], FetchOptions(NewCredentials(), cancellationToken), logMessage: null), beforeRetry: null, Call(repository, cancellationToken));
    }

    /// <summary>Fetches only the tool's refs: after a clone (which brings branches only), and when the record moved.</summary>
    public void FetchToolRefs(Repository repository, CancellationToken cancellationToken)
    {
        GitFailure.GuardNetwork($"fetching the tool's refs from {displayLocation}", () =>
            Commands.Fetch(repository, RemoteName, [ToolRefSpec], FetchOptions(NewCredentials(), cancellationToken), logMessage: null), beforeRetry: null, Call(repository, cancellationToken));
    }

    /// <summary>The commit the remote's <paramref name="canonicalName"/> points at now (ls-remote), or null when it does not exist.</summary>
    public string? RemoteReference(Repository repository, string canonicalName, CancellationToken cancellationToken) =>
        GitFailure.GuardNetwork($"reading {canonicalName} of {displayLocation}", () =>
            repository.Network.ListReferences(repository.Network.Remotes[RemoteName], NewCredentials().Handler)
                .FirstOrDefault(r => r.CanonicalName == canonicalName)?.TargetIdentifier, beforeRetry: null, Call(repository, cancellationToken));

    /// <summary>
    /// Pushes <paramref name="localRef"/> to <paramref name="remoteRef"/> without force: the server takes it
    /// only as a fast-forward of what it has, so a concurrent writer makes this push fail with <paramref name="moved"/>,
    /// which is given what the remote's ref points at after the refusal (null: it does not exist).
    /// </summary>
    public void PushReference(Repository repository, string localRef, string remoteRef, Func<string?, RepositoryException> moved, CancellationToken cancellationToken) =>
        Push(repository, $"{localRef}:{remoteRef}", remoteRef, remoteRef, LocalTarget(repository, localRef), moved, cancellationToken);

    /// <summary>The commit the remote's <paramref name="branch"/> points at now (ls-remote), or null when it does not exist.</summary>
    public string? RemoteTip(Repository repository, string branch, CancellationToken cancellationToken) =>
        RemoteBranches(repository, cancellationToken).GetValueOrDefault(branch);

    /// <summary>Every branch of the remote now (ls-remote), by name, with its tip.</summary>
    public IReadOnlyDictionary<string, string> RemoteBranches(Repository repository, CancellationToken cancellationToken)
    {
        const string Heads = "refs/heads/";
        return RemoteReferences(repository, cancellationToken)
            .Where(r => r.Key.StartsWith(Heads, StringComparison.Ordinal))
            .ToDictionary(r => r.Key[Heads.Length..], r => r.Value, StringComparer.Ordinal);
    }

    /// <summary>Pushes <paramref name="localRef"/> to <paramref name="branch"/>, which this run saw at <paramref name="expected"/> (null: absent).</summary>
    public void Push(Repository repository, string localRef, string branch, bool force, string? expected, CancellationToken cancellationToken) =>
        Push(repository, $"{(force ? "+" : "")}{localRef}:refs/heads/{branch}", "refs/heads/" + branch, branch, LocalTarget(repository, localRef), BranchMoved(branch, expected), cancellationToken);

    /// <summary>Deletes the remote's <paramref name="branch"/> (an empty source in the refspec), which this run saw at <paramref name="expected"/>.</summary>
    public void Delete(Repository repository, string branch, string expected, CancellationToken cancellationToken) =>
        Push(repository, $":refs/heads/{branch}", "refs/heads/" + branch, branch, pushed: null, BranchMoved(branch, expected), cancellationToken);

    private static Func<string?, RepositoryException> BranchMoved(string branch, string? expected) => actual => new BranchMovedException(branch, expected, actual);

    private static string LocalTarget(Repository repository, string localRef) =>
        GitFailure.Guard($"reading {localRef}", () => repository.Refs[localRef]?.ResolveToDirectReference()?.TargetIdentifier
            ?? throw new RepositoryException($"reading {localRef}: no such reference in the clone"));

    /// <summary>
    /// Pushes <paramref name="refSpec"/>, which sets <paramref name="remoteRef"/> to <paramref name="pushed"/>
    /// (null: deletes it). The server's per-ref answer to a lost race, a ref lock held by another
    /// receive-pack and a ref file/folder conflict is the same "failed to update ref"; the remote's refs
    /// tell them apart: the ref already at <paramref name="pushed"/> is a push done (an earlier attempt,
    /// interrupted on our side, landed, or another writer pushed the same commit); a branch whose name
    /// continues this one after a '/' (or that this one continues) is a naming conflict no retry or
    /// re-plan cures; anything else is a moved ref. After an interrupted attempt the lock may still be
    /// that attempt's own receive-pack finishing, so the push is tried again a few times first.
    /// </summary>
    private void Push(Repository repository, string refSpec, string remoteRef, string branch, string? pushed, Func<string?, RepositoryException> moved, CancellationToken cancellationToken)
    {
        const int Rounds = 3;
        var interrupted = false;
        for (var round = 1; ; round++)
        {
            var reason = PushOnce(repository, refSpec, branch, () => interrupted = true, cancellationToken);
            if (reason is null)
            {
                return;
            }

            if (!MeansMoved(reason))
            {
                // The server's words: quoted short, on one line, masked.
                throw new PushRejectedException(branch, SecretSanitizer.Shapes.Excerpt(reason, 300));
            }

            var refs = RemoteReferences(repository, cancellationToken);
            var actual = refs.GetValueOrDefault(remoteRef);
            if (actual == pushed)
            {
                return;
            }

            if (pushed is not null && refs.Keys.FirstOrDefault(other => NamesConflict(other, remoteRef)) is { } conflicting)
            {
                throw new PushRejectedException(branch, $"{conflicting} exists at {displayLocation}, and Git cannot hold {remoteRef} beside it (a ref and another whose name continues it after a '/'): delete or rename one of them");
            }

            if (!interrupted || round == Rounds)
            {
                throw moved(actual);
            }

            cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(200 * round));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>One push (repeated by <see cref="GitFailure.GuardNetwork"/> when a signal interrupts it): null when the server took it, else its reasons for refusing.</summary>
    private string? PushOnce(Repository repository, string refSpec, string branch, Action interrupted, CancellationToken cancellationToken)
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
            }, interrupted, Call(repository, cancellationToken));
        }
        catch (RepositoryException exception) when (exception.InnerException is NonFastForwardException)
        {
            return "non-fast-forward";
        }

        return refused.Count == 0 ? null : string.Join("; ", refused);
    }

    /// <summary>Every ref of the remote now (ls-remote), by full name, with its target.</summary>
    private Dictionary<string, string> RemoteReferences(Repository repository, CancellationToken cancellationToken) =>
        GitFailure.GuardNetwork($"reading the refs of {displayLocation}", () =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            return repository.Network.ListReferences(repository.Network.Remotes[RemoteName], NewCredentials().Handler)
                .Where(r => r.TargetIdentifier is not null)
                .GroupBy(r => r.CanonicalName, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First().TargetIdentifier, StringComparer.Ordinal);
        }, beforeRetry: null, Call(repository, cancellationToken));

    private static bool NamesConflict(string one, string other) =>
        one.StartsWith(other + "/", StringComparison.Ordinal) || other.StartsWith(one + "/", StringComparison.Ordinal);

    // receive-pack checks each ref's old value under its lock: a concurrent push makes the loser's
    // update fail ("failed to update ref", "failed to delete", older servers "failed to lock") just
    // like a non-fast-forward does. Which of them it was is read from the remote's refs afterwards.
    private static readonly string[] MovedMarkers = ["fast-forward", "fetch first", "failed to update ref", "failed to delete", "failed to lock"];

    private static bool MeansMoved(string reason) =>
        MovedMarkers.Any(marker => reason.Contains(marker, StringComparison.OrdinalIgnoreCase));
}
