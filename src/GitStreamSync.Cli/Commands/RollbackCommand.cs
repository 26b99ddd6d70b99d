using GitStreamSync.Core.Rollback;
using System.CommandLine;
using GitStreamSync.Adapters.Files;
using GitStreamSync.Adapters.Git;
using GitStreamSync.Cli.Reporting;

namespace GitStreamSync.Cli.Commands;

/// <summary>
/// <c>gitstreamsync rollback STREAM:TAG [--to DIGEST | --steps N] [PATH|URL]</c>: makes an
/// older history item current again, records the digest rolled away from as rejected, and publishes
/// like a sync: a rollback branch and pull request, or <c>--push-to-base</c>. Exit 0 done, 2 when
/// the request cannot be met (nothing is written), 3 on a Git or GitHub failure.
/// </summary>
internal static class RollbackCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("STREAM:TAG") { HelpName = "STREAM:TAG", Description = "The tag, as STREAM:TAG or FILE#STREAM:TAG when two files define the stream" };
        Completion.RepositoryCompletions.AddNames(name, context.Environment, _ => "istag");
        var location = new Argument<string>("PATH|URL")
        {
            Description = "Repository: an http(s) or file:// URL, a bare repository, or a working copy used in place (default: the current folder)",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => ".",
        };
        var to = new Option<string?>("--to") { Description = "The history item to return to: its digest, or a hex prefix of at least 7 characters", HelpName = "DIGEST" };
        var steps = new Option<int?>("--steps") { Description = "Go back N items in the tag's history (items[N]; default 1, the previous image)", HelpName = "N" };
        var baseBranch = new Option<string?>("--base") { Description = "Base branch (default: the remote's default branch, or a working copy's current branch)", HelpName = "BRANCH" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Do everything but commit and push; print the diff" };
        var pushToBase = new Option<bool>("--push-to-base") { Description = "Commit straight to the base branch (fast-forward only) instead of a rollback branch and pull request" };
        var noPullRequest = new Option<bool>("--no-pull-request") { Description = "Push the rollback branch but open or update no pull request" };
        var requirePullRequest = new Option<bool>("--require-pull-request") { Description = "Fail (exit 3) when no pull request can be opened, e.g. the remote is not on GitHub" };
        var pullRequestAuthor = new Option<string?>("--pull-request-author") { Description = "GitHub login that opens the tool's pull requests, for a token that cannot say (default: pullRequests.author, else asked of GitHub); only its pull requests count as the tool's", HelpName = "LOGIN" };
        var gitHubApiUrl = new Option<string?>("--github-api-url") { Description = "GitHub API URL for GitHub Enterprise (default: GITHUB_API_URL, else api.github.com for github.com remotes)", HelpName = "URL" };
        var author = new Option<string?>("--author") { Description = "Commit author (default: GitStreamSync <gitstreamsync@users.noreply.github.com>)", HelpName = "NAME <EMAIL>" };
        var committer = new Option<string?>("--committer") { Description = "Commit committer (default: the author)", HelpName = "NAME <EMAIL>" };
        var signingKey = SyncCommand.SigningKeyOption();
        var command = new Output.CommandWithExamples("rollback", "Make an older image of a tag current again and hold the one rolled away from; published like a sync.", CommandExamples.Rollback)
        {
            name, location, to, steps, baseBranch, dryRun, pushToBase, noPullRequest, requirePullRequest, gitHubApiUrl, pullRequestAuthor, author, committer, signingKey,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var run = context.Start(parse);
            var format = run.Settings.OutputOrDefault("table", "json");
            if (parse.GetValue(to) is not null && parse.GetValue(steps) is not null)
            {
                throw new UsageException("rollback: give --to DIGEST or --steps N, not both");
            }

            var target = RollbackTarget.TryParse(parse.GetValue(name), out var parsed, out var error)
                ? parsed with { To = parse.GetValue(to), Steps = parse.GetValue(steps) ?? 1 }
                : throw new UsageException("rollback: " + error);
            var authorIdentity = SyncCommand.ParseIdentity(parse.GetValue(author), "--author") ?? Core.Ports.GitIdentity.Default;
            var pullRequestAuthorLogin = PullRequestComposition.ReadAuthor(parse.GetValue(pullRequestAuthor));
            var request = new RollbackRequest
            {
                PullRequestAuthor = pullRequestAuthorLogin,
                Location = SyncCommand.ResolveLocation(run.Environment, parse.GetValue(location) ?? "."),
                Target = target,
                Now = SyncCommand.TruncateToSeconds(run.Time.GetUtcNow()),
                RunId = SyncCommand.NewRunId(run.Time),
                BaseBranch = parse.GetValue(baseBranch),
                DryRun = parse.GetValue(dryRun),
                PushToBase = parse.GetValue(pushToBase),
                Author = authorIdentity,
                Committer = SyncCommand.ParseIdentity(parse.GetValue(committer), "--committer") ?? authorIdentity,
                ConfigFile = SyncCommand.ReadConfigFile(run),
                FindTimeZone = RepositoryConfigFile.FindTimeZone,
            };
            using var key = SyncCommand.LoadSigningKey(run, parse.GetValue(signingKey));
            var options = new GitWorkspaceOptions
            {
                Credentials = GitCredentials.FromEnvironment(request.Location, run.Environment.GetVariable),
                CacheDirectory = run.Environment.GetVariable("GITSTREAMSYNC_GIT_CACHE"),
                SigningKey = key,
            };
            // A plain folder has no history to commit to: it can only show what a rollback would write.
            var folder = Adapters.Files.FolderWorkspace.IsPlainFolder(request.Location);
            if (folder && !request.DryRun)
            {
                throw new UsageException($"rollback: {request.Location} is not a Git repository; give --dry-run to see the change, or a repository to commit to");
            }

            Core.Ports.IRepositoryWorkspaceFactory workspaces = folder ? new Adapters.Files.FolderWorkspaceFactory() : new LibGit2SharpWorkspaceFactory(options, run.CreateLogger<LibGit2SharpWorkspaceFactory>());
            var pullRequestOptions = new PullRequestOptions(parse.GetValue(noPullRequest), parse.GetValue(requirePullRequest), parse.GetValue(gitHubApiUrl));
            var github = folder ? null : PullRequestComposition.Connect(run, request.Location, pullRequestOptions.ApiUrl);
            var report = await new RollbackRunner(workspaces, run.CreateLogger<RollbackRunner>(), PullRequestComposition.Port(github, pullRequestOptions))
                .RunAsync(request, cancellationToken).ConfigureAwait(false);
            if (report.Outcome == RollbackOutcome.Refused)
            {
                // Several lines (the tag's history) on purpose: not the one-line failure path.
                await run.Error.WriteAsync($"{CliApplication.ToolName}: rollback refused: {report.Refusal}\n".AsMemory(), cancellationToken).ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var text = format == "json" ? RollbackReportJson.Render(report) : RollbackReportText.Render(report);
            await run.Out.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            var summary = PullRequestComposition.Summary(report.PullRequests, report.Branch, pullRequestOptions);
            await PullRequestComposition.WriteAsync(run, summary, report.PullRequests, format, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
