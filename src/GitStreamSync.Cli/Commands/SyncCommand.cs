using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Publish;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Run;
using System.CommandLine;
using System.Globalization;
using GitStreamSync.Adapters.Git;
using GitStreamSync.Cli.Reporting;
using GitStreamSync.Adapters.Files;

namespace GitStreamSync.Cli.Commands;

/// <summary>
/// <c>gitstreamsync sync [PATH|URL]</c>: clone, resolve, write status, commit with trailers on the
/// tool's branch (or the base with <c>--push-to-base</c>), push and open, update, keep or close the
/// pull requests. Exit 0 done or nothing to change, 1 when some tags failed (the others are still
/// committed), 3 on a Git or GitHub failure.
/// </summary>
internal static class SyncCommand
{
    public static Command Create(CliContext context)
    {
        var location = new Argument<string[]>("PATH|URL")
        {
            Description = "Repository: an http(s) or file:// URL, a bare repository, or a working copy used in place (default: the current folder, or the repositories: of --config); several are synced in one run, sharing registry answers",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var parallelRepositories = new Option<int>("--parallel-repositories")
        {
            Description = "With several repositories: how many are synced at once",
            HelpName = "N",
            DefaultValueFactory = _ => 4,
        };
        var baseBranch = new Option<string?>("--base") { Description = "Base branch (default: the remote's default branch, or a working copy's current branch)", HelpName = "BRANCH" };
        var branch = new Option<string?>("--branch") { Description = "Push one branch NAME (default: gitstreamsync/<base>, or gitstreamsync/<base>/<stream> per ImageStream with pullRequests.groupBy: stream; this option keeps one branch and one pull request)", HelpName = "NAME" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Do everything but commit and push; print the diff" };
        var pushToBase = new Option<bool>("--push-to-base") { Description = "Commit straight to the base branch (fast-forward only, one commit whatever pullRequests.groupBy says) instead of the tool's branch" };
        var noPullRequest = new Option<bool>("--no-pull-request") { Description = "Push the branch but open or update no pull request" };
        var requirePullRequest = new Option<bool>("--require-pull-request") { Description = "Fail (exit 3) when no pull request can be opened, e.g. the remote is not on GitHub" };
        var pullRequestAuthor = new Option<string?>("--pull-request-author") { Description = "GitHub login that opens the tool's pull requests, for a token that cannot say (default: pullRequests.author, else asked of GitHub); only its pull requests count as the tool's", HelpName = "LOGIN" };
        var gitHubApiUrl = new Option<string?>("--github-api-url") { Description = "GitHub API URL for GitHub Enterprise (default: GITHUB_API_URL, else api.github.com for github.com remotes)", HelpName = "URL" };
        var author = new Option<string?>("--author") { Description = "Commit author (default: GitStreamSync <gitstreamsync@users.noreply.github.com>)", HelpName = "NAME <EMAIL>" };
        var committer = new Option<string?>("--committer") { Description = "Commit committer (default: the author)", HelpName = "NAME <EMAIL>" };
        var includeRejected = new Option<bool>("--include-rejected") { Description = "Propose digests that a revert, a hand edit, a closed pull request or rollback rejected" };
        var signingKey = new Option<string?>("--signing-key") { Description = "Sign the tool's commits with this unencrypted SSH private key (ECDSA P-256 or RSA; git verify-commit with gpg.format=ssh)", HelpName = "FILE" };
        var resolutions = ShardOptions.Resolutions();
        var maxResolutionAge = ShardOptions.MaxResolutionAge();
        var command = new Output.CommandWithExamples("sync", "Resolve every due tag, commit the new status on the tool's branch and push it.", CommandExamples.Sync)
        {
            location, baseBranch, branch, dryRun, pushToBase, noPullRequest, requirePullRequest, gitHubApiUrl, pullRequestAuthor, author, committer, includeRejected, signingKey,
            resolutions, maxResolutionAge, parallelRepositories,
        };
        var failOn = new FailOnOption();
        command.Options.Add(failOn.Option);
        var schedules = new ScheduleOptions();
        foreach (var option in schedules.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            using var run = context.Start(parse);
            var format = run.Settings.OutputOrDefault("table", "json");
            var failures = failOn.Read(parse);
            var authorIdentity = ParseIdentity(parse.GetValue(author), "--author") ?? GitIdentity.Default;
            var pullRequestAuthorLogin = PullRequestComposition.ReadAuthor(parse.GetValue(pullRequestAuthor));
            var (due, scheduleDefaults) = schedules.Read(parse, TruncateToSeconds(run.Time.GetUtcNow()));
            var known = ShardOptions.ReadKnown(run, parse.GetValue(resolutions), parse.GetValue(maxResolutionAge) ?? "1h", run.Time.GetUtcNow());
            if (known is not null && (parse.GetValue(schedules.Schedule) is not null || parse.GetValue(schedules.Since) is not null))
            {
                throw new UsageException("--resolutions decides the due streams (the shards'): give --schedule or --since to plan --shard instead");
            }

            var given = parse.GetResult(location) is { Tokens.Count: > 0 } ? parse.GetValue(location) ?? [] : [];
            var selection = RepositorySelection.Read(ReadConfigFile(run), given);
            var request = new SyncRequest
            {
                Location = selection.Many is null ? ResolveLocation(run.Environment, given.FirstOrDefault() ?? ".") : ".",
                Now = TruncateToSeconds(run.Time.GetUtcNow()),
                RunId = NewRunId(run.Time),
                BaseBranch = parse.GetValue(baseBranch),
                Branch = parse.GetValue(branch),
                DryRun = parse.GetValue(dryRun),
                PushToBase = parse.GetValue(pushToBase),
                Author = authorIdentity,
                Committer = ParseIdentity(parse.GetValue(committer), "--committer") ?? authorIdentity,
                Platform = run.Settings.Platform,
                IncludeRejected = parse.GetValue(includeRejected),
                PullRequestAuthor = pullRequestAuthorLogin,
                ConfigFile = selection.ConfigFile,
                FindTimeZone = RepositoryConfigFile.FindTimeZone,
                Due = known is null ? due : null,
                Schedules = scheduleDefaults,
                Known = known,
            };
            using var key = LoadSigningKey(run, parse.GetValue(signingKey));
            var pullRequestOptions = new PullRequestOptions(parse.GetValue(noPullRequest), parse.GetValue(requirePullRequest), parse.GetValue(gitHubApiUrl), pullRequestAuthorLogin);
            if (selection.Many is { } many)
            {
                if (known is not null)
                {
                    throw new UsageException("--resolutions belong to one repository: give one PATH|URL with them");
                }

                var parallel = parse.GetValue(parallelRepositories);
                if (parallel < 1)
                {
                    throw new UsageException($"--parallel-repositories {parallel}: give at least 1");
                }

                var options = new ManyRepositoriesOptions(pullRequestOptions, format, parallel, failures, key);
                return await ManyRepositories.SyncAsync(run, many, request, options, cancellationToken).ConfigureAwait(false);
            }

            var github = PullRequestComposition.Connect(run, request.Location, pullRequestOptions.ApiUrl);
            var report = await SyncComposition.RunAsync(run, request, PullRequestComposition.Port(github, pullRequestOptions), cancellationToken, signingKey: key).ConfigureAwait(false);
            await SyncOutput.WriteAsync(run, report, format, cancellationToken).ConfigureAwait(false);
            var summary = PullRequestComposition.Summary(report, pullRequestOptions);
            await PullRequestComposition.WriteAsync(run, summary, report.PullRequests, format, cancellationToken).ConfigureAwait(false);
            await FailOnOption.WarnAsync(run, report, failures).ConfigureAwait(false);
            return FailOnOption.ExitCodeFor(report, failures);
        });
        return command;
    }

    /// <summary>
    /// A local path relative to the working folder; URLs as given. A path that does not exist is a
    /// usage error naming the argument, found before any network call (Git would otherwise take it
    /// for a URL and fail with "unsupported URL protocol").
    /// </summary>
    internal static string ResolveLocation(CliEnvironment environment, string location)
    {
        if (location.Contains("://", StringComparison.Ordinal))
        {
            return location;
        }

        var path = environment.ResolvePath(location);
        return Directory.Exists(path) || File.Exists(path)
            ? path
            : throw new UsageException($"PATH|URL '{location}': no such folder; give a working copy, a bare repository, a folder of ImageStreams or an http(s):// or file:// URL");
    }

    internal static GitIdentity? ParseIdentity(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        var open = text.LastIndexOf('<');
        var close = text.LastIndexOf('>');
        if (open <= 0 || close != text.Length - 1 || close - open < 4 || text[open..close].Contains('@', StringComparison.Ordinal) is false)
        {
            throw new UsageException($"{option} '{text}' is not NAME <EMAIL>, e.g. \"Release Bot <bot@example.com>\"");
        }

        return new GitIdentity(text[..open].Trim(), text[(open + 1)..close].Trim());
    }

    /// <summary><c>--signing-key FILE</c>, read before any network call; a key that cannot sign is a usage error naming the file.</summary>
    internal static Adapters.Git.SshSigningKey? LoadSigningKey(CommandRun run, string? path)
    {
        try
        {
            return path is null ? null : Adapters.Git.SshSigningKey.Load(run.Environment.ResolvePath(path));
        }
        catch (Adapters.Git.SshSigningKeyException e)
        {
            throw new UsageException(e.Message.Replace(run.Environment.ResolvePath(path!), path, StringComparison.Ordinal), e);
        }
    }

    internal static SourceFile? ReadConfigFile(CommandRun run)
    {
        if (run.Settings.ConfigPath is not { } path)
        {
            return null;
        }

        var full = run.Environment.ResolvePath(path);
        return File.Exists(full)
            ? new SourceFile(Path.GetFileName(full), File.ReadAllText(full))
            : throw new UsageException($"no such settings file: {path}");
    }

    internal static DateTimeOffset TruncateToSeconds(DateTimeOffset now) => Core.Plan.PlanRun.TruncateToSeconds(now);

    // Sortable and unique enough to tell runs apart in `git log`: the start instant and 6 random hex digits.
    internal static string NewRunId(TimeProvider time) =>
        time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));
}
