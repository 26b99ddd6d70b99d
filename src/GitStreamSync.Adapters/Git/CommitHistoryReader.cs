using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Rollback;
using LibGit2Sharp;

namespace GitStreamSync.Adapters.Git;

/// <summary>
/// Walks the base branch's history with LibGit2Sharp for rollback detection. Commit messages are
/// cheap to read (~0.1 s per 10,000 commits); <c>Commits.QueryBy(path)</c> is ~100x slower, so the
/// ImageStream files a commit changed are found by comparing tree entries by hand (equal tree ids are
/// skipped whole), and only for the commits a hand edit can be: single-parent commits that are not the tool's.
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
        var (selected, truncated) = Newest(repository.Lookup<Commit>(tip), maxCommits, cancellationToken);
        var items = new CurrentItems();
        var commits = new List<HistoryCommit>(selected.Count);
        foreach (var commit in ChildrenFirst(selected))
        {
            cancellationToken.ThrowIfCancellationRequested();
            commits.Add(ToHistoryCommit(commit, items));
        }

        return new CommitHistory(commits, truncated);
    }

    /// <summary>
    /// The <paramref name="maxCommits"/> newest commits reachable from <paramref name="tip"/>, walked by
    /// hand in committer-date order: libgit2's sorted walks prepare the whole history before the first
    /// commit comes out, which would make the depth limit save nothing.
    /// </summary>
    private static (Dictionary<string, WalkedCommit> Selected, bool Truncated) Newest(Commit tip, int maxCommits, CancellationToken cancellationToken)
    {
        var selected = new Dictionary<string, WalkedCommit>(StringComparer.Ordinal);
        var queued = new HashSet<string>(StringComparer.Ordinal) { tip.Sha };
        var queue = new PriorityQueue<Commit, DateTimeOffset>(Comparer<DateTimeOffset>.Create((a, b) => b.CompareTo(a)));
        queue.Enqueue(tip, tip.Committer.When);
        while (queue.TryDequeue(out var commit, out _))
        {
            if (selected.Count >= maxCommits)
            {
                return (selected, true);
            }

            cancellationToken.ThrowIfCancellationRequested();
            var walked = new WalkedCommit(commit, commit.Parents.ToList(), commit.Committer.When);
            selected.Add(commit.Sha, walked);
            foreach (var parent in walked.Parents)
            {
                if (queued.Add(parent.Sha))
                {
                    queue.Enqueue(parent, parent.Committer.When);
                }
            }
        }

        return (selected, false);
    }

    /// <summary>Every commit before its parents (newest first among those ready), whatever the clocks said.</summary>
    private static List<WalkedCommit> ChildrenFirst(Dictionary<string, WalkedCommit> selected)
    {
        var children = selected.Keys.ToDictionary(id => id, _ => 0, StringComparer.Ordinal);
        foreach (var commit in selected.Values)
        {
            foreach (var parent in commit.Parents)
            {
                if (children.TryGetValue(parent.Sha, out var count))
                {
                    children[parent.Sha] = count + 1;
                }
            }
        }

        var ready = new PriorityQueue<WalkedCommit, DateTimeOffset>(Comparer<DateTimeOffset>.Create((a, b) => b.CompareTo(a)));
        foreach (var commit in selected.Values.Where(c => children[c.Commit.Sha] == 0))
        {
            ready.Enqueue(commit, commit.When);
        }

        var ordered = new List<WalkedCommit>(selected.Count);
        while (ready.TryDequeue(out var commit, out _))
        {
            ordered.Add(commit);
            foreach (var parent in commit.Parents)
            {
                if (children.TryGetValue(parent.Sha, out var count) && (children[parent.Sha] = count - 1) == 0)
                {
                    ready.Enqueue(selected[parent.Sha], selected[parent.Sha].When);
                }
            }
        }

        return ordered;
    }

    private static HistoryCommit ToHistoryCommit(WalkedCommit walked, CurrentItems items)
    {
        var (commit, parents, when) = walked;
        var message = commit.Message;
        var record = new HistoryCommit(
            commit.Sha,
            parents.Select(p => p.Sha).ToList(),
            message,
            new GitIdentity(commit.Author.Name, commit.Author.Email),
            new GitIdentity(commit.Committer.Name, commit.Committer.Email),
            when);

        // A root commit is not compared: with nothing before it, it can move no item away from a digest.
        if (parents.Count != 1 || ToolMessage.Read(message).IsFromTool)
        {
            return record;
        }

        var changed = new List<(string Path, Blob? Before, Blob? After)>();
        ChangedFiles(parents[0].Tree, commit.Tree, "", changed);
        return record with { Transitions = changed.SelectMany(c => items.Transitions(c.Path, c.Before, c.After)).ToList() };
    }

    private sealed record WalkedCommit(Commit Commit, IReadOnlyList<Commit> Parents, DateTimeOffset When);

    /// <summary>The ImageStream candidate files that differ between two trees; a null tree is empty.</summary>
    private static void ChangedFiles(Tree? before, Tree? after, string prefix, List<(string, Blob?, Blob?)> changed)
    {
        var old = Entries(before);
        var now = Entries(after);
        foreach (var name in old.Keys.Union(now.Keys).Order(StringComparer.Ordinal))
        {
            var a = old.GetValueOrDefault(name);
            var b = now.GetValueOrDefault(name);
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

    private static Dictionary<string, TreeEntry> Entries(Tree? tree) =>
        tree?.ToDictionary(e => e.Name, StringComparer.Ordinal) ?? new Dictionary<string, TreeEntry>(StringComparer.Ordinal);
}
