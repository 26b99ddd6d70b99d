using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
using System.Text.RegularExpressions;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.GitHub;
using GitStreamSync.Testing.Registry;
using GitStreamSync.Testing.Rollback;
using GitStreamSync.Testing.Sync;

namespace GitStreamSync.Cli.Tests.GitHub;

/// <summary>
/// The pull-request loop end to end: example-repo on the loopback Git server, its images in a loopback registry
/// (reached as a mirror of every host it names), the GitHub fake as the API, and
/// <c>gitstreamsync sync</c> run in-process with fixed clocks. Every run and server call is bounded
/// by <see cref="Deadline"/>, so a stuck peer fails the test instead of hanging it.
/// </summary>
public sealed partial class SyncPullRequestEndToEndTests : IAsyncLifetime, IDisposable
{
    private const string Repository = "acme/example";
    private const string Token = "ghp_e2e_secret_token";
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);
    private static readonly string Example = Path.Combine(RepositoryRoot.Path, "example-repo");
    private static readonly DateTimeOffset FirstRun = new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SecondRun = new(2026, 1, 16, 9, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ThirdRun = new(2026, 1, 17, 9, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FourthRun = new(2026, 1, 18, 9, 30, 0, TimeSpan.Zero);

    private readonly CancellationTokenSource timeout = new(Deadline);
    private GitHttpServer git = null!;
    private RegistryServer registry = null!;
    private GitHubFake github = null!;
    private string url = "";

    /// <summary>Where the runs reach the registry: the registry itself unless a test puts a fault proxy in front.</summary>
    private Uri? registryAddress;

    private string Bare => git.RepositoryPath("example");

    public async Task InitializeAsync()
    {
        git = GitHttpServer.Start();
        registry = await RegistryServer.StartAsync(cancellationToken: timeout.Token);
        github = await GitHubFake.StartAsync().WaitAsync(timeout.Token);
        github.AddRepository("acme", "example");
        github.AddToken(new GitHubFakeToken(Token, "gitstreamsync-bot"));
        url = git.CreateRepositoryFromFolder("example", Example);
        await SeedAsync("v1");
    }

    public async Task DisposeAsync()
    {
        try
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await github.DisposeAsync().AsTask().WaitAsync(stop.Token);
            await registry.DisposeAsync().AsTask().WaitAsync(stop.Token);
        }
        finally
        {
            git.Dispose();
        }
    }

    public void Dispose() => timeout.Dispose();

    [Fact]
    public async Task Two_runs_with_an_upstream_retag_between_keep_one_pull_request_whose_branch_and_body_match_the_golden_files()
    {
        var first = await SyncAsync(FirstRun);

        Assert.True(first.ExitCode == ExitCodes.Success, first.Out + first.Error);
        Assert.Contains("pull request #1 created: ", first.Out, StringComparison.Ordinal);

        // Upstream rebuilds ubuntu:16.04; nobody merged, so the same pull request now proposes the new digest.
        await SeedAsync("v2", ["ubuntu:16.04"]);
        var second = await SyncAsync(SecondRun);

        Assert.True(second.ExitCode == ExitCodes.Success, second.Out + second.Error);
        Assert.Contains("pull request #1 updated: ", second.Out, StringComparison.Ordinal);
        var pr = Assert.Single(github.PullRequests(Repository));
        Assert.Equal(("open", "gitstreamsync/main", "main", 1), (pr.State, pr.Head, pr.Base, pr.Number));
        Assert.Equal(["dependencies", "images"], pr.Labels.Select(l => l.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["platform-team"], pr.RequestedReviewers);
        Assert.Equal(git.BranchTip("example", "main"), GitCli.RevParse(Bare, "gitstreamsync/main^"));
        GoldenFile.AssertTreeMatches("sync-pull-request/branch", Bare, "gitstreamsync/main");
        GoldenFile.AssertMatches("sync-pull-request/title.txt", pr.Title + "\n");
        GoldenFile.AssertMatches("sync-pull-request/body.md", Normalise(pr.Body!));
        AssertNoSecrets(first, second);

        // The branch lands on main: nothing is left to propose, but the Docker Hub mirror asks to come back
        // in an hour (its pull limit), so the run defers that tag (never going round the mirror to Docker
        // Hub), does not know the group's complete set of changes and leaves the pull request open.
        GitCli.Run(Bare, "update-ref", "refs/heads/main", "refs/heads/gitstreamsync/main");
        await using var proxy = RegistryFaultProxy.Start(registry.BaseUri);
        proxy.FailManifest("library/ubuntu", "16.04", 429, ("Retry-After", "3600"));
        registryAddress = proxy.BaseUri;
        var third = await SyncAsync(ThirdRun);

        // Once the mirror has said "429", the run stops asking it: tags whose answers were still on the way
        // are deferred as "not attempted this run" with it. How many depends on which answer came first;
        // the rate-limited tag is always named first and the pull request is kept either way.
        Assert.True(Regex.IsMatch(third.Out, @"pull request #1 kept: \d+ tags? deferred: ubuntu:16\.04 \(rate limited\)( \(|,|$)", RegexOptions.Multiline), third.Out + third.Error);
        var kept = Assert.Single(github.PullRequests(Repository));
        Assert.Equal(("open", pr.Body), (kept.State, kept.Body));
        Assert.Empty(kept.Comments);
    }

    [Fact]
    public async Task Grouping_by_stream_replaces_the_base_pull_request_with_one_per_stream_and_a_closing_comment_says_why_per_tag()
    {
        var first = await SyncAsync(FirstRun);
        Assert.Contains("pull request #1 created: ", first.Out, StringComparison.Ordinal);

        // The repository switches to one pull request per ImageStream: gitstreamsync/main stands where gitstreamsync/main/<stream> must go.
        using (var work = GitWorkTree.Clone(Bare))
        {
            // maxOpen: 3 would hold back the fourth stream's pull request (pullRequests.maxOpen is a hard limit).
            var settings = work.Read(".gitstreamsync.yaml")
                .Replace("groupBy: base", "groupBy: stream", StringComparison.Ordinal)
                .Replace("maxOpen: 3", "maxOpen: 20", StringComparison.Ordinal);
            work.Write(".gitstreamsync.yaml", settings);
            work.Commit("Propose image updates per ImageStream");
            work.Push();
        }

        var regrouped = await SyncAsync(SecondRun);

        Assert.True(regrouped.ExitCode == ExitCodes.Success, regrouped.Out + regrouped.Error);
        Assert.Contains("Deleted (in the way of the new branches):\n  gitstreamsync/main\n", regrouped.Out, StringComparison.Ordinal);
        Assert.Null(git.BranchTip("example", "gitstreamsync/main"));
        var basePr = github.PullRequests(Repository).Single(p => p.Number == 1);
        Assert.Equal("closed", basePr.State);
        Assert.Contains("`pullRequests.groupBy` changed", Assert.Single(basePr.Comments).Body, StringComparison.Ordinal);
        Assert.Contains("closed-by-tool", basePr.Body, StringComparison.Ordinal);

        var open = github.PullRequests(Repository).Where(p => p.State == "open").OrderBy(p => p.Head, StringComparer.Ordinal).ToList();
        var expectedStreams = ChangedStreams(regrouped.Out);
        Assert.True(open.Count >= 3, $"one pull request per changed stream, got {open.Count}");
        Assert.Equal(expectedStreams.Select(s => "gitstreamsync/main/" + s), open.Select(p => p.Head));
        foreach (var pr in open)
        {
            var stream = pr.Head["gitstreamsync/main/".Length..];
            Assert.Equal(git.BranchTip("example", "main"), GitCli.RevParse(Bare, pr.Head + "^"));
            var record = CommitMessageParser.Parse(GitCli.Run(Bare, "log", "-1", "--format=%B", pr.Head));
            Assert.True(record.IsFromTool);
            Assert.All(record.Digests, d => Assert.Equal(stream, d.Key.Stream));
            Assert.All(record.Statuses, s => Assert.Equal(stream, s.Key.Stream));
            Assert.Contains($"<!-- gitstreamsync:pull-request v1", pr.Body, StringComparison.Ordinal);
        }

        GoldenFile.AssertMatches("sync-pull-request/stream-myubuntu-body.md", Normalise(open.Single(p => p.Head == "gitstreamsync/main/myubuntu").Body!));
        GoldenFile.AssertMatches("sync-pull-request/stream-titles.txt", string.Concat(open.Select(p => $"{p.Head}: {p.Title}\n")));

        // myubuntu is merged; upstream rebuilds ubuntu:16.04 (its pull request proposes the new digest), then moves back.
        var myubuntu = open.Single(p => p.Head == "gitstreamsync/main/myubuntu");
        GitCli.Run(Bare, "update-ref", "refs/heads/main", "refs/heads/gitstreamsync/main/myubuntu");
        await SeedAsync("v2", ["ubuntu:16.04"]);
        var retagged = await SyncAsync(ThirdRun);
        Assert.Contains($"pull request #{myubuntu.Number} updated: ", retagged.Out, StringComparison.Ordinal);

        await SeedAsync("v1", ["ubuntu:16.04"]);
        var movedBack = await SyncAsync(FourthRun);

        Assert.Contains($"pull request #{myubuntu.Number} closed: nothing left to propose", movedBack.Out, StringComparison.Ordinal);
        var closed = github.PullRequests(Repository).Single(p => p.Number == myubuntu.Number);
        Assert.Equal("closed", closed.State);
        var comment = Assert.Single(closed.Comments).Body;
        Assert.True(Regex.IsMatch(comment, @"- `imagestreams/myubuntu\.yaml#myubuntu:16\.04`: upstream moved back to `sha256:[0-9a-f]{12}`, the digest the base already has\n"), comment);
        Assert.Equal(open.Count - 1, github.PullRequests(Repository).Count(p => p.State == "open"));
        AssertNoSecrets(first, regrouped, retagged, movedBack);
    }

    private async Task SeedAsync(string generation, IReadOnlyCollection<string>? only = null)
    {
        using var seeder = RegistrySeeder.For(registry);
        await ExampleImages.SeedAsync(seeder, Example, generation, only, timeout.Token);
    }

    private async Task<CliResult> SyncAsync(DateTimeOffset now)
    {
        var args = new List<string> { "sync", url };
        args.AddRange(ExampleImages.MirrorOnlyArguments(Example, registryAddress ?? registry.BaseUri));

        var environment = new Dictionary<string, string>
        {
            ["GITSTREAMSYNC_GIT_USERNAME"] = git.User,
            ["GITSTREAMSYNC_GIT_PASSWORD"] = git.Password,
            ["GITHUB_API_URL"] = github.BaseUrl.ToString(),
            ["GITHUB_REPOSITORY"] = Repository,
            ["GITHUB_TOKEN"] = Token,
        };
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var cli = new CliEnvironment(output, error, environment, new FixedClock(now), RepositoryRoot.Path);
        var exitCode = await CliApplication.RunAsync(args, cli, timeout.Token).WaitAsync(timeout.Token);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The streams whose tags the run's change table lists: one branch each.</summary>
    private static IReadOnlyList<string> ChangedStreams(string output) =>
        [.. ChangeRow().Matches(output).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal)];

    // Run ids end in random hex, and the loopback registry listens on a port picked per run: the only values of a
    // body that differ between two runs of this test.
    private string Normalise(string body) => RunId().Replace(body, "<run-id>").Replace(registry.HostPort, "127.0.0.1:<port>", StringComparison.Ordinal);

    private void AssertNoSecrets(params CliResult[] results)
    {
        foreach (var result in results)
        {
            Assert.DoesNotContain(Token, result.Out + result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain(git.Password, result.Out + result.Error, StringComparison.Ordinal);
        }

        Assert.All(github.PullRequests(Repository), pr => Assert.DoesNotContain(Token, pr.Body + pr.Title + string.Concat(pr.Comments.Select(c => c.Body)), StringComparison.Ordinal));
    }

    [GeneratedRegex(@"\d{8}T\d{6}Z-[0-9a-f]{6}")]
    private static partial Regex RunId();

    [GeneratedRegex(@"^(?:imagestreams|deploy)/\S+\s+([^:\s]+):\S+\s", RegexOptions.Multiline)]
    private static partial Regex ChangeRow();

    /// <summary>A fixed "now" per run (the timestamps are in the golden files) with real timers for the registry client's deadlines.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
