using System.Globalization;
using System.Text.Json.Nodes;
using GitStreamSync.Adapters.Git;
using GitStreamSync.Cli.Reporting;
using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Run;

namespace GitStreamSync.Cli.Commands;

/// <summary>How a run over many repositories reports and paces itself.</summary>
internal sealed record ManyRepositoriesOptions(PullRequestOptions PullRequests, string Format, int Parallel, FailOn FailOn, SshSigningKey? SigningKey = null);

/// <summary>
/// <c>sync URL URL...</c> or <c>sync --config FILE</c> with <c>repositories:</c>: each repository is
/// its own run (its clone, settings, branch, commit and pull requests), at most
/// <c>--parallel-repositories</c> at once, and all of them share one set of registry answers, so a
/// reference several repositories name is asked once per run (the index cache on disk is shared as
/// well; each repository's clone has its own folder under <c>GITSTREAMSYNC_GIT_CACHE</c>). Reports
/// come in the order the repositories were given, each under its own heading (console, JSON, job
/// summary); one repository's failure (a bad clone, a refused push, bad settings) is its own
/// report and stops no other. The exit code is the worst of them.
/// </summary>
internal static class ManyRepositories
{
    public static async Task<int> SyncAsync(
        CommandRun run,
        IReadOnlyList<RepositoryEntry> repositories,
        SyncRequest template,
        ManyRepositoriesOptions options,
        CancellationToken cancellationToken)
    {
        var shared = new SharedResolutions();
        var outcomes = new Outcome[repositories.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, repositories.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Parallel, CancellationToken = cancellationToken },
            async (index, token) => outcomes[index] = await SyncOneAsync(run, repositories[index], template, options, shared, token).ConfigureAwait(false)).ConfigureAwait(false);

        var json = options.Format == "json";
        var exitCode = ExitCodes.Success;
        var reports = new JsonArray();
        foreach (var outcome in outcomes)
        {
            if (outcome.Failure is { } failure)
            {
                exitCode = Worst(exitCode, FailureReport.ExitCodeFor(failure));
                var message = run.Environment.Secrets.Mask(FailureReport.Describe(failure));
                if (json)
                {
                    reports.Add((JsonNode)new JsonObject { ["location"] = outcome.Location, ["error"] = message });
                }
                else
                {
                    await WriteAsync(run.Out, $"{Header(outcome.Location)}failed: {message}\n\n", cancellationToken).ConfigureAwait(false);
                }

                if (run.Environment.IsGitHubActions)
                {
                    await WriteAsync(json ? run.Error : run.Out, $"::error title=GitStreamSync {outcome.Location}::{message}\n", cancellationToken).ConfigureAwait(false);
                }

                await SyncOutput.SummarizeAsync(run, SyncReportMarkdown.Failed(outcome.Location, message), cancellationToken).ConfigureAwait(false);
                continue;
            }

            var report = outcome.Report!;
            exitCode = Worst(exitCode, FailOnOption.ExitCodeFor(report, options.FailOn));
            if (json)
            {
                reports.Add(JsonNode.Parse(SyncReportJson.Render(report)));
            }
            else
            {
                await WriteAsync(run.Out, Header(outcome.Location), cancellationToken).ConfigureAwait(false);
                await WriteAsync(run.Out, SyncReportText.Render(report), cancellationToken).ConfigureAwait(false);
            }

            await SyncOutput.AnnotateAsync(run, report, options.Format, outcome.Location, cancellationToken).ConfigureAwait(false);
            if (outcome.PullRequests is { } summary)
            {
                await WriteAsync(json ? run.Error : run.Out, summary + "\n", cancellationToken).ConfigureAwait(false);
            }

            await FailOnOption.WarnAsync(run, report, options.FailOn).ConfigureAwait(false);
            if (!json)
            {
                await WriteAsync(run.Out, "\n", cancellationToken).ConfigureAwait(false);
            }
        }

        var failed = outcomes.Count(o => o.Failure is not null);
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"{repositories.Count} repositories, {failed} failed; {shared.Asked} references asked of registries, {shared.Shared} answered from another repository's ask");
        if (json)
        {
            var document = new JsonObject
            {
                ["repositories"] = reports,
                ["references"] = new JsonObject { ["askedOfRegistries"] = shared.Asked, ["sharedAcrossRepositories"] = shared.Shared },
            };
            await WriteAsync(run.Out, JsonTree.ToText(document, indented: true, ReportJson.Encoder) + "\n", cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await WriteAsync(run.Out, line + ".\n", cancellationToken).ConfigureAwait(false);
        }

        await SyncOutput.SummarizeAsync(run, SyncReportMarkdown.Totals(line + "."), cancellationToken).ConfigureAwait(false);
        return exitCode;
    }

    /// <summary>The run of one entry: the entry's base wins over <c>--base</c>, its branch and paths over the repository's settings.</summary>
    internal static SyncRequest RequestFor(CommandRun run, RepositoryEntry entry, SyncRequest template) => template with
    {
        Location = SyncCommand.ResolveLocation(run.Environment, entry.Url),
        BaseBranch = entry.BaseBranch ?? template.BaseBranch,
        Entry = entry,
    };

    private static async Task<Outcome> SyncOneAsync(CommandRun run, RepositoryEntry entry, SyncRequest template, ManyRepositoriesOptions options, SharedResolutions shared, CancellationToken cancellationToken)
    {
        try
        {
            var request = RequestFor(run, entry, template);
            var github = PullRequestComposition.Connect(run, request.Location, options.PullRequests.ApiUrl, oneOfMany: true);
            var report = await SyncComposition.RunAsync(run, request, PullRequestComposition.Port(github, options.PullRequests), cancellationToken, shared, options.SigningKey, oneOfMany: true).ConfigureAwait(false);
            var summary = PullRequestComposition.Summary(report, options.PullRequests);
            PullRequestComposition.ThrowOnFailure(report.PullRequests);
            return new Outcome(entry.Url, report, summary, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new Outcome(entry.Url, null, null, exception);
        }
    }

    private static Task WriteAsync(TextWriter writer, string text, CancellationToken cancellationToken) =>
        writer.WriteAsync(text.AsMemory(), cancellationToken);

    private static string Header(string location) => $"== {location}\n";

    /// <summary>Git and GitHub failures outrank usage errors, which outrank failed tags.</summary>
    private static int Worst(int current, int next) =>
        Rank(next) > Rank(current) ? next : current;

    private static int Rank(int code) => code switch
    {
        ExitCodes.Unexpected => 4,
        ExitCodes.GitFailure => 3,
        ExitCodes.Usage => 2,
        ExitCodes.TagsFailed => 1,
        _ => 0,
    };

    private sealed record Outcome(string Location, SyncReport? Report, string? PullRequests, Exception? Failure);
}
