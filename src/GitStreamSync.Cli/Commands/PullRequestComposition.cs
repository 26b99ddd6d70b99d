using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Publish;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Run;
using GitStreamSync.Core.Select;
using GitStreamSync.Adapters.GitHub;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Cli.Commands;

/// <summary><c>sync</c>'s pull-request options: <c>--no-pull-request</c>, <c>--require-pull-request</c>, <c>--github-api-url</c>.</summary>
internal sealed record PullRequestOptions(bool Skip, bool Require, string? ApiUrl);

/// <summary>What the pull-request step did, for the run's output.</summary>
internal sealed record PullRequestStepResult(string Summary, PullRequestPublicationResult? Publication = null);

/// <summary>
/// The publish step after <c>sync</c> pushed (issue #5): talk to GitHub when the remote is on
/// github.com or an API URL is given, open or update one pull request per pushed branch (one per
/// ImageStream with <c>pullRequests.groupBy: stream</c>), and close the tool's pull requests that no
/// branch wants any more. Failures end the run with exit 3 and leave the pushed branches as they are.
/// </summary>
internal static class PullRequestComposition
{
    public static async Task<PullRequestStepResult> PublishAsync(
        CommandRun run,
        SyncRequest request,
        SyncReport report,
        PullRequestOptions options,
        GitHubConnection? github,
        CancellationToken cancellationToken)
    {
        var settings = report.PullRequests with
        {
            Branch = report.Branch,
            GroupBy = report.ByStream ? GitStreamSync.Core.Configuration.PullRequestGrouping.Stream : GitStreamSync.Core.Configuration.PullRequestGrouping.Base,
        };
        if (Skipped(options, request.PushToBase, request.DryRun || report.Outcome == SyncOutcome.DryRun) is { } skipped)
        {
            return new PullRequestStepResult(skipped);
        }

        var local = report.Outcome == SyncOutcome.CommittedLocally;
        if (local || github is null)
        {
            return new PullRequestStepResult(NotOpened(options, BranchNames(report), local));
        }

        var content = PullRequestContentBuilder.Build(new PullRequestRunFacts
        {
            BaseBranch = report.BaseBranch,
            Now = request.Now,
            RunId = request.RunId,
            Changes = report.Changes,
            Failures = report.Failures,
            Deferred = report.Deferred,
            Held = report.Held,
            Problems = report.Problems,
            Sources = report.Sources,
        });

        // One pull request per branch the run pushed or found already proposing; the tool's other open ones are closed.
        var groups = PullRequestGroups.ForBranches(content, [.. report.Branches
            .Where(b => b.Outcome is SyncOutcome.Pushed or SyncOutcome.AlreadyProposed)
            .Select(b => new PullRequestBranch(b.Branch, b.Stream))]);
        var result = await new PullRequestPublication(github, settings)
            .PublishAsync(report.BaseBranch, groups, key => report.BaseDigests.GetValueOrDefault(key), cancellationToken).ConfigureAwait(false);
        return new PullRequestStepResult(Describe(result, github.Target), result);
    }

    /// <summary>
    /// What <c>sync</c> does with a branch of the tool in the way of its push (<c>pullRequests.groupBy</c>
    /// changed): on GitHub the tool closes that branch's pull request before deleting the branch, which
    /// needs the pull-request step; elsewhere there is no pull request and the branch is deleted.
    /// </summary>
    public static BlockingBranches BlockingBranchesFor(GitHubConnection? github, PullRequestOptions options)
    {
        if (github is null)
        {
            return BlockingBranches.Delete;
        }

        if (options.Skip)
        {
            return BlockingBranches.Refuse(
                "run sync once without --no-pull-request so the tool closes its pull request and deletes the branch (a pull request GitHub closes because its branch was deleted would count as rejected)");
        }

        return github.HasCredentials
            ? BlockingBranches.CloseThenDelete(github)
            : BlockingBranches.Refuse(GitHubCredentials.Missing(github.Target).Message);
    }

    private static string BranchNames(SyncReport report) =>
        report.Branches.Count == 0 ? report.Branch : string.Join(", ", report.Branches.Select(b => b.Branch));

    /// <summary>Why a run that writes opens no pull request at all, or null when it may open one.</summary>
    public static string? Skipped(PullRequestOptions options, bool pushToBase, bool dryRun) =>
        options.Skip ? "no pull request: --no-pull-request"
        : pushToBase ? "no pull request: --push-to-base"
        : dryRun ? "no pull request: dry run"
        : null;

    /// <summary>
    /// The line for a run that pushed (or only committed) but has no GitHub to open a pull request on;
    /// with <c>--require-pull-request</c> the run fails instead (exit 3).
    /// </summary>
    public static string NotOpened(PullRequestOptions options, string branches, bool committedLocally)
    {
        var why = committedLocally
            ? "nothing was pushed: the repository has no remote"
            : "the remote is not on GitHub (give --github-api-url or GITHUB_API_URL for GitHub Enterprise)";
        return options.Require
            ? throw new CommandFailedException(ExitCodes.GitFailure, $"--require-pull-request: no pull request can be opened for {branches}: {why}")
            : $"no pull request opened for {branches}: {why}";
    }

    /// <summary>One line per pull request: on stdout after the table (stderr for JSON output), and in the Actions job summary.</summary>
    public static async Task WriteAsync(CommandRun run, PullRequestStepResult result, string format, CancellationToken cancellationToken)
    {
        var writer = format == "json" ? run.Error : run.Out;
        await writer.WriteAsync((result.Summary + "\n").AsMemory(), cancellationToken).ConfigureAwait(false);
        if (run.Environment.IsGitHubActions && run.Environment.GetVariable("GITHUB_STEP_SUMMARY") is { } summary)
        {
            var lines = result.Summary.Split('\n').Select(line => "- " + line);
            await File.AppendAllTextAsync(summary, "\n**Pull request**\n\n" + string.Join("\n", lines) + "\n", cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Describe(PullRequestPublicationResult result, GitHubTarget target)
    {
        var lines = result.Published.Select(p => p.Outcome == PullRequestOutcome.LimitReached
                ? $"no pull request opened for {p.HeadBranch}: pullRequests.maxOpen of the tool's pull requests are open on {target.FullName}"
                : $"pull request #{p.Number} {p.Outcome.ToString().ToLowerInvariant()}: {p.Url}")
            .Concat(result.Closed.Select(c => $"pull request #{c.Number} closed: nothing left to propose ({c.Url})"))
            .ToList();
        return lines.Count == 0 ? $"no pull request of the tool open on {target.FullName}" : string.Join("\n", lines);
    }
}
