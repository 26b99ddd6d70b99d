using GitStreamSync.Core.Images;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.GitHub;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Cli.Tests.GitHub;

/// <summary>
/// A proxy in front of GitHub answers the listing of pull requests with its own HTML page and 200.
/// <c>sync</c> must not read that as "no pull request is open" and open one (a duplicate of the one
/// GitHub really has): the repository fails with exit 3 and a message that names the host.
/// </summary>
public sealed class SyncBadGitHubAnswerEndToEndTests : IAsyncLifetime
{
    private const string Repository = "acme/proxied";
    private const string Token = "ghp_proxied_e2e_token_0123456789";
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 6, 0, 0, TimeSpan.Zero);

    private GitHttpServer git = null!;
    private RegistryServer registry = null!;
    private GitHubFake github = null!;

    public async Task InitializeAsync()
    {
        git = GitHttpServer.Start();
        registry = await RegistryServer.StartAsync();
        github = await GitHubFake.StartAsync();
        github.AddRepository("acme", "proxied");
        github.AddToken(new GitHubFakeToken(Token, "gitstreamsync-bot"));
    }

    public async Task DisposeAsync()
    {
        await github.DisposeAsync();
        await registry.DisposeAsync();
        git.Dispose();
    }

    [Fact]
    public async Task An_html_page_with_200_for_the_pull_request_listing_fails_the_repository_and_opens_nothing()
    {
        using (var seeder = RegistrySeeder.For(registry))
        {
            await seeder.PushImageAsync("team/app", "1.0", ManifestFormat.Oci, Platform.LinuxAmd64);
        }

        var stream = $"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: app\nspec:\n  tags:\n  - name: \"1.0\"\n    from:\n      kind: DockerImage\n      name: {registry.HostPort}/team/app:1.0\n    importPolicy:\n      insecure: true\n";
        var url = git.CreateRepository("proxied", new Dictionary<string, string> { ["app.yaml"] = stream });
        github.FailNextWithBody("GET", "/repos/acme/proxied/pulls", 200,
            $"<html><body><h1>Proxy sign-in</h1><p>token {Token}</p></body></html>", "text/html; charset=utf-8", times: 100);
        var environment = new Dictionary<string, string>
        {
            ["GITSTREAMSYNC_GIT_USERNAME"] = git.User,
            ["GITSTREAMSYNC_GIT_PASSWORD"] = git.Password,
            ["GITHUB_API_URL"] = github.BaseUrl.ToString(),
            ["GITHUB_REPOSITORY"] = Repository,
            ["GITHUB_TOKEN"] = Token,
        };
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        var cli = new CliEnvironment(stdout, stderr, environment, new FixedClock(Now), RepositoryRoot.Path);

        var exitCode = await CliApplication.RunAsync(["sync", url], cli, CancellationToken.None);

        var output = stdout.ToString() + stderr.ToString();
        Assert.True(exitCode == ExitCodes.GitFailure, output);
        Assert.Contains($"GitHub at {github.BaseUrl.Authority} answered list open pull requests on {Repository} with something that is not what its API returns (200 with text/html where JSON was expected)", output, StringComparison.Ordinal);
        Assert.Empty(github.PullRequests(Repository));
        Assert.DoesNotContain(github.Requests, r => r.Method == "POST" && r.Path.EndsWith("/pulls", StringComparison.Ordinal));
        Assert.DoesNotContain("Proxy sign-in", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, output, StringComparison.Ordinal);
    }

    /// <summary>A fixed "now" with real timers for the registry client's deadlines.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
