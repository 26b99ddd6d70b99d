using GitStreamSync.Adapters.Git.Http;
using GitStreamSync.Core.Ports;
using LibGit2Sharp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitStreamSync.Adapters.Git;

/// <summary>
/// Opens a workspace: a URL or a bare repository path is cloned (bare, full history: rollback
/// detection reads it, and libgit2 1.8 corrupts shallow clones on fetch) into a temporary folder or
/// the configured cache folder (<see cref="GitCacheFolder"/>), which later runs check and update by
/// fetch; a working copy is used in place
/// and refused when it has uncommitted changes.
/// </summary>
internal sealed class LibGit2SharpWorkspaceFactory(GitWorkspaceOptions options, ILogger? logger = null) : IRepositoryWorkspaceFactory
{
    private readonly ILogger logger = logger ?? NullLogger.Instance;

    public Task<IRepositoryWorkspace> OpenAsync(WorkspaceRequest request, CancellationToken cancellationToken) =>
        Task.Run<IRepositoryWorkspace>(() => Open(request, cancellationToken), cancellationToken);

    private LibGit2SharpWorkspace Open(WorkspaceRequest request, CancellationToken cancellationToken)
    {
        LibGit2NetworkTimeouts.Apply(options.ConnectTimeout, options.ServerTimeout);
        GitHttpTransport.Install(options.ConnectTimeout, options.ServerTimeout);
        var location = request.Location;
        if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.UserInfo))
        {
            // Credentials in a URL end up in .git/config and in logs.
            throw new RepositoryException(
                $"the repository URL must not contain credentials; pass them through {GitCredentials.UsernameVariable} / {GitCredentials.PasswordVariable}");
        }

        return TryWorkingCopy(location) is { } root
            ? OpenWorkingCopy(root, request.BaseBranch, cancellationToken)
            : OpenClone(location, request.BaseBranch, cancellationToken);
    }

    private static string? TryWorkingCopy(string location)
    {
        if (location.Contains("://", StringComparison.Ordinal) || !Directory.Exists(location) || !Repository.IsValid(location))
        {
            return null;
        }

        using var repository = new Repository(location);
        return repository.Info.IsBare ? null : Path.GetFullPath(repository.Info.WorkingDirectory);
    }

    private LibGit2SharpWorkspace OpenWorkingCopy(string root, string? baseBranch, CancellationToken cancellationToken)
    {
        var repository = new Repository(root);
        try
        {
            var dirty = repository.RetrieveStatus(new StatusOptions { IncludeUntracked = false }).Select(e => e.FilePath).ToList();
            if (dirty.Count > 0)
            {
                throw new UncommittedChangesException(root, dirty);
            }

            if (baseBranch is null && repository.Info.IsHeadDetached)
            {
                throw new RepositoryException($"the working copy {root} has no current branch (detached HEAD); name the base with --base");
            }

            var branch = baseBranch ?? repository.Head.FriendlyName;
            var origin = repository.Network.Remotes[GitRemote.RemoteName];
            var remote = origin is null ? null : new GitRemote(options, DisplayUrl(origin.Url));
            remote?.Fetch(repository, cancellationToken);
            var tip = repository.Refs["refs/heads/" + branch]?.TargetIdentifier
                ?? repository.Refs["refs/remotes/origin/" + branch]?.TargetIdentifier
                ?? throw new RepositoryException($"the base branch '{branch}' does not exist in {root}");
            return new LibGit2SharpWorkspace(repository, remote, branch, tip, ownedDirectory: null, workingCopy: root) { SigningKey = options.SigningKey };
        }
        catch
        {
            repository.Dispose();
            throw;
        }
    }

    private LibGit2SharpWorkspace OpenClone(string location, string? baseBranch, CancellationToken cancellationToken)
    {
        var source = Directory.Exists(location) ? Path.GetFullPath(location) : location;
        var remote = new GitRemote(options, DisplayUrl(source));
        if (options.CacheDirectory is not { } cacheDirectory)
        {
            var directory = Path.Combine(options.TemporaryRoot ?? Path.GetTempPath(), $"gitstreamsync-{Guid.NewGuid():N}");
            Repository? temporary = null;
            try
            {
                temporary = Clone(remote, source, directory, cancellationToken);
                return Workspace(temporary, remote, baseBranch, ownedDirectory: directory, cache: null);
            }
            catch
            {
                temporary?.Dispose();
                LibGit2SharpWorkspace.DeleteDirectory(directory);
                throw;
            }
        }

        var folder = GitFailure.Guard(
            $"cloning {remote.DisplayLocation} into the cache folder {cacheDirectory}",
            () => GitCacheFolder.Acquire(cacheDirectory, options.CacheLockWait, logger));
        Repository? repository = null;
        try
        {
            repository = OpenCachedClone(folder, source, remote, cancellationToken);
            return Workspace(repository, remote, baseBranch, ownedDirectory: null, cache: folder);
        }
        catch
        {
            repository?.Dispose();
            folder.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The cached clone, checked and fetched; or, when it is missing or fails the check, a new one
    /// made in a temporary folder and renamed into place, so that only a whole clone is ever there.
    /// </summary>
    private static Repository OpenCachedClone(GitCacheFolder folder, string source, GitRemote remote, CancellationToken cancellationToken)
    {
        if (Directory.Exists(folder.ClonePath))
        {
            if (CachedCloneCheck.Problem(folder.ClonePath, source) is not { } problem)
            {
                var cached = new Repository(folder.ClonePath);
                try
                {
                    remote.Fetch(cached, cancellationToken);
                    return cached;
                }
                catch
                {
                    cached.Dispose();
                    throw;
                }
            }

            GitFailure.Guard($"removing the unusable cached clone {folder.ClonePath}", () => folder.Discard(problem));
        }

        var temporary = folder.NewTemporaryClone();
        try
        {
            Clone(remote, source, temporary, cancellationToken).Dispose();
            GitFailure.Guard($"moving the new clone into {folder.ClonePath}", () => folder.Install(temporary));
        }
        catch
        {
            LibGit2SharpWorkspace.DeleteDirectory(temporary);
            throw;
        }

        return new Repository(folder.ClonePath);
    }

    private static Repository Clone(GitRemote remote, string source, string directory, CancellationToken cancellationToken)
    {
        GitFailure.GuardNetwork(
            $"cloning {remote.DisplayLocation}",
            () =>
            {
                var cloneOptions = new CloneOptions(GitRemote.FetchOptions(remote.NewCredentials(), cancellationToken)) { IsBare = true, Checkout = false };
                Directory.CreateDirectory(directory);
                return Repository.Clone(source, directory, cloneOptions);
            },
            beforeRetry: () => LibGit2SharpWorkspace.DeleteDirectory(directory),
            GitHttpCall.ForClone(cancellationToken));
        var repository = new Repository(directory);
        try
        {
            // A clone brings branches only; the record of rejections comes with every later fetch.
            remote.FetchToolRefs(repository, cancellationToken);
            return repository;
        }
        catch
        {
            repository.Dispose();
            throw;
        }
    }

    private LibGit2SharpWorkspace Workspace(Repository repository, GitRemote remote, string? baseBranch, string? ownedDirectory, GitCacheFolder? cache)
    {
        var branch = baseBranch ?? DefaultBranch(repository)
            ?? throw new RepositoryException($"{remote.DisplayLocation} has no default branch (an empty repository?); name the base with --base");
        var tip = repository.Refs["refs/remotes/origin/" + branch]?.TargetIdentifier
            ?? throw new RepositoryException($"the base branch '{branch}' does not exist at {remote.DisplayLocation}");
        return new LibGit2SharpWorkspace(repository, remote, branch, tip, ownedDirectory, workingCopy: null, cache) { SigningKey = options.SigningKey };
    }

    private static string? DefaultBranch(Repository repository)
    {
        // A bare clone points HEAD at the remote's default branch.
        var head = repository.Refs.Head?.TargetIdentifier;
        const string Prefix = "refs/heads/";
        return head is not null && head.StartsWith(Prefix, StringComparison.Ordinal) ? head[Prefix.Length..] : null;
    }

    private static string DisplayUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0 ? UrlUserInfo.Without(uri).ToString() : url;
}
