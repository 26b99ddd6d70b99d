using System.Globalization;
using System.Text.Json.Nodes;
using GitStreamSync.Cli.Reporting;
using GitStreamSync.Core.Run;

namespace GitStreamSync.Cli.Commands;

/// <summary>
/// <c>sync URL URL...</c>: each repository is its own run (its clone, settings, branch, commit and
/// pull requests), at most <c>--parallel-repositories</c> at once, and all of them share one set of
/// registry answers, so a reference several repositories name is asked once per run (the index cache
/// on disk is shared as well). Reports come in the order the repositories were given; one
/// repository's failure is its own line and stops no other. The exit code is the worst of them.
/// </summary>
internal static class ManyRepositories
{
    public static async Task<int> SyncAsync(
        CommandRun run,
        IReadOnlyList<string> locations,
        SyncRequest template,
        PullRequestOptions pullRequests,
        string format,
        int parallel,
        Adapters.Git.SshSigningKey? signingKey,
        CancellationToken cancellationToken)
    {
        var shared = new SharedResolutions();
        var outcomes = new Outcome[locations.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, locations.Count),
            new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken },
            async (index, token) => outcomes[index] = await SyncOneAsync(run, template with { Location = locations[index] }, pullRequests, shared, signingKey, token).ConfigureAwait(false)).ConfigureAwait(false);

        var exitCode = ExitCodes.Success;
        var repositories = new JsonArray();
        foreach (var outcome in outcomes)
        {
            if (outcome.Failure is { } failure)
            {
                exitCode = Worst(exitCode, FailureReport.ExitCodeFor(failure));
                var message = FailureReport.Describe(failure);
                if (format == "json")
                {
                    repositories.Add(new JsonObject { ["location"] = outcome.Location, ["error"] = message });
                }
                else
                {
                    await run.Out.WriteAsync($"{Header(outcome.Location)}failed: {message}\n\n".AsMemory(), cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            var report = outcome.Report!;
            exitCode = Worst(exitCode, report.HasFailures ? ExitCodes.TagsFailed : ExitCodes.Success);
            if (format == "json")
            {
                repositories.Add(JsonNode.Parse(SyncReportJson.Render(report)));
            }
            else
            {
                await run.Out.WriteAsync(Header(outcome.Location).AsMemory(), cancellationToken).ConfigureAwait(false);
                await SyncOutput.WriteAsync(run, report, format, cancellationToken).ConfigureAwait(false);
            }

            if (PullRequestComposition.Summary(report, pullRequests) is { } summary)
            {
                await (format == "json" ? run.Error : run.Out).WriteAsync((summary + "\n").AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            if (format != "json")
            {
                await run.Out.WriteAsync("\n".AsMemory(), cancellationToken).ConfigureAwait(false);
            }
        }

        var failed = outcomes.Count(o => o.Failure is not null);
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"{locations.Count} repositories, {failed} failed; {shared.Asked} references asked of registries, {shared.Shared} answered from another repository's ask");
        if (format == "json")
        {
            var document = new JsonObject
            {
                ["repositories"] = repositories,
                ["references"] = new JsonObject { ["askedOfRegistries"] = shared.Asked, ["sharedAcrossRepositories"] = shared.Shared },
            };
            await run.Out.WriteAsync((document.ToJsonString(ReportJson.Options) + "\n").AsMemory(), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await run.Out.WriteAsync((line + ".\n").AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        return exitCode;
    }

    private static async Task<Outcome> SyncOneAsync(CommandRun run, SyncRequest request, PullRequestOptions options, SharedResolutions shared, Adapters.Git.SshSigningKey? signingKey, CancellationToken cancellationToken)
    {
        try
        {
            var github = PullRequestComposition.Connect(run, request.Location, options.ApiUrl);
            var report = await SyncComposition.RunAsync(run, request, PullRequestComposition.Port(github, options), cancellationToken, shared, signingKey).ConfigureAwait(false);
            PullRequestComposition.ThrowOnFailure(report.PullRequests);
            return new Outcome(request.Location, report, null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new Outcome(request.Location, null, exception);
        }
    }

    private static string Header(string location) => $"== {location}\n";

    /// <summary>Git and GitHub failures outrank usage errors, which outrank failed tags.</summary>
    private static int Worst(int current, int next) =>
        Rank(next) > Rank(current) ? next : current;

    private static int Rank(int code) => code switch
    {
        ExitCodes.GitFailure => 3,
        ExitCodes.Usage => 2,
        ExitCodes.TagsFailed => 1,
        _ => 0,
    };

    private sealed record Outcome(string Location, SyncReport? Report, Exception? Failure);
}
