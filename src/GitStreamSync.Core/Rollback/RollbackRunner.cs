using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Publish;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Record;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Core.Rollback;

/// <summary>
/// One <c>rollback</c> run over the ports: base tip -> read -> plan (<see cref="RollbackPlanner"/>) ->
/// edit (the sync's <see cref="StatusEdits"/>, so only the status span changes) -> commit -> push,
/// to the rollback branch or, with <c>--push-to-base</c>, fast-forward to the base -> propose (the
/// rollback's pull request, through the run's <see cref="PullRequestPort"/>). A base that moved
/// meanwhile is fetched again and the rollback planned again, a bounded number of times, as in sync.
/// </summary>
internal sealed class RollbackRunner(IRepositoryWorkspaceFactory workspaces, ILogger logger, PullRequestPort? pullRequests = null)
{
    public async Task<RollbackReport> RunAsync(RollbackRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (workspace, config) = await RepositoryOpening.OpenAsync(workspaces, request.Location, request.BaseBranch, request.ConfigFile, request.FindTimeZone, cancellationToken).ConfigureAwait(false);
        using var opened = workspace;

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var report = await AttemptAsync(workspace, request, config, attempt, cancellationToken).ConfigureAwait(false);

                // The pull request belongs to the push that just happened: it is finished even when a stop arrived meanwhile.
                return report with
                {
                    PullRequests = await RollbackProposal.ProposeAsync(pullRequests ?? PullRequestPort.None, report, request, config.PullRequests, CancellationToken.None).ConfigureAwait(false),
                };
            }
            catch (BranchMovedException moved) when (attempt < request.MaxAttempts)
            {
                logger.LogWarning("{Message}; fetching again and planning the rollback again (attempt {Attempt} of {Max})", moved.Message, attempt + 1, request.MaxAttempts);
                await workspace.RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (BranchMovedException moved)
            {
                throw new RepositoryException($"{moved.Message}; gave up after {attempt} attempts: another run or a person keeps changing it", moved);
            }
        }
    }

    private async Task<RollbackReport> AttemptAsync(IRepositoryWorkspace workspace, RollbackRequest request, RepositoryConfig config, int attempt, CancellationToken cancellationToken)
    {
        var readFiles = workspace.ReadSourceFiles(new SourceSelection(new PathFilter(config.Paths)).Includes);
        var files = readFiles.Files;
        var read = ImageStreamReader.ReadRepository(files);
        IReadOnlyList<Problem> unreadable = [.. readFiles.Problems, .. read.Problems];
        var report = new RollbackReport
        {
            Outcome = RollbackOutcome.Refused,
            Location = workspace.DisplayLocation,
            BaseBranch = workspace.BaseBranch,
            BaseCommit = workspace.BaseCommit,
            Attempts = attempt,
        };
        var planned = RollbackPlanner.Plan(read.Streams, request.Target, request.Now, config.HistoryLimit);
        if (planned.Plan is not { } plan)
        {
            // A file that does not parse may be where the stream is: say so rather than only "not found".
            var unread = unreadable.Count == 0 ? "" : "\nfiles that could not be read:" + string.Concat(unreadable.Select(p => "\n  " + p));
            return report with { Refusal = planned.Refusal + unread };
        }

        var edits = StatusEdits.Apply(files, plan.AsSyncPlan());
        var source = plan.Stream.Stream.SpecTags.FirstOrDefault(t => t.Name == plan.Key.Tag)?.From?.Name;
        var written = plan.Stream.NewStatus!.Tags.First(t => t.Tag == plan.Key.Tag).Items[0];
        report = report with { Key = plan.Key, Index = plan.Index, From = plan.From, To = plan.To, Written = written, Source = source, Followers = [.. plan.Changes.Skip(1)] };
        if (edits.Problems.Count > 0 || edits.Files.Count == 0)
        {
            return report with { Refusal = edits.Problems.Count > 0 ? edits.Problems[0].ToString() : $"{plan.Key}: the status edit changed nothing" };
        }

        var nameShared = read.Streams.Any(s => s.Name == plan.Key.Stream && s.FilePath != plan.Key.FilePath);
        var branch = request.PushToBase ? workspace.BaseBranch : RollbackPullRequest.BranchFor(workspace.BaseBranch, plan.Key, nameShared);
        var content = plan.CommitContent(request.RunId);
        var message = CommitMessageWriter.Write(content);
        report = report with { Branch = branch, CommitMessage = message, ChangedFiles = [.. edits.Files.Select(f => f.Path)] };
        if (request.DryRun)
        {
            return report with { Outcome = RollbackOutcome.DryRun, Diff = edits.Diff() };
        }

        var published = workspace.ReadPublishedBranch(branch);
        if (!request.PushToBase && PublishedProposal.Matches(published, workspace.BaseCommit, content))
        {
            logger.LogInformation("{Branch} already proposes this rollback on {Base}: nothing to push", branch, CommitId.Short(workspace.BaseCommit));
            // The earlier run's id keeps the pull-request body as it is.
            return report with { Outcome = RollbackOutcome.AlreadyProposed, CommitId = published!.Id, RunId = CommitMessageParser.Parse(published.Message).RunId };
        }

        // As in sync: from here the run commits and pushes to the end, never stopping half-way: a stop between commit and push would leave a branch that no pull request shows.
        cancellationToken.ThrowIfCancellationRequested();
        var commit = await workspace.CommitAsync(new CommitRequest(edits.Files, message, request.Author, request.Committer, request.Now), CancellationToken.None).ConfigureAwait(false);
        var lease = request.PushToBase ? workspace.BaseCommit : published?.Id;
        var mode = request.PushToBase ? PublishMode.FastForwardBase : PublishMode.ReplaceToolBranch;
        var outcome = await workspace.PublishAsync(new PublishRequest(branch, commit.Id, mode, lease), CancellationToken.None).ConfigureAwait(false);
        logger.LogInformation("{Outcome} {Commit} to {Branch}", outcome, CommitId.Short(commit.Id), branch);
        return report with
        {
            Outcome = outcome == PublishOutcome.Pushed ? RollbackOutcome.Pushed : RollbackOutcome.CommittedLocally,
            CommitId = commit.Id,
            RunId = request.RunId,
        };
    }
}
