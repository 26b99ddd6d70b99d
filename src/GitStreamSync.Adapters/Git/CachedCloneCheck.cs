using GitStreamSync.Core.Ports;
using LibGit2Sharp;

namespace GitStreamSync.Adapters.Git;

/// <summary>
/// Whether a cached clone can be trusted before a run fetches into it: a Git repository of the
/// same origin, full (libgit2 1.8 corrupts a shallow clone on fetch), HEAD naming a branch, and
/// every branch and tool ref pointing at a commit whose tree is there. What a fetch adds later is
/// checked by libgit2 itself; this catches what a killed process, a full disk or a hand-made copy
/// leaves behind. A clone of another repository is not discarded but refused: two repositories
/// pointed at one folder would take turns deleting each other's clone.
/// </summary>
internal static class CachedCloneCheck
{
    /// <summary>Null when the clone at <paramref name="path"/> is usable; otherwise why not.</summary>
    /// <exception cref="RepositoryException">The clone is of another repository.</exception>
    public static string? Problem(string path, string source)
    {
        if (!Repository.IsValid(path))
        {
            return "not a Git repository";
        }

        try
        {
            using var repository = new Repository(path);
            var origin = repository.Network.Remotes[GitRemote.RemoteName]?.Url;
            if (origin is null)
            {
                return "it has no origin";
            }

            if (origin != source)
            {
                throw new RepositoryException(
                    $"the cache folder {Path.GetDirectoryName(path)} holds a clone of another repository; remove it or choose another");
            }

            if (repository.Info.IsShallow)
            {
                return "it is a shallow clone";
            }

            if (repository.Refs.Head is not SymbolicReference)
            {
                return "HEAD does not name a branch";
            }

            var branches = repository.Refs.FromGlob("refs/remotes/origin/*").ToList();
            if (branches.Count == 0)
            {
                return "it has no branches";
            }

            foreach (var reference in branches.Concat(repository.Refs.FromGlob("refs/gitstreamsync-origin/*")))
            {
                if (reference.ResolveToDirectReference()?.Target is not Commit commit)
                {
                    return $"{reference.CanonicalName} points at a missing commit";
                }

                _ = commit.Tree.Count;
            }

            return null;
        }
        catch (LibGit2SharpException exception)
        {
            return exception.Message.ReplaceLineEndings(" ").Trim();
        }
    }
}
