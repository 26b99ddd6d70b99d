using GitStreamSync.Core.ImageStreams;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Rollback;
using LibGit2Sharp;

namespace GitStreamSync.Adapters.Git;

/// <summary>
/// Walks the base branch's history with LibGit2Sharp for rollback detection. Commit messages are
/// cheap to read (~0.1 s per 10,000 commits); <c>Commits.QueryBy(path)</c> is ~100x slower, so the
/// ImageStream files a commit changed are found by comparing tree entries by hand (equal tree ids are
/// skipped whole), and only for the commits rule (b) looks at: single-parent commits that are not the tool's.
/// </summary>
internal sealed class CommitHistoryReader : ICommitHistoryReader
{
    public Task<CommitHistory> ReadAsync(IRepositoryWorkspace workspace, int maxCommits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (workspace is not LibGit2SharpWorkspace git)
        {
            throw new ArgumentException("history can only be read from a LibGit2Sharp workspace", nameof(workspace));
        }

        return Task.Run(
            () => GitFailure.Guard("reading the base branch's history", () =>
            {
                using var repository = new Repository(git.GitDirectory);
                return Read(repository, workspace.BaseCommit, maxCommits, cancellationToken);
            }),
            cancellationToken);
    }

    /// <summary>Reads from an open repository (the benchmark and tests use it directly).</summary>
    internal static CommitHistory Read(Repository repository, string tip, int maxCommits, CancellationToken cancellationToken)
    {
        var filter = new CommitFilter { IncludeReachableFrom = tip, SortBy = CommitSortStrategies.Topological };
        var commits = new List<HistoryCommit>();
        var items = new CurrentItems();
        var truncated = false;
        foreach (var commit in repository.Commits.QueryBy(filter))
        {
            if (commits.Count >= maxCommits)
            {
                truncated = true;
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            commits.Add(ToHistoryCommit(commit, items));
        }

        return new CommitHistory(commits, truncated);
    }

    private static HistoryCommit ToHistoryCommit(Commit commit, CurrentItems items)
    {
        var message = commit.Message;
        var parents = commit.Parents.ToList();
        var record = new HistoryCommit(
            commit.Sha,
            parents.Select(p => p.Sha).ToList(),
            message,
            new GitIdentity(commit.Author.Name, commit.Author.Email),
            new GitIdentity(commit.Committer.Name, commit.Committer.Email),
            commit.Committer.When);
        if (parents.Count > 1 || ToolMessage.Read(message).IsFromTool)
        {
            return record;
        }

        var changed = new List<(string Path, Blob? Before, Blob? After)>();
        ChangedFiles(parents.Count == 0 ? null : parents[0].Tree, commit.Tree, "", changed);
        return record with { Transitions = changed.SelectMany(c => items.Transitions(c.Path, c.Before, c.After)).ToList() };
    }

    /// <summary>The ImageStream candidate files that differ between two trees; a null tree is empty.</summary>
    private static void ChangedFiles(Tree? before, Tree? after, string prefix, List<(string, Blob?, Blob?)> changed)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in (IEnumerable<TreeEntry>?)before ?? [])
        {
            names.Add(entry.Name);
        }

        foreach (var entry in (IEnumerable<TreeEntry>?)after ?? [])
        {
            names.Add(entry.Name);
        }

        foreach (var name in names)
        {
            var a = before?[name];
            var b = after?[name];
            if (a is not null && b is not null && a.Target.Id == b.Target.Id)
            {
                continue;
            }

            var path = prefix + name;
            var treeA = a?.Target as Tree;
            var treeB = b?.Target as Tree;
            if (treeA is not null || treeB is not null)
            {
                ChangedFiles(treeA, treeB, path + "/", changed);
            }

            var blobA = a?.Target as Blob;
            var blobB = b?.Target as Blob;
            if ((blobA is not null || blobB is not null) && ImageStreamReader.IsCandidate(path))
            {
                changed.Add((path, blobA, blobB));
            }
        }
    }
}
