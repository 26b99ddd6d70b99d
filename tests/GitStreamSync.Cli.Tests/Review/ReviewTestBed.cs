using System.Text.RegularExpressions;
using GitStreamSync.Core.Images;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.GitHub;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Cli.Tests.Review;

/// <summary>
/// A small repository on the loopback Git server whose ImageStreams name <see cref="Host"/>, reached
/// as a mirror of the loopback registry, and the GitHub fake: what the reviewer-facing tests run
/// <c>gitstreamsync sync</c> against, in-process with a fixed clock per run.
/// </summary>
internal sealed partial class ReviewTestBed : IAsyncDisposable
{
    public const string Host = "registry.example.com";
    public const string Repository = "acme/images";
    private const string Token = "ghp_review_secret_token";

    private ReviewTestBed(GitHttpServer git, RegistryServer registry, GitHubFake github, CancellationToken cancellationToken)
    {
        Git = git;
        Registry = registry;
        GitHub = github;
        CancellationToken = cancellationToken;
    }

    public GitHttpServer Git { get; }
    public RegistryServer Registry { get; }
    public GitHubFake GitHub { get; }
    public CancellationToken CancellationToken { get; }
    public string Url => Git.Url("images");
    public string Bare => Git.RepositoryPath("images");

    public static async Task<ReviewTestBed> StartAsync(IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken, RegistryServerOptions? registryOptions = null)
    {
        var git = GitHttpServer.Start();
        var registry = await RegistryServer.StartAsync(registryOptions, cancellationToken);
        var github = await GitHubFake.StartAsync().WaitAsync(cancellationToken);
        github.AddRepository("acme", "images");
        github.AddToken(new GitHubFakeToken(Token, "gitstreamsync-bot"));
        git.CreateRepository("images", files);
        return new ReviewTestBed(git, registry, github, cancellationToken);
    }

    public RegistrySeeder Seeder() => RegistrySeeder.For(Registry);

    public Task<CliResult> SyncAsync(DateTimeOffset now, params string[] extra) => SyncAsync(new FixedClock(now), extra);

    public Task<CliResult> SyncAsync(TimeProvider time, params string[] extra) => RunAsync("sync", time, extra);

    /// <summary><c>gitstreamsync COMMAND URL</c> (sync, plan) with the registry as the host's mirror and the GitHub fake's credentials.</summary>
    public async Task<CliResult> RunAsync(string command, TimeProvider time, params string[] extra)
    {
        var args = new List<string> { command, Url, "--registry-mirror", $"{Host}={Registry.BaseUri.ToString().TrimEnd('/')}", "--mirror-only", Host };
        args.AddRange(extra);
        var environment = new Dictionary<string, string>
        {
            ["GITSTREAMSYNC_GIT_USERNAME"] = Git.User,
            ["GITSTREAMSYNC_GIT_PASSWORD"] = Git.Password,
            ["GITHUB_API_URL"] = GitHub.BaseUrl.ToString(),
            ["GITHUB_REPOSITORY"] = Repository,
            ["GITHUB_TOKEN"] = Token,
        };
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var cli = new CliEnvironment(output, error, environment, time, RepositoryRoot.Path);
        var exitCode = await CliApplication.RunAsync(args, cli, CancellationToken).WaitAsync(CancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>What the tool's branch proposes lands on main, as a merge of its pull request would.</summary>
    public void Merge(string branch = "gitstreamsync/main") => GitCli.Run(Bare, "update-ref", "refs/heads/main", "refs/heads/" + branch);

    /// <summary>The text of a file on a branch of the repository.</summary>
    public string Show(string branch, string path) => GitCli.Run(Bare, "show", $"{branch}:{path}");

    public string Body() => RunId().Replace(Assert.Single(GitHub.PullRequests(Repository), p => p.State == "open").Body!, "<run-id>");

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await GitHub.DisposeAsync().AsTask().WaitAsync(stop.Token);
            await Registry.DisposeAsync().AsTask().WaitAsync(stop.Token);
        }
        finally
        {
            Git.Dispose();
        }
    }

    public static string Stream(string name, params (string Tag, string From)[] tags) =>
        "apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: " + name + "\nspec:\n  tags:\n"
        + string.Concat(tags.Select(t => $"  - name: \"{t.Tag}\"\n    from:\n      kind: DockerImage\n      name: {Host}/{t.From}\n"));

    [GeneratedRegex(@"\d{8}T\d{6}Z-[0-9a-f]{6}")]
    private static partial Regex RunId();

    internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
