using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Run;
using GitStreamSync.Core.Select;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Core.Publish;

/// <summary>
/// Git cannot hold a branch and another whose name continues it after a '/': <c>refs/heads/a/b</c>
/// is a file, and <c>refs/heads/a/b/c</c> would need it to be a folder. The tool's own branches run
/// into this when <c>pullRequests.groupBy</c> changes: <c>gitstreamsync/main</c> blocks
/// <c>gitstreamsync/main/ubuntu</c>, and the other way round. Before a push, a blocking branch of
/// the tool is removed: its open pull request is closed first, by the tool and with a comment, so
/// its digests are not read as rejected (a pull request the host closes because its branch vanished
/// looks like one a person closed), then the branch is deleted. The pull requests are reached only
/// through the port the run hands in (<see cref="CloseThenDelete"/>), never on this step's own
/// initiative. A blocking branch that is not the tool's is an error that names it.
/// </summary>
internal sealed class BlockingBranches
{
    private readonly IPullRequestPublisher? pullRequests;
    private readonly PullRequestOwnership ownership;
    private readonly string? refusal;

    private BlockingBranches(IPullRequestPublisher? pullRequests, PullRequestOwnership ownership, string? refusal)
    {
        this.pullRequests = pullRequests;
        this.ownership = ownership;
        this.refusal = refusal;
    }

    /// <summary>No hosting service (a plain Git server, a local repository): there is no pull request to close.</summary>
    public static BlockingBranches Delete { get; } = new(null, PullRequestOwnership.Default, null);

    /// <summary>Close the branch's pull request through <paramref name="pullRequests"/> when it is the tool's (<paramref name="ownership"/>), then delete the branch.</summary>
    public static BlockingBranches CloseThenDelete(IPullRequestPublisher pullRequests, PullRequestOwnership ownership) => new(pullRequests, ownership, null);

    /// <summary>The pull request cannot be closed by the tool in this run: stop and say <paramref name="why"/> and what to do.</summary>
    public static BlockingBranches Refuse(string why) => new(null, PullRequestOwnership.Default, why);

    /// <summary>The published branches that stand where <paramref name="branch"/> must go.</summary>
    public static IReadOnlyList<string> Find(IReadOnlyList<string> published, string branch) =>
        [.. published.Where(p => p.StartsWith(branch + "/", StringComparison.Ordinal) || branch.StartsWith(p + "/", StringComparison.Ordinal))];

    /// <summary>Removes every branch that blocks one of <paramref name="branches"/>; returns the deleted ones and the pull requests closed with them.</summary>
    /// <param name="toolBranch">The root of the tool's branches: only it and branches under it are the tool's to delete.</param>
    public async Task<(IReadOnlyList<string> Deleted, IReadOnlyList<ToolPullRequest> Closed)> ClearAsync(
        IRepositoryWorkspace workspace, string toolBranch, IReadOnlyList<string> branches, ILogger logger, CancellationToken cancellationToken)
    {
        var published = workspace.ReadPublishedBranchNames();
        var blocking = branches
            .SelectMany(wanted => Find(published, wanted).Select(found => (Found: found, Wanted: wanted)))
            .GroupBy(x => x.Found, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        var deleted = new List<string>();
        var closedPullRequests = new List<ToolPullRequest>();
        foreach (var group in blocking)
        {
            var found = group.Key;
            var wanted = group.Select(x => x.Wanted).Order(StringComparer.Ordinal).ToList();
            if (found != toolBranch && !found.StartsWith(toolBranch + "/", StringComparison.Ordinal))
            {
                throw new RepositoryException(
                    $"cannot push {wanted[0]}: the branch {found} exists at {workspace.DisplayLocation}, and Git cannot hold a branch and another whose name continues it after a '/'; rename or delete {found}, or choose another branch with --branch or the 'branch' setting");
            }

            if (refusal is not null)
            {
                throw new RepositoryException(
                    $"cannot push {wanted[0]}: the tool's branch {found} (from an earlier pullRequests.groupBy) is in the way, and Git cannot hold both; {refusal}");
            }

            if (pullRequests is not null)
            {
                if (await pullRequests.CloseAsync(found, PullRequestPublication.RegroupComment(found, wanted), ownership, cancellationToken).ConfigureAwait(false) is { } closed)
                {
                    logger.LogInformation("closed pull request #{Number} of {Branch}: its changes move to {Branches}", closed.Number, found, string.Join(", ", wanted));
                    closedPullRequests.Add(closed);
                }
            }

            if (workspace.ReadPublishedBranch(found) is { } tip)
            {
                await workspace.DeleteBranchAsync(found, tip.Id, cancellationToken).ConfigureAwait(false);
                logger.LogWarning("deleted the tool's branch {Branch} to make room for {Wanted} (pullRequests.groupBy changed)", found, string.Join(", ", wanted));
                deleted.Add(found);
            }
        }

        return (deleted, closedPullRequests);
    }
}
