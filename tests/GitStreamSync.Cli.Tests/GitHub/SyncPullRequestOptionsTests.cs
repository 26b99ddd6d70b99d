using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.GitHub;
using GitStreamSync.Testing.Sync;

namespace GitStreamSync.Cli.Tests.GitHub;

/// <summary>
/// The pull-request step of <c>sync</c> over a file:// repository whose only tag is a
/// <c>reference: true</c> tag (written without contacting any registry), so each case needs only
/// Git and, where named, the GitHub fake.
/// </summary>
public sealed class SyncPullRequestOptionsTests : IAsyncLifetime, IDisposable
{
    private static readonly string Stream = ReferenceStreams.Yaml("tools", "quay.io/acme/tools:1.0");

    private readonly TemporaryDirectory folder = new("sync-pr");
    private GitHubFake github = null!;
    private string url = "";

    public async Task InitializeAsync()
    {
        github = await GitHubFake.StartAsync();
        github.AddRepository("acme", "tools");
        github.AddToken(new GitHubFakeToken("ghp_sync", "sync-bot"));
        var bare = Path.Combine(folder.Path, "tools.git");
        GitCli.InitBare(bare, "main", new Dictionary<string, string> { ["streams/tools.yaml"] = Stream + "\n" });
        url = new Uri(bare).AbsoluteUri;
    }

    public async Task DisposeAsync() => await github.DisposeAsync();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task A_plain_Git_remote_gets_the_branch_pushed_and_a_note_that_no_pull_request_was_opened()
    {
        var result = await CliRunner.RunAsync(["sync", url]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("no pull request opened for gitstreamsync/main: the remote is not on GitHub", result.Out, StringComparison.Ordinal);
        Assert.NotNull(GitCli.RevParse(Path.Combine(folder.Path, "tools.git"), "refs/heads/gitstreamsync/main"));
        Assert.Empty(github.Requests);
    }

    [Fact]
    public async Task A_run_that_pushes_nothing_says_nothing_about_GitHub()
    {
        var first = await CliRunner.RunAsync(["sync", url]);
        var second = await CliRunner.RunAsync(["sync", url, "--require-pull-request"]);

        Assert.Contains("the remote is not on GitHub", first.Out, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("already proposes", second.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("GitHub", second.Out + second.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("pull request", second.Out + second.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_json_report_gives_each_pull_requests_number_url_and_action()
    {
        var environment = new Dictionary<string, string>
        {
            ["GITHUB_API_URL"] = github.BaseUrl.ToString(),
            ["GITHUB_REPOSITORY"] = "acme/tools",
            ["GITHUB_TOKEN"] = "ghp_sync",
        };

        var result = await CliRunner.RunAsync(["sync", url, "-o", "json"], environment);

        Assert.Equal(0, result.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(result.Out);
        var pr = Assert.Single(json.RootElement.GetProperty("pullRequests").EnumerateArray().ToList());
        Assert.Equal(1, pr.GetProperty("number").GetInt32());
        Assert.Equal("created", pr.GetProperty("action").GetString());
        Assert.Equal("gitstreamsync/main", pr.GetProperty("branch").GetString());
        Assert.EndsWith("/acme/tools/pull/1", pr.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.RootElement.GetProperty("pullRequestsSkipped").ValueKind);
        Assert.Contains("pull request #1 created: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_working_copy_without_a_remote_commits_locally_and_says_nothing_was_pushed()
    {
        var copy = Path.Combine(folder.Path, "copy");
        GitCli.Run(folder.Path, "clone", "-q", url, copy);
        GitCli.Run(copy, "remote", "remove", "origin");

        var result = await CliRunner.RunAsync(["sync", copy, "--github-api-url", github.BaseUrl.ToString()]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("no pull request opened for gitstreamsync/main: nothing was pushed: the repository has no remote", result.Out, StringComparison.Ordinal);
        Assert.NotNull(GitCli.RevParse(Path.Combine(copy, ".git"), "refs/heads/gitstreamsync/main"));
        Assert.Empty(github.Requests);
    }

    [Fact]
    public async Task Require_pull_request_fails_with_exit_3_on_a_plain_Git_remote_and_keeps_the_pushed_branch()
    {
        var result = await CliRunner.RunAsync(["sync", url, "--require-pull-request"]);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("--require-pull-request", result.Error, StringComparison.Ordinal);
        Assert.NotNull(GitCli.RevParse(Path.Combine(folder.Path, "tools.git"), "refs/heads/gitstreamsync/main"));
    }

    [Fact]
    public async Task An_api_url_without_credentials_fails_with_exit_3_saying_which_variables_to_set()
    {
        var result = await CliRunner.RunAsync(["sync", url, "--github-api-url", github.BaseUrl.ToString()], new Dictionary<string, string> { ["GITHUB_REPOSITORY"] = "acme/tools" });

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("GITHUB_TOKEN or GH_TOKEN", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pull_request_is_opened_once_then_left_unchanged_and_skipped_with_no_pull_request()
    {
        var environment = new Dictionary<string, string>
        {
            ["GITHUB_API_URL"] = github.BaseUrl.ToString(),
            ["GITHUB_REPOSITORY"] = "acme/tools",
            ["GITHUB_TOKEN"] = "ghp_sync",
        };

        var first = await CliRunner.RunAsync(["sync", url], environment);
        var second = await CliRunner.RunAsync(["sync", url], environment);
        var skipped = await CliRunner.RunAsync(["sync", url, "--no-pull-request"], environment);

        Assert.Equal((0, 0, 0), (first.ExitCode, second.ExitCode, skipped.ExitCode));
        Assert.Contains("pull request #1 created: ", first.Out, StringComparison.Ordinal);
        Assert.Contains("pull request #1 unchanged: ", second.Out, StringComparison.Ordinal);
        Assert.Contains("no pull request: --no-pull-request", skipped.Out, StringComparison.Ordinal);
        var pr = Assert.Single(github.PullRequests("acme/tools"));
        Assert.Equal(("gitstreamsync/main", "main", "sync-bot"), (pr.Head, pr.Base, pr.Author));
        Assert.DoesNotContain("ghp_sync", first.Out + first.Error + second.Out + second.Error, StringComparison.Ordinal);
    }
}
