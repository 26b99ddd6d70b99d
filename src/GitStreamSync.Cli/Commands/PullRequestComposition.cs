using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Run;
using GitStreamSync.Adapters.GitHub;

namespace GitStreamSync.Cli.Commands;

/// <summary><c>sync</c>'s pull-request options: <c>--no-pull-request</c>, <c>--require-pull-request</c>, <c>--github-api-url</c>.</summary>
internal sealed record PullRequestOptions(bool NoPullRequest, bool Require, string? ApiUrl, string? Author = null);

/// <summary>
/// The Cli's part of the propose stage: compose the GitHub adapter into the run's
/// <see cref="PullRequestPort"/>, and print what the stage did, one line per pull request (on
/// stdout after the table, on stderr for JSON output, and in the Actions job summary). A GitHub
/// failure ends the run with exit 3 after the report is printed; the pushed branches stay.
/// </summary>
internal static class PullRequestComposition
{
    private const string NotOnGitHub = "the remote is not on GitHub (give --github-api-url or GITHUB_API_URL for GitHub Enterprise)";

    /// <summary>The run's connection to GitHub, or null when the remote is not on GitHub and no API URL is given.</summary>
    /// <param name="oneOfMany">
    /// The run is one of several repositories: <c>GITHUB_REPOSITORY</c> (under Actions, the workflow's
    /// own repository) names none of them, so each repository is named by its URL.
    /// </param>
    public static GitHubConnection? Connect(CommandRun run, string location, string? apiUrl, bool oneOfMany = false)
    {
        ArgumentNullException.ThrowIfNull(run);
        Func<string, string?> variables = oneOfMany
            ? name => name == "GITHUB_REPOSITORY" ? null : run.Environment.GetVariable(name)
            : run.Environment.GetVariable;
        return GitHubConnection.For(location, apiUrl, variables, run.Time, run.LoggerFactory);
    }

    public static PullRequestPort Port(GitHubConnection? github, PullRequestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new PullRequestPort
        {
            Publisher = github,
            Repository = github?.Target.FullName,
            Unavailable = github is null ? NotOnGitHub : null,
            NoPullRequest = options.NoPullRequest,
        };
    }

    /// <summary><c>--pull-request-author</c> checked by GitHub's login rules before any network call.</summary>
    public static string? ReadAuthor(string? login) =>
        login is null || Core.Configuration.PullRequestOwnership.IsLogin(login)
            ? login
            : throw new UsageException($"--pull-request-author '{login}' is not a GitHub login: letters, digits and single hyphens, at most 39 characters; an App's bot is NAME[bot], e.g. github-actions[bot]");

    /// <summary>
    /// What the propose stage did, one line per pull request; null when there is nothing to say (the
    /// run pushed nothing and talks to no hosting service). With <c>--require-pull-request</c>, a run
    /// that wanted a pull request and could open none fails (exit 3).
    /// </summary>
    public static string? Summary(SyncReport report, PullRequestOptions options)
    {
        ArgumentNullException.ThrowIfNull(report);
        var branches = report.Branches.Count == 0 ? report.Branch : string.Join(", ", report.Branches.Select(b => b.Branch));
        return Summary(report.PullRequests, branches, options);
    }

    /// <param name="branches">The branches the run wrote, named when no pull request could be opened for them.</param>
    public static string? Summary(ProposalReport proposal, string branches, PullRequestOptions options)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(options);
        if (proposal.Skipped is { } skipped)
        {
            return "no pull request: " + skipped;
        }

        if (proposal.NotOpened is { } why)
        {
            return NotOpened(options, branches, why);
        }

        if (proposal.Repository is not { } repository || proposal.Failure is not null)
        {
            return null;
        }

        var lines = proposal.PullRequests.Select(p => p.Action switch
        {
            PullRequestAction.LimitReached => $"no pull request opened for {p.HeadBranch}: pullRequests.maxOpen of the tool's pull requests are open on {repository}",
            PullRequestAction.Closed or PullRequestAction.Kept => $"pull request #{p.Number} {Word(p.Action)}: {p.Why} ({p.Url})",
            _ => $"pull request #{p.Number} {Word(p.Action)}: {p.Url}",
        }).ToList();
        return lines.Count == 0 ? $"no pull request of the tool open on {repository}" : string.Join("\n", lines);
    }

    /// <summary>Prints <paramref name="summary"/>; then a GitHub failure of the propose stage ends the run with exit 3.</summary>
    public static async Task WriteAsync(CommandRun run, string? summary, ProposalReport? proposal, string format, CancellationToken cancellationToken)
    {
        if (summary is not null)
        {
            var writer = format == "json" ? run.Error : run.Out;
            await writer.WriteAsync((summary + "\n").AsMemory(), cancellationToken).ConfigureAwait(false);
            if (run.Environment.IsGitHubActions && run.Environment.GetVariable("GITHUB_STEP_SUMMARY") is { } file)
            {
                var lines = summary.Split('\n').Select(line => "- " + line);
                await File.AppendAllTextAsync(file, run.Environment.Secrets.Mask("\n**Pull request**\n\n" + string.Join("\n", lines) + "\n"), cancellationToken).ConfigureAwait(false);
            }
        }

        ThrowOnFailure(proposal);
    }

    /// <summary>A GitHub failure of the propose stage is the run's failure: exit 3.</summary>
    public static void ThrowOnFailure(ProposalReport? proposal)
    {
        if (proposal?.Failure is { } failure)
        {
            throw new CommandFailedException(ExitCodes.GitFailure, "GitHub: " + failure);
        }
    }

    private static string NotOpened(PullRequestOptions options, string branches, string why) =>
        options.Require
            ? throw new CommandFailedException(ExitCodes.GitFailure, $"--require-pull-request: no pull request can be opened for {branches}: {why}")
            : $"no pull request opened for {branches}: {why}";

    private static string Word(PullRequestAction action) => action.ToString().ToLowerInvariant();
}
