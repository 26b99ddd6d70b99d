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
/// Commits and pushes a run's branches, each on its own lease: a branch that already proposes the
/// same changes on the current base is left alone, the others are committed on the base tip and
/// replace the tool's branch (or fast-forward the base with <c>--push-to-base</c>). Branches of the
/// tool that stand in the way are cleared first (<see cref="BlockingBranches"/>).
/// </summary>
internal sealed class BranchPublishing(IRepositoryWorkspace workspace, SyncRequest request, BlockingBranches blocking, ILogger logger)
{
    /// <summary>Every proposal's result, in the proposals' order, the branches deleted to make room and the pull requests closed with them.</summary>
    public async Task<(IReadOnlyList<SyncBranchResult> Branches, IReadOnlyList<string> Deleted, IReadOnlyList<ToolPullRequest> Closed)> PublishAsync(
        IReadOnlyList<BranchProposal> proposals, string toolBranch, CancellationToken cancellationToken)
    {
        var results = new SyncBranchResult?[proposals.Count];
        var pending = new List<(int Index, BranchProposal Proposal, BranchCommit? Published)>();
        for (var i = 0; i < proposals.Count; i++)
        {
            var proposal = proposals[i];
            var published = workspace.ReadPublishedBranch(proposal.Branch);
            if (!request.PushToBase && PublishedProposal.Matches(published, workspace.BaseCommit, proposal.Content))
            {
                logger.LogInformation("{Branch} already proposes these changes on {Base}: nothing to push", proposal.Branch, CommitId.Short(workspace.BaseCommit));
                results[i] = Result(proposal, SyncOutcome.AlreadyProposed, published!.Id);
            }
            else
            {
                pending.Add((i, proposal, published));
            }
        }

        // The last point a stop (Ctrl-C, the worker's SIGTERM) takes effect: from here the run
        // commits and pushes to the end, so it never stops half-way through publishing.
        cancellationToken.ThrowIfCancellationRequested();
        (IReadOnlyList<string> Deleted, IReadOnlyList<ToolPullRequest> Closed) cleared = ([], []);
        if (pending.Count > 0 && !request.PushToBase)
        {
            cleared = await blocking.ClearAsync(workspace, toolBranch, [.. pending.Select(p => p.Proposal.Branch)], logger, CancellationToken.None).ConfigureAwait(false);
        }

        foreach (var (index, proposal, published) in pending)
        {
            var commit = await workspace.CommitAsync(new CommitRequest(proposal.Edits.Files, proposal.Message, request.Author, request.Committer, request.Now), CancellationToken.None).ConfigureAwait(false);
            var lease = request.PushToBase ? workspace.BaseCommit : published?.Id;
            var mode = request.PushToBase ? PublishMode.FastForwardBase : PublishMode.ReplaceToolBranch;
            var outcome = await workspace.PublishAsync(new PublishRequest(proposal.Branch, commit.Id, mode, lease), CancellationToken.None).ConfigureAwait(false);
            logger.LogInformation("{Outcome} {Commit} to {Branch}", outcome, CommitId.Short(commit.Id), proposal.Branch);
            results[index] = Result(proposal, outcome == PublishOutcome.Pushed ? SyncOutcome.Pushed : SyncOutcome.CommittedLocally, commit.Id);
        }

        return ([.. results.Select(r => r!)], cleared.Deleted, cleared.Closed);
    }

    public static SyncBranchResult Result(BranchProposal proposal, SyncOutcome outcome, string? commitId) => new()
    {
        Branch = proposal.Branch,
        Stream = proposal.Stream,
        Outcome = outcome,
        CommitId = commitId,
        CommitMessage = proposal.Message,
        Changes = proposal.Edits.Changes,
        ChangedFiles = [.. proposal.Edits.Files.Select(f => f.Path)],
    };

}
