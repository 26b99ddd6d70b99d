using System.Text.RegularExpressions;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.GitHub;
using GitStreamSync.Testing.Registry;
using GitStreamSync.Testing.Sync;

namespace GitStreamSync.Cli.Tests.GitHub;

/// <summary>
/// Copied markers end to end: example-repo on the loopback Git server, its images in a loopback
/// registry, the GitHub fake as the API. Pull requests that carry the tool's marker but were opened by
/// a person, or from a fork, reject nothing, take no <c>maxOpen</c> slot, are left as they are, and
/// are reported once per run; the tool's own pull request closed by a person still rejects.
/// </summary>
public sealed partial class SyncForgedMarkerEndToEndTests : IAsyncLifetime, IDisposable
{
    private const string Repository = "acme/example";
    private const string Scratch = "acme/scratch";
    private const string Token = "ghp_forged_marker_token";
    private const string InstallationToken = "ghs_forged_marker_bot";
    private static readonly string Example = Path.Combine(RepositoryRoot.Path, "example-repo");
    private static readonly DateTimeOffset FirstRun = new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SecondRun = new(2026, 1, 16, 9, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ThirdRun = new(2026, 1, 17, 9, 30, 0, TimeSpan.Zero);

    private readonly CancellationTokenSource timeout = new(TimeSpan.FromMinutes(4));
    private GitHttpServer git = null!;
    private RegistryServer registry = null!;
    private GitHubFake github = null!;
    private string url = "";

    public async Task InitializeAsync()
    {
        git = GitHttpServer.Start();
        registry = await RegistryServer.StartAsync(cancellationToken: timeout.Token);
        github = await GitHubFake.StartAsync().WaitAsync(timeout.Token);
        github.AddRepository("acme", "example");
        github.AddRepository("acme", "scratch");
        github.AddToken(new GitHubFakeToken(Token, "gitstreamsync-bot"));
        github.AddToken(new GitHubFakeToken(InstallationToken, "images-bot[bot]", Installation: true));
        url = git.CreateRepositoryFromFolder("example", Example);
        using var seeder = RegistrySeeder.For(registry);
        await ExampleImages.SeedAsync(seeder, Example, "v1", null, timeout.Token);
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
    public async Task Copied_markers_in_a_persons_and_a_forks_pull_requests_reject_nothing_take_no_slot_and_are_reported_once()
    {
        // The body the tool writes for these changes, marker and all, as anyone can copy it from a pull request.
        var copied = await ToolBodyAsync();
        var alicesClosed = github.OpenPullRequest(Repository, "gitstreamsync/main/forged", "main", "Update image digests", copied, "alice");
        github.ClosePullRequest(Repository, alicesClosed);
        var forksClosed = github.OpenPullRequest(Repository, "gitstreamsync/main", "main", "Update image digests", copied, "mallory", headRepository: "mallory/example");
        github.ClosePullRequest(Repository, forksClosed);
        // example-repo's pullRequests.maxOpen is 3: three open copies would use it up if they counted.
        int[] alicesOpen = [.. new[] { "a", "b", "c" }.Select(s => github.OpenPullRequest(Repository, $"gitstreamsync/main/{s}", "main", "Update image digests", copied, "alice"))];

        var run = await SyncAsync(SecondRun, Repository, Token);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Out + run.Error);
        var tools = github.PullRequests(Repository).Where(p => p.Author == "gitstreamsync-bot" && p.HeadRepository is null).ToList();
        var opened = Assert.Single(tools);
        Assert.Contains($"pull request #{opened.Number} created: ", run.Out, StringComparison.Ordinal);
        // Nothing held: every digest the copies named is proposed again.
        Assert.DoesNotContain("Held on a rejected digest", opened.Body, StringComparison.Ordinal);
        Assert.Equal(Rows(copied), Rows(opened.Body!));
        foreach (var number in alicesOpen)
        {
            var pr = github.PullRequests(Repository).Single(p => p.Number == number);
            Assert.Equal(("open", copied), (pr.State, pr.Body));
            Assert.Empty(pr.Comments);
        }

        // Rollback detection and the pull-request step both read the list: each copy is still reported once.
        Assert.Equal(1, Count(run.Error, $"pull request #{alicesClosed} carries GitStreamSync's marker but was opened by alice, not by the tool's identity gitstreamsync-bot: ignored"));
        Assert.Equal(1, Count(run.Error, $"pull request #{forksClosed} carries GitStreamSync's marker but comes from the fork mallory/example, not from acme/example: ignored"));
        Assert.All(alicesOpen, n => Assert.Equal(1, Count(run.Error, $"pull request #{n} carries GitStreamSync's marker")));
        Assert.Single(github.Requests, r => r.Path == "/user");

        // A reviewer closes the tool's own pull request without merging: that still rejects its digests.
        github.ClosePullRequest(Repository, opened.Number);
        var third = await SyncAsync(ThirdRun, Repository, Token);

        var held = Assert.Single(github.PullRequests(Repository), p => p.Author == "gitstreamsync-bot" && p.State == "open").Body!;
        Assert.StartsWith("GitStreamSync proposes 0 new image digests", held, StringComparison.Ordinal);
        Assert.Contains("### Held on a rejected digest", held, StringComparison.Ordinal);
        Assert.Contains($"closed pull request #{opened.Number}", held, StringComparison.Ordinal);
        Assert.DoesNotContain($"closed pull request #{alicesClosed}`", held, StringComparison.Ordinal);
        Assert.DoesNotContain($"closed pull request #{forksClosed}`", held, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, run.Out + run.Error + third.Out + third.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bot_token_that_cannot_name_its_login_fails_with_advice_and_pull_request_author_names_it()
    {
        var copied = await ToolBodyAsync();
        var alices = github.OpenPullRequest(Repository, "gitstreamsync/main/forged", "main", "Update image digests", copied, "alice");
        github.ClosePullRequest(Repository, alices);

        var unnamed = await SyncAsync(SecondRun, Repository, InstallationToken);

        Assert.Equal(ExitCodes.GitFailure, unnamed.ExitCode);
        Assert.Contains("cannot tell which login the token acts as", unnamed.Error, StringComparison.Ordinal);
        Assert.Contains("--pull-request-author", unnamed.Error, StringComparison.Ordinal);
        Assert.Single(github.PullRequests(Repository));

        var named = await SyncAsync(ThirdRun, Repository, InstallationToken, "--pull-request-author", "images-bot[bot]");

        Assert.True(named.ExitCode == ExitCodes.Success, named.Out + named.Error);
        var opened = Assert.Single(github.PullRequests(Repository), p => p.Author == "images-bot[bot]");
        Assert.Contains($"pull request #{opened.Number} created: ", named.Out, StringComparison.Ordinal);
        Assert.Equal(1, Count(named.Error, $"pull request #{alices} carries GitStreamSync's marker but was opened by alice, not by the tool's identity images-bot[bot]: ignored"));
        // The named login is not looked up: the only GET /user is the first run's, answered 403.
        Assert.Equal(403, Assert.Single(github.Requests, r => r.Path == "/user").Status);
    }

    [Fact]
    public async Task A_pull_request_author_that_is_not_a_GitHub_login_is_a_usage_error_before_any_network_call()
    {
        var result = await SyncAsync(FirstRun, Repository, Token, "--pull-request-author", "not a login");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--pull-request-author 'not a login' is not a GitHub login", result.Error, StringComparison.Ordinal);
        Assert.Empty(github.Requests);
    }

    /// <summary>The tool's body for the example's first run, from a pull request it opens on another repository.</summary>
    private async Task<string> ToolBodyAsync()
    {
        var first = await SyncAsync(FirstRun, Scratch, Token);
        Assert.Contains("pull request #1 created: ", first.Out, StringComparison.Ordinal);
        return Assert.Single(github.PullRequests(Scratch)).Body!;
    }

    private async Task<CliResult> SyncAsync(DateTimeOffset now, string repository, string token, params string[] extra)
    {
        var args = new List<string> { "sync", url };
        args.AddRange(ExampleImages.MirrorOnlyArguments(Example, registry.BaseUri));

        args.AddRange(extra);
        var environment = new Dictionary<string, string>
        {
            ["GITSTREAMSYNC_GIT_USERNAME"] = git.User,
            ["GITSTREAMSYNC_GIT_PASSWORD"] = git.Password,
            ["GITHUB_API_URL"] = github.BaseUrl.ToString(),
            ["GITHUB_REPOSITORY"] = repository,
            ["GITHUB_TOKEN"] = token,
        };
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var cli = new CliEnvironment(output, error, environment, new FixedClock(now), RepositoryRoot.Path);
        var exitCode = await CliApplication.RunAsync(args, cli, timeout.Token).WaitAsync(timeout.Token);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    private static int Count(string text, string line) => Regex.Count(text, Regex.Escape(line));

    /// <summary>The change rows of a body (tag, source, digests), without first-seen times and run ids.</summary>
    private static string[] Rows(string body) =>
        [.. ChangeRow().Matches(body).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"^(\| `[^`]+` \| `[^`]+` \| [^|]+ →[^|]+)\|", RegexOptions.Multiline)]
    private static partial Regex ChangeRow();

    /// <summary>A fixed "now" per run with real timers for the registry client's deadlines.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
