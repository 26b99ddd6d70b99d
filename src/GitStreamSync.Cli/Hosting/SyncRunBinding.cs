using GitStreamSync.Core.Publish;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Run;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GitStreamSync.Adapters.Git;
using GitStreamSync.Adapters.Registry;
using GitStreamSync.Cli.Commands;

namespace GitStreamSync.Cli.Hosting;

/// <summary>
/// The worker's <see cref="ISyncRun"/> over the real <see cref="SyncRunner"/>. Unlike a one-shot
/// <c>sync</c>, the adapters live as long as the worker: the registry client keeps its
/// connections, tokens and index cache between runs, and the clone is kept in a cache folder and
/// updated by fetch. The connection to GitHub is made anew for each run (an App's installation
/// token lasts an hour), and with it the run's rollback detection. SyncRunner honours a stop only before it commits (then pushes to the end),
/// which is the contract <see cref="ISyncRun"/> asks for.
/// </summary>
internal sealed class SyncRunBinding : ISyncRun, IDisposable
{
    private readonly WorkerRegistryClient resolver;
    private readonly LibGit2SharpWorkspaceFactory workspaces;
    private readonly SyncRequest template;
    private readonly CommandRun run;
    private readonly PullRequestOptions pullRequests;

    private SyncRunBinding(WorkerRegistryClient resolver, LibGit2SharpWorkspaceFactory workspaces, SyncRequest template, CommandRun run, PullRequestOptions pullRequests)
    {
        this.resolver = resolver;
        this.workspaces = workspaces;
        this.template = template;
        this.run = run;
        this.pullRequests = pullRequests;
    }

    /// <param name="adaptersTime">The clock of registry timeouts and retries; the run's command clock unless given (tests keep it apart from the worker's fake clock).</param>
    public static SyncRunBinding Create(WorkerCommandSettings settings, CommandRun run, TimeProvider? adaptersTime = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(run);
        var location = SyncCommand.ResolveLocation(run.Environment, settings.Location ?? ".");
        var gitOptions = new GitWorkspaceOptions
        {
            Credentials = GitCredentials.FromEnvironment(location, run.Environment.GetVariable),
            CacheDirectory = CacheFolder(settings, run),
            SigningKey = settings.SigningKey,
        };
        var resolver = new WorkerRegistryClient(run, adaptersTime);
        var pullRequests = new PullRequestOptions(settings.NoPullRequest, Require: false, ApiUrl: null);
        var template = new SyncRequest
        {
            Location = location,
            Now = DateTimeOffset.UnixEpoch,
            RunId = "worker",
            BaseBranch = settings.BaseBranch,
            Branch = settings.Branch,
            PushToBase = settings.PushToBase,
            Platform = run.Settings.Platform,
            FindTimeZone = Adapters.Files.RepositoryConfigFile.FindTimeZone,
            Schedules = Core.Schedule.ScheduleDefaults.Utc with { Zone = settings.Schedule.Zone, ZoneIsExplicit = settings.TimeZoneIsExplicit },
            ConfigFile = settings.ConfigListsRepositories ? null : SyncCommand.ReadConfigFile(run),
            Entry = settings.Entry,
        };
        return new SyncRunBinding(resolver, new LibGit2SharpWorkspaceFactory(gitOptions, run.CreateLogger<LibGit2SharpWorkspaceFactory>()), template, run, pullRequests);
    }

    /// <summary>The worker's cache folder: the clone, and the worker's state next to it.</summary>
    public static string CacheFolder(WorkerCommandSettings settings, CommandRun run)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(run);
        return settings.CacheDirectory is { } cache
            ? run.Environment.ResolvePath(cache)
            : run.Environment.GetVariable("GITSTREAMSYNC_GIT_CACHE") ?? DefaultCache(SyncCommand.ResolveLocation(run.Environment, settings.Location ?? "."));
    }

    public async Task<SyncRunOutcome> RunAsync(SyncRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = Commands.SyncCommand.TruncateToSeconds(request.Now);
        var before = resolver.LastRun;
        var requestsBefore = resolver.Requests;
        var syncRequest = template with
        {
            Now = now,
            RunId = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-w" + request.Number.ToString(CultureInfo.InvariantCulture),
            Due = request.Due,
        };
        var github = PullRequestComposition.Connect(run, template.Location, pullRequests.ApiUrl, oneOfMany: template.Entry is not null);
        var shared = request.Shared;
        var runner = new SyncRunner(
            workspaces,
            config => shared is null ? resolver.For(config) : shared.Through(resolver.For(config)),
            run.CreateLogger<SyncRunner>(),
            RollbackComposition.Create(run),
            PullRequestComposition.Port(github, pullRequests));
        var report = await runner.RunAsync(syncRequest, cancellationToken).ConfigureAwait(false);

        // LastRun is replaced only when the run asked a registry; otherwise it is the previous run's.
        var registry = ReferenceEquals(before, resolver.LastRun) ? RegistryRunReport.Empty : resolver.LastRun;
        PullRequestComposition.ThrowOnFailure(report.PullRequests);

        // Every request of the run counts, the reads of image provenance and signatures after the resolutions too.
        var requestsAfter = resolver.Requests;
        var requests = requestsAfter.Counts
            .Select(kv => (kv.Key, Count: kv.Value - (ReferenceEquals(requestsBefore.Client, requestsAfter.Client) ? requestsBefore.Counts.GetValueOrDefault(kv.Key) : 0)))
            .Where(e => e.Count > 0)
            .ToDictionary(e => e.Key, e => e.Count);
        return Outcome(report, registry, requests) with { PullRequest = PullRequestComposition.Summary(report, pullRequests)?.ReplaceLineEndings("; ") };
    }

    public void Dispose() => resolver.Dispose();

    /// <param name="requests">The run's requests by host and status; the resolutions' alone (<paramref name="registry"/>) when not given.</param>
    internal static SyncRunOutcome Outcome(SyncReport report, RegistryRunReport registry, IReadOnlyDictionary<(string Host, int Status), int>? requests = null)
    {
        // A proposal already on the tool's branch is not news: its tags count as unchanged.
        var committed = report.Outcome is SyncOutcome.Pushed or SyncOutcome.CommittedLocally;
        var changedTags = committed ? report.Changes.Select(c => (c.StreamKey, c.Tag)).Distinct().Count() : 0;
        var failed = report.Failures.Count + report.Deferred.Count;
        var deferredStreams = report.Deferred.Select(d => d.StreamKey).ToHashSet(StringComparer.Ordinal);
        return new SyncRunOutcome
        {
            Result = report.HasFailures ? RunResult.TagsFailed : RunResult.Succeeded,
            StreamsDue = report.DueStreams.Count,
            TagsUpdated = changedTags,
            TagsFailed = failed,
            TagsUnchanged = Math.Max(0, report.TagsDue - changedTags - failed - report.Held.Count),
            Commits = report.Branches.Count(b => b.Outcome is SyncOutcome.Pushed or SyncOutcome.CommittedLocally),
            Message = report.HasFailures ? Summary(report) : null,
            CheckedStreams = [.. report.DueStreams.Where(s => !deferredStreams.Contains(s))],
            RegistryRequests = [.. (requests ?? registry.RequestsPerHostAndStatus)
                .OrderBy(r => r.Key.Host, StringComparer.Ordinal).ThenBy(r => r.Key.Status)
                .Select(r => new RegistryRequestCount(r.Key.Host, r.Key.Status, r.Value))],
            DockerHubRemainingPulls = registry.RateLimits.TryGetValue(DockerHub.EndpointHost, out var hub) ? hub.Remaining : null,
            FollowedImages = report.FollowedImages,
            Resolved = ResolvedTags(report),
        };
    }

    private static List<TagDigest> ResolvedTags(SyncReport report)
    {
        var tags = new List<TagDigest>();
        foreach (var (request, outcome) in report.Resolutions)
        {
            if (outcome is Core.Ports.Resolved resolved && request.Reference is { Tag: { } tag, Digest: null } reference)
            {
                var image = Core.Schedule.DueRule.ImageKey(reference.Registry, reference.Path);
                tags.Add(new TagDigest(image, tag, resolved.Digest.ToString()));
                if (resolved.IndexDigest is { } index)
                {
                    tags.Add(new TagDigest(image, tag, index.ToString()));
                }
            }
        }

        return tags;
    }

    private static string Summary(SyncReport report)
    {
        var first = report.Failures.Select(f => $"{f.StreamKey}:{f.Tag}: {f.Message}")
            .Concat(report.Deferred.Select(d => $"{d.StreamKey}:{d.Tag}: {d.Failure.Message}"))
            .Concat(report.Problems.Select(p => p.ToString()))
            .FirstOrDefault();
        return $"{report.Failures.Count} failed, {report.Deferred.Count} deferred, {report.Problems.Count} problems; first: {first}";
    }

    // One cache folder per repository, so two workers for different repositories never share one.
    internal static string DefaultCache(string location) =>
        Path.Combine(Path.GetTempPath(), "gitstreamsync-worker-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(location)))[..16]);
}
