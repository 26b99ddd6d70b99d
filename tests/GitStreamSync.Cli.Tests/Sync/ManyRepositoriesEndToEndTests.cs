using System.Text.Json;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.GitHub;

namespace GitStreamSync.Cli.Tests.Sync;

/// <summary>
/// <c>sync URL URL...</c> and <c>sync --config FILE</c> with <c>repositories:</c>, against the
/// loopback Git server and a real registry whose access log is counted: references that several
/// repositories name are asked once per run, each repository gets its own commit and report, and
/// one repository's failure (a bad clone, a refused push, bad settings) stops no other.
/// </summary>
public sealed class ManyRepositoriesEndToEndTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string Example = ExampleServers.Example;
    private ExampleServers servers = null!;

    private GitHttpServer Git => servers.Git;

    public async Task InitializeAsync() => servers = await ExampleServers.StartAsync("many");

    public async Task DisposeAsync() => await servers.DisposeAsync();

    [Fact]
    public async Task Three_repositories_naming_the_same_images_ask_the_registry_what_one_asks()
    {
        var alone = Git.CreateRepositoryFromFolder("alone", Example);
        string[] many = [Git.CreateRepositoryFromFolder("team-a", Example), Git.CreateRepositoryFromFolder("team-b", Example), Git.CreateRepositoryFromFolder("team-c", Example)];

        var before = servers.TagRequests();
        var single = await servers.RunAsync(["sync", alone, "--no-pull-request"], "cache-alone");
        var one = servers.TagRequests() - before;
        var result = await servers.RunAsync(["sync", .. many, "--no-pull-request", "--parallel-repositories", "2"], "cache-many", extra: new Dictionary<string, string> { ["GITSTREAMSYNC_GIT_CACHE"] = Path.Combine(servers.Work.Path, "clones") });
        var three = servers.TagRequests() - before - one;

        output.WriteLine($"tag requests in the registry's access log: one repository {one}, three repositories sharing its images {three}");
        Assert.True(one > 0);
        Assert.Equal(one, three);
        Assert.Equal(single.ExitCode, result.ExitCode);
        foreach (var name in new[] { "team-a", "team-b", "team-c" })
        {
            Assert.Contains($"== {Git.Url(name)}\nPushed ", result.Out, StringComparison.Ordinal);
            Assert.Equal(servers.Tree("alone"), servers.Tree(name));
        }

        Assert.Contains("3 repositories, 0 failed; ", result.Out, StringComparison.Ordinal);
        Assert.True(
            result.Out.IndexOf(Git.Url("team-a"), StringComparison.Ordinal) < result.Out.IndexOf(Git.Url("team-b"), StringComparison.Ordinal)
            && result.Out.IndexOf(Git.Url("team-b"), StringComparison.Ordinal) < result.Out.IndexOf(Git.Url("team-c"), StringComparison.Ordinal),
            "reports come in the order the repositories were given");

        // Each repository keeps its own clone under the Git cache: none threw another's away.
        Assert.Equal(3, Directory.GetDirectories(Path.Combine(servers.Work.Path, "clones")).Length);
    }

    [Fact]
    public async Task A_repository_that_fails_is_reported_and_the_others_are_synced()
    {
        var good = Git.CreateRepositoryFromFolder("good", Example);
        var missing = Git.Url("missing");

        var result = await servers.RunAsync(["sync", missing, good, "--no-pull-request", "-o", "json"], "cache-json");

        Assert.Equal(ExitCodes.GitFailure, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var repositories = json.RootElement.GetProperty("repositories");
        Assert.Equal(missing, repositories[0].GetProperty("location").GetString());
        Assert.StartsWith("git: ", repositories[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("pushed", repositories[1].GetProperty("outcome").GetString());
        Assert.NotNull(Git.BranchTip("good", "gitstreamsync/main"));
    }

    [Fact]
    public async Task The_settings_file_lists_the_repositories_with_their_overrides_and_a_frozen_or_misconfigured_one_costs_no_other()
    {
        var alone = Git.CreateRepositoryFromFolder("alone", Example);
        var shared = Git.CreateRepositoryFromFolder("shared", Example);
        var narrowed = Git.CreateRepositoryFromFolder("narrowed", Example);
        var frozen = Git.CreateRepositoryFromFolder("frozen", Example);
        Git.RefusePushes("frozen");
        var misconfigured = Git.CreateRepository("misconfigured", new Dictionary<string, string>
        {
            [".gitstreamsync.yaml"] = "paths: [imagestreams]\nhistoryLimit: lots\n",
            ["imagestreams/myubuntu.yaml"] = File.ReadAllText(Path.Combine(Example, "imagestreams", "myubuntu.yaml")),
        });
        File.WriteAllText(Path.Combine(servers.Work.Path, "fleet.yaml"), $"""
            # The repositories this job keeps up to date; each keeps its own .gitstreamsync.yaml.
            repositories:
              - {shared}
              - url: {narrowed}
                branch: images/fleet
                paths: [imagestreams/myubuntu.yaml]
              - {frozen}
              - {misconfigured}
            """);
        var summary = Path.Combine(servers.Work.Path, "summary.md");
        var actions = new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = summary };

        var before = servers.TagRequests();
        await servers.RunAsync(["sync", alone, "--no-pull-request"], "cache-alone");
        var one = servers.TagRequests() - before;
        var result = await servers.RunAsync(["sync", "--config", "fleet.yaml", "--no-pull-request", "-o", "json"], "cache-fleet", extra: actions);
        var fleet = servers.TagRequests() - before - one;

        output.WriteLine($"tag requests in the registry's access log: one repository {one}, the settings file's four {fleet}");
        Assert.Equal(one, fleet);
        Assert.Equal(ExitCodes.GitFailure, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var reports = json.RootElement.GetProperty("repositories").EnumerateArray().ToList();
        Assert.Equal(4, reports.Count);
        Assert.Equal("pushed", reports[0].GetProperty("outcome").GetString());
        Assert.Equal(servers.Tree("alone"), servers.Tree("shared"));

        // The entry's branch and paths win over the repository's own settings.
        Assert.Equal("pushed", reports[1].GetProperty("outcome").GetString());
        Assert.Null(Git.BranchTip("narrowed", "gitstreamsync/main"));
        Assert.Equal("imagestreams/myubuntu.yaml", GitCli.Run(Git.RepositoryPath("narrowed"), "diff", "--name-only", "main", "images/fleet").Trim());

        Assert.Equal(frozen, reports[2].GetProperty("location").GetString());
        Assert.StartsWith("git: the Git server refused the push", reports[2].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Null(Git.BranchTip("frozen", "gitstreamsync/main"));
        Assert.StartsWith(".gitstreamsync.yaml:2:15: historyLimit must be a whole number", reports[3].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(json.RootElement.GetProperty("references").GetProperty("sharedAcrossRepositories").GetInt32() > 0);

        // Under GitHub Actions: one section of the job summary per repository, and the failures as error annotations.
        var markdown = File.ReadAllText(summary);
        foreach (var url in new[] { shared, narrowed, frozen, misconfigured })
        {
            Assert.Contains($"## GitStreamSync sync of `{url}`", markdown, StringComparison.Ordinal);
        }

        Assert.Contains($"::error title=GitStreamSync {frozen}::", result.Error, StringComparison.Ordinal);
        Assert.Contains("4 repositories, 2 failed; ", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_repository_gets_its_pull_request_in_its_own_GitHub_repository_whatever_GITHUB_REPOSITORY_says()
    {
        const string Token = "ghp_many_repositories_token";
        await using var github = await GitHubFake.StartAsync();
        github.AddRepository("git", "team-a");
        github.AddRepository("git", "team-b");
        github.AddToken(new GitHubFakeToken(Token, "gitstreamsync-bot"));
        var a = Git.CreateRepositoryFromFolder("team-a", Example);
        var b = Git.CreateRepositoryFromFolder("team-b", Example);

        // Under Actions GITHUB_REPOSITORY is the workflow's own repository: it names neither of these.
        var result = await servers.RunAsync(["sync", a, b], "cache-github", extra: new Dictionary<string, string>
        {
            ["GITHUB_API_URL"] = github.BaseUrl.ToString(),
            ["GITHUB_REPOSITORY"] = "acme/workflows",
            ["GITHUB_TOKEN"] = Token,
        });

        Assert.True(result.ExitCode is ExitCodes.Success or ExitCodes.TagsFailed, result.Out + result.Error);
        Assert.Equal(("open", "gitstreamsync/main"), (Assert.Single(github.PullRequests("git/team-a")).State, github.PullRequests("git/team-a")[0].Head));
        Assert.Equal(("open", "gitstreamsync/main"), (Assert.Single(github.PullRequests("git/team-b")).State, github.PullRequests("git/team-b")[0].Head));
        Assert.Equal(2, result.Out.Split('\n').Count(l => l.StartsWith("pull request #1 created: ", StringComparison.Ordinal)));
        Assert.DoesNotContain(Token, result.Out + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_listed_url_with_credentials_is_refused_naming_the_place_before_any_request()
    {
        var good = Git.CreateRepositoryFromFolder("good", Example);
        var secret = "ghp_n0tForLogs1234";
        File.WriteAllText(Path.Combine(servers.Work.Path, "fleet.yaml"), $"repositories:\n  - {good}\n  - url: https://bot:{secret}@git.example/images.git\n");
        var before = servers.TagRequests();

        var result = await servers.RunAsync(["sync", "--config", "fleet.yaml", "--no-pull-request"]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal(
            "gitstreamsync: fleet.yaml:3:10: credentials in a repository URL are not allowed; pass them through GITSTREAMSYNC_GIT_USERNAME / GITSTREAMSYNC_GIT_PASSWORD (or GITHUB_TOKEN for GitHub)\n",
            result.Error);
        Assert.DoesNotContain(secret, result.Out + result.Error, StringComparison.Ordinal);
        Assert.Equal(before, servers.TagRequests());
        Assert.Null(Git.BranchTip("good", "gitstreamsync/main"));
    }
}
