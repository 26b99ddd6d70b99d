using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
using System.Text.Json;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.GitHub;
using GitStreamSync.Testing.Rollback;
using GitStreamSync.Testing.Sync;

namespace GitStreamSync.Cli.Tests.GitHub;

/// <summary>
/// <c>pullRequests.groupBy: stream</c> and the other pull-request settings inside <c>sync</c>, over a
/// file:// repository whose tags are <c>reference: true</c> (written without any registry): one file
/// holds two streams, another a third. Each case bounds its runs with a deadline.
/// </summary>
public sealed class SyncPullRequestGroupingTests : IAsyncLifetime, IDisposable
{
    private const string Token = "ghp_grouping";

    private static readonly string Shared =
        ReferenceStreams.Yaml("tools", "quay.io/acme/tools:1.0") + "\n---\n" + ReferenceStreams.Yaml("runtime", "quay.io/acme/runtime:2.0");

    private static readonly string Web = ReferenceStreams.Yaml("web", "quay.io/acme/web:3.0");

    private readonly TemporaryDirectory folder = new("sync-grouping");
    private readonly CancellationTokenSource timeout = new(TimeSpan.FromMinutes(3));
    private GitHubFake github = null!;
    private string bare = "";
    private string url = "";

    public async Task InitializeAsync()
    {
        github = await GitHubFake.StartAsync().WaitAsync(timeout.Token);
        var tools = github.AddRepository("acme", "tools");
        tools.Teams.UnionWith(["platform", "security"]);
        github.AddToken(new GitHubFakeToken(Token, "sync-bot"));
        bare = Path.Combine(folder.Path, "tools.git");
        GitCli.InitBare(bare, "main", new Dictionary<string, string>
        {
            ["streams/shared.yaml"] = Shared + "\n",
            ["streams/web.yaml"] = Web + "\n",
            [".gitstreamsync.yaml"] = Settings("stream"),
        });
        url = new Uri(bare).AbsoluteUri;
    }

    public async Task DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await github.DisposeAsync().AsTask().WaitAsync(stop.Token);
    }

    public void Dispose()
    {
        timeout.Dispose();
        folder.Dispose();
    }

    [Fact]
    public async Task Each_stream_gets_its_own_branch_commit_and_pull_request_and_a_shared_file_changes_only_that_streams_status()
    {
        var first = await SyncAsync(["-o", "json"]);

        Assert.Equal(0, first.ExitCode);
        using var report = JsonDocument.Parse(first.Out);
        var branches = report.RootElement.GetProperty("branches").EnumerateArray().ToList();
        Assert.Equal(
            ["gitstreamsync/main/runtime", "gitstreamsync/main/tools", "gitstreamsync/main/web"],
            branches.Select(b => b.GetProperty("branch").GetString()));
        Assert.All(branches, b => Assert.Equal("pushed", b.GetProperty("outcome").GetString()));
        Assert.Equal("gitstreamsync/main", report.RootElement.GetProperty("branch").GetString());

        var main = GitCli.RevParse(bare, "main");
        foreach (var stream in new[] { "runtime", "tools", "web" })
        {
            var branch = "gitstreamsync/main/" + stream;
            Assert.Equal(main, GitCli.RevParse(bare, branch + "^"));
            var record = CommitMessageParser.Parse(GitCli.Run(bare, "log", "-1", "--format=%B", branch));
            Assert.Equal([stream], record.Statuses.Select(s => s.Key.Stream).Distinct());
            Assert.Single(record.Statuses);
        }

        // The shared file on the tools branch: tools has a status, runtime is byte for byte as on main.
        var onTools = GitCli.Show(bare, "gitstreamsync/main/tools", "streams/shared.yaml");
        var documents = onTools.Split("\n---\n");
        Assert.Contains("status:", documents[0], StringComparison.Ordinal);
        Assert.Equal(Shared.Split("\n---\n")[1] + "\n", documents[1]);
        Assert.Equal(["streams/shared.yaml"], GitCli.Run(bare, "diff", "--name-only", "main", "gitstreamsync/main/tools").Trim().Split('\n'));

        var prs = github.PullRequests("acme/tools").OrderBy(p => p.Head, StringComparer.Ordinal).ToList();
        Assert.Equal(["gitstreamsync/main/runtime", "gitstreamsync/main/tools", "gitstreamsync/main/web"], prs.Select(p => p.Head));
        // GitHub takes team slugs: "acme/platform" of the repository's own organisation is sent as "platform".
        Assert.All(prs, p => Assert.Equal(["platform", "security"], p.RequestedTeams));
        Assert.All(prs, p => Assert.Equal(["alice"], p.RequestedReviewers));

        var summary = Path.Combine(folder.Path, "summary.md");
        var second = await SyncAsync([], summary);

        Assert.Equal(0, second.ExitCode);
        var markdown = File.ReadAllText(summary);
        Assert.Contains("| `gitstreamsync/main/tools` | already proposed | `", markdown, StringComparison.Ordinal);
        Assert.Contains("| `gitstreamsync/main/web` | already proposed | `", markdown, StringComparison.Ordinal);
        Assert.Contains($"pull request #{prs[1].Number} unchanged: ", markdown, StringComparison.Ordinal);
        Assert.StartsWith(
            "3 branches under gitstreamsync/main/ already propose these 3 tags; nothing pushed.",
            string.Join("\n", second.Out.Split('\n').SkipWhile(l => l.StartsWith("::add-mask::", StringComparison.Ordinal))),
            StringComparison.Ordinal);
        Assert.Equal(3, github.PullRequests("acme/tools").Count(p => p.State == "open"));
    }

    [Fact]
    public async Task Going_back_to_one_pull_request_closes_and_deletes_the_per_stream_branches_first()
    {
        await SyncAsync([]);
        Commit(".gitstreamsync.yaml", Settings("base"));

        var regrouped = await SyncAsync([]);

        Assert.Equal(0, regrouped.ExitCode);
        Assert.Contains("Deleted (in the way of the new branches):\n  gitstreamsync/main/runtime\n  gitstreamsync/main/tools\n  gitstreamsync/main/web\n", regrouped.Out, StringComparison.Ordinal);
        Assert.NotNull(GitCli.RevParse(bare, "refs/heads/gitstreamsync/main"));
        Assert.Null(GitCli.RevParse(bare, "refs/heads/gitstreamsync/main/tools"));
        var prs = github.PullRequests("acme/tools");
        Assert.Equal(["gitstreamsync/main"], prs.Where(p => p.State == "open").Select(p => p.Head));
        var closed = prs.Where(p => p.State == "closed").ToList();
        Assert.Equal(3, closed.Count);
        Assert.All(closed, p => Assert.Contains("are now proposed from `gitstreamsync/main`", Assert.Single(p.Comments).Body, StringComparison.Ordinal));
        Assert.All(closed, p => Assert.Contains("closed-by-tool", p.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_no_pull_request_a_blocking_branch_of_the_tool_stops_the_run_and_says_what_to_do()
    {
        Commit(".gitstreamsync.yaml", Settings("base"));
        await SyncAsync([]);
        Commit(".gitstreamsync.yaml", Settings("stream"));

        var refused = await SyncAsync(["--no-pull-request"]);

        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("the tool's branch gitstreamsync/main (from an earlier pullRequests.groupBy) is in the way", refused.Error, StringComparison.Ordinal);
        Assert.Contains("run sync once without --no-pull-request", refused.Error, StringComparison.Ordinal);
        Assert.NotNull(GitCli.RevParse(bare, "refs/heads/gitstreamsync/main"));
        Assert.Equal("open", Assert.Single(github.PullRequests("acme/tools")).State);
    }

    [Fact]
    public async Task A_branch_that_is_not_the_tools_and_blocks_its_branches_is_an_error_naming_it()
    {
        GitCli.Run(bare, "branch", "gitstreamsync", "main");

        var blocked = await SyncAsync([]);

        Assert.Equal(3, blocked.ExitCode);
        Assert.Contains("cannot push gitstreamsync/main/runtime: the branch gitstreamsync exists", blocked.Error, StringComparison.Ordinal);
        Assert.Contains("rename or delete gitstreamsync", blocked.Error, StringComparison.Ordinal);
        Assert.NotNull(GitCli.RevParse(bare, "refs/heads/gitstreamsync"));
        Assert.Empty(github.PullRequests("acme/tools"));
    }

    [Fact]
    public async Task Branch_option_keeps_one_branch_and_one_pull_request_whatever_groupBy_says()
    {
        var result = await SyncAsync(["--branch", "images/all"]);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Pushed ", result.Out, StringComparison.Ordinal);
        Assert.Contains(" to images/all: 3 tags in 2 files", result.Out, StringComparison.Ordinal);
        Assert.Null(GitCli.RevParse(bare, "refs/heads/gitstreamsync/main/tools"));
        var pr = Assert.Single(github.PullRequests("acme/tools"));
        Assert.Equal("images/all", pr.Head);
    }

    [Fact]
    public async Task Push_to_base_makes_one_commit_on_the_base_whatever_groupBy_says()
    {
        var before = GitCli.RevParse(bare, "main");

        var result = await SyncAsync(["--push-to-base"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(before, GitCli.RevParse(bare, "main^"));
        Assert.Equal(3, CommitMessageParser.Parse(GitCli.Run(bare, "log", "-1", "--format=%B", "main")).Statuses.Count);
        Assert.Equal("main", GitCli.Run(bare, "branch", "--format=%(refname:short)").Trim());
        Assert.Empty(github.PullRequests("acme/tools"));
    }

    [Fact]
    public async Task The_open_pull_request_limit_holds_for_per_stream_pull_requests_and_the_branch_is_still_pushed()
    {
        Commit(".gitstreamsync.yaml", Settings("stream") + "  maxOpen: 2\n");

        var result = await SyncAsync([]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["gitstreamsync/main/runtime", "gitstreamsync/main/tools"], github.PullRequests("acme/tools").Select(p => p.Head).Order(StringComparer.Ordinal));
        Assert.Contains("no pull request opened for gitstreamsync/main/web: pullRequests.maxOpen", result.Out, StringComparison.Ordinal);
        Assert.NotNull(GitCli.RevParse(bare, "refs/heads/gitstreamsync/main/web"));
    }

    private static string Settings(string groupBy, string? branch = null) => $"""
        {(branch is null ? "" : $"branch: {branch}\n")}pullRequests:
          groupBy: {groupBy}
          reviewers: [alice]
          teamReviewers: [acme/platform, security]

        """;

    private void Commit(string path, string text)
    {
        using var work = GitWorkTree.Clone(bare);
        work.Write(path, text);
        work.Commit("Change " + path);
        work.Push();
    }

    private async Task<CliResult> SyncAsync(IReadOnlyList<string> extra, string? stepSummary = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["GITHUB_API_URL"] = github.BaseUrl.ToString(),
            ["GITHUB_REPOSITORY"] = "acme/tools",
            ["GITHUB_TOKEN"] = Token,
        };
        if (stepSummary is not null)
        {
            environment["GITHUB_ACTIONS"] = "true";
            environment["GITHUB_STEP_SUMMARY"] = stepSummary;
        }

        return await CliRunner.RunAsync(new List<string> { "sync", url }.Concat(extra).ToList(), environment).WaitAsync(timeout.Token);
    }
}
