using GitStreamSync.Core.Ports;
using LibGit2Sharp;

namespace GitStreamSync.Adapters.Git;

/// <summary>
/// Opens a workspace: a URL or a bare repository path is cloned (bare, full history: rollback
/// detection reads it, and libgit2 1.8 corrupts shallow clones on fetch) into a temporary folder or
/// the configured cache folder, which later runs update by fetch; a working copy is used in place
/// and refused when it has uncommitted changes.
/// </summary>
internal sealed class LibGit2SharpWorkspaceFactory(GitWorkspaceOptions options) : IRepositoryWorkspaceFactory
{
    public Task<IRepositoryWorkspace> OpenAsync(WorkspaceRequest request, CancellationToken cancellationToken) =>
        Task.Run<IRepositoryWorkspace>(() => Open(request, cancellationToken), cancellationToken);

    private LibGit2SharpWorkspace Open(WorkspaceRequest request, CancellationToken cancellationToken)
    {
        LibGit2NetworkTimeouts.Apply(options.ConnectTimeout, options.ServerTimeout);
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
        var directory = options.CacheDirectory ?? Path.Combine(options.TemporaryRoot ?? Path.GetTempPath(), $"gitstreamsync-{Guid.NewGuid():N}");
        var owned = options.CacheDirectory is null ? directory : null;
        Repository? repository = null;
        try
        {
            if (Directory.Exists(directory) && Repository.IsValid(directory))
            {
                repository = ReuseCache(directory, source);
                remote.Fetch(repository, cancellationToken);
            }
            else
            {
                var existed = Directory.Exists(directory);
                GitFailure.GuardNetwork(
                    $"cloning {remote.DisplayLocation}",
                    () =>
                    {
                        var cloneOptions = new CloneOptions(GitRemote.FetchOptions(remote.NewCredentials(), cancellationToken)) { IsBare = true, Checkout = false };
                        Directory.CreateDirectory(directory);
                        return Repository.Clone(source, directory, cloneOptions);
                    },
                    beforeRetry: () =>
                    {
                        if (!existed)
                        {
                            LibGit2SharpWorkspace.DeleteDirectory(directory);
                        }
                    });
                repository = new Repository(directory);

                // A clone brings branches only; the record of rejections comes with every later fetch.
                remote.FetchToolRefs(repository, cancellationToken);
            }

            var branch = baseBranch ?? DefaultBranch(repository)
                ?? throw new RepositoryException($"{remote.DisplayLocation} has no default branch (an empty repository?); name the base with --base");
            var tip = repository.Refs["refs/remotes/origin/" + branch]?.TargetIdentifier
                ?? throw new RepositoryException($"the base branch '{branch}' does not exist at {remote.DisplayLocation}");
            return new LibGit2SharpWorkspace(repository, remote, branch, tip, owned, workingCopy: null) { SigningKey = options.SigningKey };
        }
        catch
        {
            repository?.Dispose();
            if (owned is not null)
            {
                LibGit2SharpWorkspace.DeleteDirectory(owned);
            }

            throw;
        }
    }

    private static Repository ReuseCache(string directory, string source)
    {
        var repository = new Repository(directory);
        var origin = repository.Network.Remotes[GitRemote.RemoteName]?.Url;
        if (origin != source || repository.Info.IsShallow)
        {
            repository.Dispose();
            throw new RepositoryException(
                $"the cache folder {directory} holds {(repository.Info.IsShallow ? "a shallow clone" : "a clone of another repository")}; remove it or choose another");
        }

        return repository;
    }

    private static string? DefaultBranch(Repository repository)
    {
        // A bare clone points HEAD at the remote's default branch.
        var head = repository.Refs.Head?.TargetIdentifier;
        const string Prefix = "refs/heads/";
        return head is not null && head.StartsWith(Prefix, StringComparison.Ordinal) ? head[Prefix.Length..] : null;
    }

    private static string DisplayUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.UserInfo)
            ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString()
            : url;
}
