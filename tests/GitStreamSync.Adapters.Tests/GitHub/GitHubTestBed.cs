using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
using GitStreamSync.Adapters.GitHub;
using GitStreamSync.Testing.GitHub;
using GitStreamSync.Testing.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitStreamSync.Adapters.Tests.GitHub;

/// <summary>A GitHub fake with repository acme/images and a writing token, and publishers wired to it.</summary>
internal sealed class GitHubTestBed : IAsyncDisposable
{
    public const string Token = "ghp_testtoken";
    public const string Repo = "acme/images";
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 4, 0, 0, TimeSpan.Zero);

    private GitHubTestBed(GitHubFake fake) => Fake = fake;

    public GitHubFake Fake { get; }

    /// <summary>The clock of the retry policy: its waits are recorded instead of slept.</summary>
    public InstantDelays Clock { get; } = new();

    /// <summary>Waits the retry policy asked for, in order.</summary>
    public IReadOnlyList<TimeSpan> Delays => Clock.Delays;

    public GitHubTarget Target => new(Fake.BaseUrl, "acme", "images");

    /// <param name="time">The fake's clock (when pull requests are closed); null: the system clock.</param>
    public static async Task<GitHubTestBed> StartAsync(TimeProvider? time = null)
    {
        var fake = await GitHubFake.StartAsync(time);
        fake.AddRepository("acme", "images");
        fake.AddToken(new GitHubFakeToken(Token, "gitstreamsync-bot"));
        return new GitHubTestBed(fake);
    }

    public GitHubRetryPolicy Retry() => new(Clock, NullLogger.Instance);

    /// <param name="environment">What the identity lookup reads (<c>GITHUB_ACTIONS</c>); null: nothing set.</param>
    /// <param name="logger">Where the publisher's warnings go; null: nowhere.</param>
    public async Task<OctokitPullRequestPublisher> PublisherAsync(
        GitHubCredentials? credentials = null, GitHubTarget? target = null, Func<string, string?>? environment = null, ILogger? logger = null)
    {
        var retry = Retry();
        var to = target ?? Target;
        var factory = new GitHubClientFactory(TimeProvider.System, retry);
        var signIn = credentials ?? new GitHubTokenCredentials(Token, "test");
        var client = await factory.CreateAsync(to, signIn, CancellationToken.None);
        return new OctokitPullRequestPublisher(client, to, retry, logger ?? NullLogger.Instance, factory.IdentityOf(to, signIn, client, environment ?? (_ => null)));
    }

    public ValueTask DisposeAsync() => Fake.DisposeAsync();

    /// <summary>The pull requests a run wants for <paramref name="content"/>: one per base, or one per changed stream.</summary>
    public static IReadOnlyList<PullRequestGroup> Groups(PullRequestContent content, PullRequestSettings settings) =>
        PullRequestGroups.ForBranches(content, settings.GroupBy == PullRequestGrouping.Base
            ? content.Changes.Count == 0 ? [] : [new PullRequestBranch(settings.BranchFor(content.BaseBranch, null), null)]
            : [.. content.Changes.Select(c => c.Key.Stream).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Select(stream => new PullRequestBranch(settings.BranchFor(content.BaseBranch, stream), stream))]);

    public static Digest Sha(char c) => Digest.Parse("sha256:" + new string(c, 64));

    /// <summary>Two streams, three tags, one multi-arch, with a problem and a deferred tag: the body a reviewer sees.</summary>
    public static PullRequestContent Content(char newDigest = 'b') => new()
    {
        BaseBranch = "main",
        RunId = "20261128T040000Z-1",
        Changes =
        [
            new(new("streams/ubuntu.yaml", "myubuntu", "16.04"), "docker.io/library/ubuntu:16.04", Sha('a'), Sha(newDigest), null, Now),
            new(new("streams/ubuntu.yaml", "myubuntu", "18.04"), "docker.io/library/ubuntu:18.04", null, Sha('c'), null, Now.AddHours(-2)),
            new(new("streams/nginx.json", "nginx", "stable"), "quay.io/nginx/nginx:stable", Sha('d'), Sha('e'), Platform.Parse("linux/arm64/v8"), Now),
        ],
        Problems = [new("streams/broken.yaml", "broken", "latest", "manifest unknown: quay.io/acme/broken:latest")],
        Deferred = [new(new("streams/nginx.json", "nginx", "mainline"), "registry answered 503; retried next run")],
    };
}
