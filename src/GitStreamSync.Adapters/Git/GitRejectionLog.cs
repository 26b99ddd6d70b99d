using GitStreamSync.Core.Ports;
using LibGit2Sharp;

namespace GitStreamSync.Adapters.Git;

/// <summary>
/// <see cref="IRejectionLog"/> on <c>refs/gitstreamsync/rejections</c> with LibGit2Sharp. The record's
/// commits are written as objects (a one-file tree, no work tree) and published by a plain push: the
/// server takes it only as a fast-forward of the tip this run read, and the tip is compared before
/// (ls-remote), so two runs recording at once cannot lose each other's commits. A repository without a
/// remote keeps the record as a local ref; a plain folder keeps none.
/// </summary>
internal sealed class GitRejectionLog : IRejectionLog
{
    private const string PushRef = "refs/gitstreamsync/record-push";

    public Task<RejectionLogState> ReadAsync(IRepositoryWorkspace workspace, bool refresh, CancellationToken cancellationToken)
    {
        if (workspace is not LibGit2SharpWorkspace git)
        {
            return Task.FromResult(RejectionLogState.Empty);
        }

        return Task.Run(
            () =>
            {
                if (refresh)
                {
                    git.Remote?.FetchToolRefs(git.Repository, cancellationToken);
                }

                return GitFailure.Guard($"reading {IRejectionLog.RefName}", () => Read(git.Repository, LocalRef(git), cancellationToken));
            },
            cancellationToken);
    }

    public Task<string?> AppendAsync(IRepositoryWorkspace workspace, RejectionLogAppend append, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(append);
        if (workspace is not LibGit2SharpWorkspace git || append.Messages.Count == 0)
        {
            return Task.FromResult<string?>(null);
        }

        return Task.Run<string?>(() => Append(git, append, cancellationToken), cancellationToken);
    }

    /// <summary>Where this workspace sees the record: the fetched copy of the remote's, or the local ref without a remote.</summary>
    private static string LocalRef(LibGit2SharpWorkspace git) =>
        git.Remote is null ? IRejectionLog.RefName : GitRemote.FetchedToolRef(IRejectionLog.RefName);

    private static RejectionLogState Read(Repository repository, string localRef, CancellationToken cancellationToken)
    {
        if (repository.Refs[localRef]?.ResolveToDirectReference()?.Target is not Commit tip)
        {
            return RejectionLogState.Empty;
        }

        var commits = new List<RejectionLogCommit>();
        var filter = new CommitFilter { IncludeReachableFrom = tip, SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Reverse };
        foreach (var commit in repository.Commits.QueryBy(filter))
        {
            cancellationToken.ThrowIfCancellationRequested();
            commits.Add(new RejectionLogCommit(commit.Sha, commit.Message));
        }

        return new RejectionLogState(tip.Sha, commits);
    }

    private static string Append(LibGit2SharpWorkspace git, RejectionLogAppend append, CancellationToken cancellationToken)
    {
        var repository = git.Repository;
        var tip = GitFailure.Guard($"writing {IRejectionLog.RefName}", () => WriteCommits(repository, append, git.SigningKey));
        if (git.Remote is not { } remote)
        {
            var actual = repository.Refs[IRejectionLog.RefName]?.TargetIdentifier;
            if (actual != append.ExpectedTip)
            {
                throw new RejectionLogMovedException(append.ExpectedTip, actual);
            }

            GitFailure.Guard($"moving {IRejectionLog.RefName}", () => repository.Refs.Add(IRejectionLog.RefName, tip, "gitstreamsync: record rejections", allowOverwrite: true));
            return tip;
        }

        var current = remote.RemoteReference(repository, IRejectionLog.RefName, cancellationToken);
        if (current != append.ExpectedTip)
        {
            throw new RejectionLogMovedException(append.ExpectedTip, current);
        }

        GitFailure.Guard("preparing the push", () => repository.Refs.Add(PushRef, tip, allowOverwrite: true));
        try
        {
            // Not forced: a writer that got in between makes this a non-fast-forward, refused.
            remote.PushReference(repository, PushRef, IRejectionLog.RefName, actual => new RejectionLogMovedException(append.ExpectedTip, actual), cancellationToken);
        }
        finally
        {
            repository.Refs.Remove(PushRef);
        }

        GitFailure.Guard($"recording the pushed {IRejectionLog.RefName}", () => repository.Refs.Add(LocalRef(git), tip, allowOverwrite: true));
        return tip;
    }

    private static string WriteCommits(Repository repository, RejectionLogAppend append, SshSigningKey? key)
    {
        var parent = append.ExpectedTip is null ? null : repository.Lookup<Commit>(append.ExpectedTip);
        using var content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(append.ReadmeText));
        var tree = new TreeDefinition();
        tree.Add(append.ReadmeFileName, repository.ObjectDatabase.CreateBlob(content), Mode.NonExecutableFile);
        var treeObject = repository.ObjectDatabase.CreateTree(tree);
        var signature = new Signature(append.Committer.Name, append.Committer.Email, append.When);
        foreach (var message in append.Messages)
        {
            parent = SignedCommits.Create(repository, key, signature, signature, message, treeObject, parent is null ? [] : [parent]);
        }

        return parent!.Sha;
    }
}
