using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using System.Text;
using LibGit2Sharp;

namespace GitStreamSync.Adapters.Git;

/// <summary>
/// A repository opened by <see cref="LibGit2SharpWorkspaceFactory"/>. Files are read from the base
/// tip's tree and commits are written as objects (TreeDefinition + ObjectDatabase): no checkout, no
/// work tree writes, so a clone of thousands of files commits in a fraction of a second and a
/// failure leaves nothing half-written. Only publishing moves a branch.
/// </summary>
internal sealed class LibGit2SharpWorkspace : IRepositoryWorkspace
{
    private const string PublishRef = "refs/gitstreamsync/publish";
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Repository repository;
    private readonly GitRemote? remote;
    private readonly string? ownedDirectory;
    private readonly string? workingCopy;
    private readonly IDisposable? cacheLease;
    private readonly Dictionary<string, IReadOnlyList<SourceFile>> createdCommits = [];

    internal LibGit2SharpWorkspace(Repository repository, GitRemote? remote, string baseBranch, string baseCommit, string? ownedDirectory, string? workingCopy, IDisposable? cacheLease = null)
    {
        this.cacheLease = cacheLease;
        this.repository = repository;
        this.remote = remote;
        this.ownedDirectory = ownedDirectory;
        this.workingCopy = workingCopy;
        BaseBranch = baseBranch;
        BaseCommit = baseCommit;
    }

    public string DisplayLocation => remote?.DisplayLocation ?? workingCopy ?? repository.Info.Path;

    public string BaseBranch { get; private set; }

    public string BaseCommit { get; private set; }

    public bool HasRemote => remote is not null;

    /// <summary>The folder holding the repository's objects (for tests and diagnostics).</summary>
    internal string GitDirectory => repository.Info.Path;

    /// <summary>The open repository and its remote, for the record of rejections kept next to the branches.</summary>
    internal Repository Repository => repository;

    internal GitRemote? Remote => remote;

    /// <summary>Signs the tool's commits (<c>--signing-key</c>); null: unsigned.</summary>
    internal SshSigningKey? SigningKey { get; init; }

    public void UseBaseBranch(string branch)
    {
        var tip = (remote is null || workingCopy is not null ? repository.Refs["refs/heads/" + branch]?.TargetIdentifier : null)
            ?? repository.Refs["refs/remotes/origin/" + branch]?.TargetIdentifier
            ?? throw new RepositoryException($"the base branch '{branch}' does not exist at {DisplayLocation}");
        BaseBranch = branch;
        BaseCommit = tip;
    }

    public IReadOnlyList<SourceFile> ReadFiles(Func<string, bool> include) => ReadSourceFiles(include).Files;

    public SourceFileSet ReadSourceFiles(Func<string, bool> include)
    {
        var files = new List<SourceFile>();
        var problems = new List<Problem>();
        Collect(repository.Lookup<Commit>(BaseCommit).Tree, "", include, files, problems);
        return new SourceFileSet(files, problems);
    }

    public IReadOnlyList<string> ReadFileVersions(string path, int maxCommits)
    {
        var versions = new List<string>();
        var commit = repository.Lookup<Commit>(BaseCommit);
        ObjectId? last = null;
        for (var walked = 0; commit is not null && walked < maxCommits; walked++, commit = commit.Parents.FirstOrDefault())
        {
            if (commit[path] is not { TargetType: TreeEntryTargetType.Blob, Target: Blob blob })
            {
                break;
            }

            if (blob.Id == last)
            {
                continue;
            }

            last = blob.Id;
            try
            {
                using var stream = blob.GetContentStream();
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                versions.Add(StrictUtf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            }
            catch (DecoderFallbackException)
            {
                break;
            }
        }

        return versions;
    }

    public BranchCommit? ReadPublishedBranch(string branch)
    {
        var reference = repository.Refs[PublishedRefName(branch)];
        if (reference?.ResolveToDirectReference()?.Target is not Commit commit)
        {
            return null;
        }

        return new BranchCommit(commit.Sha, commit.Tree.Sha, commit.Parents.Select(p => p.Sha).ToList(), commit.Message);
    }

    public IReadOnlyList<string> ReadPublishedBranchNames()
    {
        var prefix = remote is null ? "refs/heads/" : "refs/remotes/origin/";
        return [.. repository.Refs.FromGlob(prefix + "*").Select(r => r.CanonicalName[prefix.Length..]).Where(name => name != "HEAD").Order(StringComparer.Ordinal)];
    }

    public Task DeleteBranchAsync(string branch, string expectedTip, CancellationToken cancellationToken) =>
        Task.Run(() => DeleteBranch(branch, expectedTip, cancellationToken), cancellationToken);

    public Task<CreatedCommit> CommitAsync(CommitRequest request, CancellationToken cancellationToken) =>
        Task.Run(() => GitFailure.Guard("writing the commit", () => Commit(request)), cancellationToken);

    public Task<PublishOutcome> PublishAsync(PublishRequest request, CancellationToken cancellationToken) =>
        Task.Run(() => Publish(request, cancellationToken), cancellationToken);

    public Task RefreshAsync(CancellationToken cancellationToken) => Task.Run(
        () =>
        {
            if (remote is null)
            {
                BaseCommit = repository.Refs["refs/heads/" + BaseBranch]?.TargetIdentifier ?? BaseCommit;
                return;
            }

            remote.Fetch(repository, cancellationToken);
            var remoteBase = repository.Refs["refs/remotes/origin/" + BaseBranch]?.TargetIdentifier
                ?? throw new RepositoryException($"the base branch '{BaseBranch}' no longer exists at {DisplayLocation}");
            // A working copy's own unpushed commits stay the base unless the remote contains them.
            if (workingCopy is null || IsAncestor(BaseCommit, remoteBase))
            {
                BaseCommit = remoteBase;
            }
        },
        cancellationToken);

    public void Dispose()
    {
        repository.Dispose();
        cacheLease?.Dispose();
        if (ownedDirectory is not null)
        {
            DeleteDirectory(ownedDirectory);
        }
    }

    internal static void DeleteDirectory(string path)
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }

            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A temporary clone that cannot be removed is not worth failing a finished run for.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void Collect(Tree tree, string prefix, Func<string, bool> include, List<SourceFile> files, List<Problem> problems)
    {
        foreach (var entry in tree)
        {
            var path = prefix + entry.Name;
            if (entry.TargetType == TreeEntryTargetType.Tree)
            {
                Collect((Tree)entry.Target, path + "/", include, files, problems);
            }
            else if (entry.TargetType == TreeEntryTargetType.Blob && include(path))
            {
                // The same rules as a folder on disk (SourceDecoder): a link is a path, never followed;
                // the size is known before the content is read.
                var blob = (Blob)entry.Target;
                var (file, problem) = entry.Mode == Mode.SymbolicLink ? (null, SourceDecoder.SymbolicLink(path))
                    : blob.Size > SourceDecoder.MaxFileBytes ? (null, SourceDecoder.TooLarge(path, blob.Size))
                    : SourceDecoder.Decode(path, Content(blob));
                if (file is not null)
                {
                    files.Add(file);
                }
                else
                {
                    problems.Add(problem!);
                }
            }
        }
    }

    private static ReadOnlySpan<byte> Content(Blob blob)
    {
        using var stream = blob.GetContentStream();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
    }

    private CreatedCommit Commit(CommitRequest request)
    {
        var parent = repository.Lookup<Commit>(BaseCommit);
        var tree = TreeDefinition.From(parent.Tree);
        foreach (var file in request.Files)
        {
            using var content = new MemoryStream(StrictUtf8.GetBytes(file.Text));
            var blob = repository.ObjectDatabase.CreateBlob(content);
            var mode = parent[file.Path]?.Mode ?? Mode.NonExecutableFile;
            tree.Add(file.Path, blob, mode);
        }

        var newTree = repository.ObjectDatabase.CreateTree(tree);
        var author = new Signature(request.Author.Name, request.Author.Email, request.When);
        var committer = new Signature(request.Committer.Name, request.Committer.Email, request.When);
        var commit = SignedCommits.Create(repository, SigningKey, author, committer, request.Message, newTree, [parent]);
        createdCommits[commit.Sha] = request.Files;
        return new CreatedCommit(commit.Sha, newTree.Sha);
    }

    private PublishOutcome Publish(PublishRequest request, CancellationToken cancellationToken)
    {
        if (request.Mode == PublishMode.ReplaceToolBranch && request.Branch == BaseBranch)
        {
            throw new RepositoryException($"refusing to replace the base branch '{BaseBranch}': the tool's branch must be another one");
        }

        if (remote is null)
        {
            return PublishLocally(request, cancellationToken);
        }

        var branches = remote.RemoteBranches(repository, cancellationToken);
        var actual = branches.GetValueOrDefault(request.Branch);
        if (actual != request.ExpectedTip)
        {
            throw new BranchMovedException(request.Branch, request.ExpectedTip, actual);
        }

        // The server answers a ref file/folder conflict only with "failed to update ref", which also means a lost race: say it here.
        if (branches.Keys.FirstOrDefault(b => b.StartsWith(request.Branch + "/", StringComparison.Ordinal) || request.Branch.StartsWith(b + "/", StringComparison.Ordinal)) is { } blocking)
        {
            throw new PushRejectedException(request.Branch, $"the branch {blocking} exists, and Git cannot hold a branch and another whose name continues it after a '/': delete one of them");
        }

        GitFailure.Guard("preparing the push", () => repository.Refs.Add(PublishRef, request.CommitId, allowOverwrite: true));
        try
        {
            remote.Push(repository, PublishRef, request.Branch, force: request.Mode == PublishMode.ReplaceToolBranch, request.ExpectedTip, cancellationToken);
        }
        finally
        {
            repository.Refs.Remove(PublishRef);
        }

        GitFailure.Guard("recording the pushed branch", () => repository.Refs.Add("refs/remotes/origin/" + request.Branch, request.CommitId, allowOverwrite: true));
        return PublishOutcome.Pushed;
    }

    private void DeleteBranch(string branch, string expectedTip, CancellationToken cancellationToken)
    {
        if (branch == BaseBranch)
        {
            throw new RepositoryException($"refusing to delete the base branch '{BaseBranch}'");
        }

        if (remote is null)
        {
            var refName = "refs/heads/" + branch;
            var actual = repository.Refs[refName]?.TargetIdentifier;
            if (actual != expectedTip)
            {
                throw new BranchMovedException(branch, expectedTip, actual);
            }

            if (workingCopy is not null && !repository.Info.IsHeadDetached && repository.Head.CanonicalName == refName)
            {
                throw new RepositoryException($"the branch '{branch}' is checked out in {workingCopy}: switch to another branch first");
            }

            GitFailure.Guard($"deleting branch {branch}", () => repository.Refs.Remove(refName));
            return;
        }

        var tip = remote.RemoteTip(repository, branch, cancellationToken);
        if (tip != expectedTip)
        {
            throw new BranchMovedException(branch, expectedTip, tip);
        }

        remote.Delete(repository, branch, expectedTip, cancellationToken);
        GitFailure.Guard($"forgetting the deleted branch {branch}", () => repository.Refs.Remove("refs/remotes/origin/" + branch));
    }

    private PublishOutcome PublishLocally(PublishRequest request, CancellationToken cancellationToken)
    {
        var refName = "refs/heads/" + request.Branch;
        var actual = repository.Refs[refName]?.TargetIdentifier;
        if (actual != request.ExpectedTip)
        {
            throw new BranchMovedException(request.Branch, request.ExpectedTip, actual);
        }

        var checkedOut = workingCopy is not null && !repository.Info.IsHeadDetached && repository.Head.CanonicalName == refName;
        if (checkedOut)
        {
            WorkingCopyWriter.Write(repository, workingCopy!, createdCommits.GetValueOrDefault(request.CommitId) ?? [], cancellationToken);
        }

        GitFailure.Guard($"moving branch {request.Branch}", () => repository.Refs.Add(refName, request.CommitId, "gitstreamsync: update image digests", allowOverwrite: true));
        if (checkedOut)
        {
            WorkingCopyWriter.Stage(repository, createdCommits.GetValueOrDefault(request.CommitId) ?? []);
        }

        return PublishOutcome.CommittedLocally;
    }

    private string PublishedRefName(string branch) => remote is null ? "refs/heads/" + branch : "refs/remotes/origin/" + branch;

    private bool IsAncestor(string ancestor, string descendant) =>
        ancestor == descendant || repository.ObjectDatabase.FindMergeBase(repository.Lookup<Commit>(ancestor), repository.Lookup<Commit>(descendant))?.Sha == ancestor;
}
