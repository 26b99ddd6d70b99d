using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Record;
using System.Text.Json;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.GitHub;
using GitStreamSync.Testing.Rollback;
using static GitStreamSync.Testing.Rollback.StreamFiles;

namespace GitStreamSync.Cli.Tests.Rollback;

/// <summary>
/// <c>gitstreamsync rollback</c> in-process over a file:// repository whose 16.04 history is D3
/// (current), D2, D1 and whose 18.04 history is D3, D1; pull requests go to the GitHub fake. No
/// registry: a rollback only reads history.
/// </summary>
public sealed class RollbackCommandTests : IAsyncLifetime, IDisposable
{
    private const string File = "streams/ubuntu.yaml";
    private const string RollbackBranch = "gitstreamsync/rollback/main/myubuntu-16.04";
    private static readonly Core.Images.Digest D1 = Core.Images.Digest.Parse(Digest(1));
    private static readonly Core.Images.Digest D2 = Core.Images.Digest.Parse(Digest(2));
    private static readonly Core.Images.Digest D3 = Core.Images.Digest.Parse(Digest(3));

    private readonly TemporaryDirectory folder = new("rollback-cli");
    private GitHubFake github = null!;
    private string bare = "";
    private string url = "";

    private Dictionary<string, string> GitHubEnvironment => new()
    {
        ["GITHUB_API_URL"] = github.BaseUrl.ToString(),
        ["GITHUB_REPOSITORY"] = "acme/images",
        ["GITHUB_TOKEN"] = "ghp_rollback",
    };

    public async Task InitializeAsync()
    {
        github = await GitHubFake.StartAsync();
        github.AddRepository("acme", "images");
        github.AddToken(new GitHubFakeToken("ghp_rollback", "images-bot"));
        bare = Path.Combine(folder.Path, "images.git");
        var stream = Yaml(
            "myubuntu",
            new StreamTag("16.04", "registry.example/ubuntu:16.04", [Digest(3), Digest(2), Digest(1)]),
            new StreamTag("18.04", "registry.example/ubuntu:18.04", [Digest(3), Digest(1)]));
        GitCli.InitBare(bare, "main", new Dictionary<string, string> { [File] = stream });
        url = new Uri(bare).AbsoluteUri;
    }

    public async Task DisposeAsync() => await github.DisposeAsync();

    public void Dispose() => folder.Dispose();

    [Fact(Timeout = 120_000)]
    public async Task A_bot_token_that_cannot_name_its_login_updates_its_rollback_pull_request_once_pull_request_author_names_it()
    {
        github.AddToken(new GitHubFakeToken("ghs_rollback_bot", "rollback-bot[bot]", Installation: true));
        var environment = GitHubEnvironment;
        environment["GITHUB_TOKEN"] = "ghs_rollback_bot";

        var opened = await CliRunner.RunAsync(["rollback", "myubuntu:16.04", url], environment);
        var unnamed = await CliRunner.RunAsync(["rollback", "myubuntu:16.04", url], environment);
        var named = await CliRunner.RunAsync(["rollback", "myubuntu:16.04", url, "--pull-request-author", "rollback-bot[bot]"], environment);

        Assert.Contains("pull request #1 created: ", opened.Out, StringComparison.Ordinal);
        // Updating needs to know the pull request is the tool's: the installation token cannot say who it is.
        Assert.Equal(3, unnamed.ExitCode);
        Assert.Contains("--pull-request-author", unnamed.Error, StringComparison.Ordinal);
        Assert.Equal(0, named.ExitCode);
        Assert.Contains("pull request #1 unchanged: ", named.Out, StringComparison.Ordinal);
        Assert.Equal("rollback-bot[bot]", Assert.Single(github.PullRequests("acme/images")).Author);
    }

    [Fact(Timeout = 120_000)]
    public async Task Rollback_opens_a_pull_request_that_says_so_and_merging_it_holds_the_digest_rolled_away_from()
    {
        var main = GitCli.RevParse(bare, "refs/heads/main");

        var first = await CliRunner.RunAsync(["rollback", "myubuntu:16.04", url], GitHubEnvironment);
        var second = await CliRunner.RunAsync(["rollback", "myubuntu:16.04", url], GitHubEnvironment);

        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.StartsWith($"Rolled back {File}#myubuntu:16.04 from {D3.Abbreviated} to {D2.Abbreviated} (items[1], ", first.Out, StringComparison.Ordinal);
        Assert.Contains("pull request #1 created: ", first.Out, StringComparison.Ordinal);
        Assert.Contains($"{RollbackBranch} already proposes this rollback", second.Out, StringComparison.Ordinal);
        Assert.Contains("pull request #1 unchanged: ", second.Out, StringComparison.Ordinal);
        Assert.Equal(main, GitCli.RevParse(bare, "refs/heads/main"));
        Assert.Equal(main, GitCli.RevParse(bare, RollbackBranch + "^"));
        var record = CommitMessageParser.Parse(GitCli.Run(bare, "log", "-1", "--format=%B", RollbackBranch));
        var key = new TagKey(File, "myubuntu", "16.04");
        Assert.Equal([new DigestTrailer(key, D3, D2)], record.Digests);
        Assert.Equal([new RejectedTrailer(key, D3)], record.Rejected);

        var pr = Assert.Single(github.PullRequests("acme/images"));
        Assert.Equal((RollbackBranch, "main", $"Roll back myubuntu:16.04 to {D2.Abbreviated}"), (pr.Head, pr.Base, pr.Title));
        Assert.Contains("GitStreamSync rolls back `myubuntu:16.04`", pr.Body, StringComparison.Ordinal);
        Assert.Contains($"`{D3.Abbreviated}` → `{D2.Abbreviated}`", pr.Body, StringComparison.Ordinal);
        Assert.Contains("until upstream publishes another digest", pr.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_rollback", first.Out + first.Error + pr.Body, StringComparison.Ordinal);

        // A reviewer merges it: the history now says D3 is held for 16.04, and only for 16.04.
        using var person = GitWorkTree.Clone(bare);
        person.Git("fetch", "-q", "origin");
        person.Git("merge", "-q", "--no-ff", "-m", "Merge pull request #1 from acme/" + RollbackBranch, "origin/" + RollbackBranch);
        person.Push();
        github.ClosePullRequest("acme/images", 1, merged: true);
        var history = await CliRunner.RunAsync(["get", "istag", "myubuntu:16.04", url], GitHubEnvironment);
        var other = await CliRunner.RunAsync(["get", "istag", "myubuntu:18.04", url], GitHubEnvironment);

        var lines = history.Out.Split('\n');
        Assert.Contains(D2.Abbreviated, lines[2], StringComparison.Ordinal);
        Assert.Contains(D3.Abbreviated, lines[3], StringComparison.Ordinal);
        Assert.StartsWith($"                      rejected: rolled back in {CommitId.Short(GitCli.RevParse(bare, "refs/heads/main^2")!)} (Roll back myubuntu:16.04", lines[4], StringComparison.Ordinal);
        Assert.DoesNotContain("rejected", other.Out, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_rollback_pull_request_closed_unmerged_rejects_nothing_and_sync_leaves_an_open_one_alone()
    {
        var opened = await CliRunner.RunAsync(["rollback", "myubuntu:16.04", url, "--to", D1.Hex[..10]], GitHubEnvironment);
        // A sync with nothing to propose closes the tool's stale pull requests; its settings read no
        // stream, so no registry is contacted.
        var settings = Path.Combine(folder.Path, "settings.yaml");
        await System.IO.File.WriteAllTextAsync(settings, "paths: [\"none/\"]\n");
        var sync = await CliRunner.RunAsync(["sync", url, "--config", settings], GitHubEnvironment);

        Assert.Equal((0, 0), (opened.ExitCode, sync.ExitCode));
        Assert.Contains("Nothing to change", sync.Out, StringComparison.Ordinal);
        Assert.Equal("open", Assert.Single(github.PullRequests("acme/images")).State);

        github.ClosePullRequest("acme/images", 1);
        var history = await CliRunner.RunAsync(["get", "istag", "myubuntu:16.04", url], GitHubEnvironment);

        Assert.Equal(0, history.ExitCode);
        Assert.DoesNotContain("rejected", history.Out, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task Push_to_base_commits_on_main_and_opens_no_pull_request()
    {
        var main = GitCli.RevParse(bare, "refs/heads/main");

        var result = await CliRunner.RunAsync(["rollback", "myubuntu:16.04", url, "--steps", "2", "--push-to-base", "-o", "json"], GitHubEnvironment);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("pushed", json.RootElement.GetProperty("outcome").GetString());
        Assert.Equal("main", json.RootElement.GetProperty("branch").GetString());
        Assert.Equal(D3.ToString(), json.RootElement.GetProperty("held").GetString());
        Assert.Equal(D1.ToString(), json.RootElement.GetProperty("to").GetProperty("image").GetString());
        Assert.Equal("2026-01-15T09:30:00Z", json.RootElement.GetProperty("written").GetProperty("created").GetString());
        Assert.Equal(D1.ToString(), json.RootElement.GetProperty("written").GetProperty("image").GetString());
        Assert.Contains("no pull request: --push-to-base", result.Error, StringComparison.Ordinal);
        Assert.Equal(main, GitCli.RevParse(bare, "refs/heads/main^"));
        Assert.Empty(github.Requests);
        var text = GitCli.Run(bare, "show", $"main:{File}");
        Assert.Contains($"  - items:\n    - created: \"2026-01-15T09:30:00Z\"\n      dockerImageReference: registry.example/ubuntu@{D1}\n      generation: 2\n      image: {D1}\n", text, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task Dry_run_prints_the_diff_and_writes_nothing()
    {
        var result = await CliRunner.RunAsync(["rollback", "myubuntu:16.04", url, "--dry-run"], GitHubEnvironment);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Dry run: would commit to " + RollbackBranch, result.Out, StringComparison.Ordinal);
        Assert.Contains($"+      image: {D2}\n", result.Out, StringComparison.Ordinal);
        Assert.Null(GitCli.RevParse(bare, "refs/heads/" + RollbackBranch));
        Assert.Empty(github.Requests);
    }

    [Theory(Timeout = 120_000)]
    [InlineData("other:16.04", "", "no ImageStream 'other' (the repository has: myubuntu)")]
    [InlineData("myubuntu:20.04", "", "streams/ubuntu.yaml#myubuntu has no tag '20.04'")]
    [InlineData("myubuntu:16.04", "--to=sha256:0000000000", "streams/ubuntu.yaml#myubuntu:16.04 has no item sha256:0000000000 in its history; its history, newest first:\n  items[0] ")]
    [InlineData("myubuntu:16.04", "--steps=3", "--steps 3 is out of range for streams/ubuntu.yaml#myubuntu:16.04")]
    [InlineData("myubuntu:16.04", "--to=current", "streams/ubuntu.yaml#myubuntu:16.04 is already at ")]
    [InlineData("myubuntu", "", "rollback: 'myubuntu' is not STREAM:TAG")]
    public async Task Refusals_exit_2_name_the_file_and_tag_and_write_nothing(string name, string option, string message)
    {
        List<string> args = ["rollback", name, url];
        if (option.Length > 0)
        {
            args.Add(option.Replace("current", D3.Hex[..7], StringComparison.Ordinal));
        }

        var result = await CliRunner.RunAsync(args, GitHubEnvironment);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
        Assert.Equal(["main"], GitCli.Run(bare, "for-each-ref", "--format=%(refname:short)", "refs/heads").Trim().Split('\n'));
        Assert.Empty(github.Requests);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_plain_folder_shows_the_change_with_dry_run_and_is_refused_without()
    {
        var plain = Path.Combine(folder.Path, "plain");
        Directory.CreateDirectory(Path.Combine(plain, "streams"));
        await System.IO.File.WriteAllTextAsync(Path.Combine(plain, File), GitCli.Run(bare, "show", $"main:{File}"));

        var dryRun = await CliRunner.RunAsync(["rollback", "myubuntu:16.04", plain, "--dry-run"]);
        var refused = await CliRunner.RunAsync(["rollback", "myubuntu:16.04", plain]);

        Assert.Equal((0, 2), (dryRun.ExitCode, refused.ExitCode));
        Assert.Contains($"+      image: {D2}\n", dryRun.Out, StringComparison.Ordinal);
        Assert.Contains("is not a Git repository; give --dry-run", refused.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task To_and_steps_together_are_a_usage_error()
    {
        var result = await CliRunner.RunAsync(["rollback", "myubuntu:16.04", url, "--to", D2.ToString(), "--steps", "1"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("give --to DIGEST or --steps N, not both", result.Error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Help_matches_the_golden_file()
    {
        var result = await CliRunner.RunAsync("rollback", "--help");

        Assert.Equal(0, result.ExitCode);
        GoldenFile.AssertMatches("rollback-help.txt", result.Out);
    }
}
