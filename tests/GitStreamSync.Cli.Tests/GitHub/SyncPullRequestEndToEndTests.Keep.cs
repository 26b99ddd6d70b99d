using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.GitHub;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Cli.Tests.GitHub;

/// <summary>
/// Never close what is still wanted, end to end: a registry blip on one tag between two runs leaves
/// the open pull request (number, body, branch) exactly as it is, and the run lists the tool's pull
/// requests once.
/// </summary>
public sealed partial class SyncPullRequestEndToEndTests
{
    [Theory]
    // After a 429 the run asks that mirror nothing more: tags whose answers had not come yet are deferred
    // with it, and how many depends on which answer came first. The rate-limited tag is named first.
    [InlineData(503, @"pull request #1 kept: 1 tag deferred: ubuntu:16\.04 \(registry error\)")]
    [InlineData(429, @"pull request #1 kept: \d+ tags? deferred: ubuntu:16\.04 \(rate limited\)")]
    public async Task A_registry_blip_on_one_proposed_tag_keeps_the_pull_request_its_body_and_its_branch_as_they_are(int status, string why)
    {
        await using var proxy = RegistryFaultProxy.Start(registry.BaseUri);
        registryAddress = proxy.BaseUri;
        var first = await SyncAsync(FirstRun);
        Assert.Contains("pull request #1 created: ", first.Out, StringComparison.Ordinal);
        var opened = Assert.Single(github.PullRequests(Repository));
        var tip = git.BranchTip("example", "gitstreamsync/main");

        // The Docker Hub mirror answers ubuntu:16.04 with the status under test. Docker Hub is mirror-only here, so
        // after a 503 the run does not go on to Docker Hub itself (the result is the same with or without internet);
        // a 429 asking to come back in an hour is the mirror's pull limit: the tag is deferred either way.
        proxy.FailManifest("library/ubuntu", "16.04", status, ("Retry-After", "3600"));
        var requestsBefore = github.Requests.Count;
        var blip = await SyncAsync(SecondRun);

        Assert.Contains("myubuntu.yaml#myubuntu:16.04", blip.Out, StringComparison.Ordinal);
        Assert.Matches(why, blip.Out);
        Assert.Contains("pull request #1 kept: ", blip.Out, StringComparison.Ordinal);
        Assert.Contains("gitstreamsync/main left as it is", blip.Out, StringComparison.Ordinal);
        var kept = Assert.Single(github.PullRequests(Repository));
        Assert.Equal(("open", 1, opened.Body, opened.Title), (kept.State, kept.Number, kept.Body, kept.Title));
        Assert.Empty(kept.Comments);
        Assert.Equal(tip, git.BranchTip("example", "gitstreamsync/main"));
        AssertOneListing(github.Requests.Skip(requestsBefore));
        Assert.DoesNotContain(github.Requests.Skip(requestsBefore), r => r.Method != "GET");

        // The registry is healthy again and upstream published nothing new: the pull request stays as it was.
        proxy.Fail(null);
        requestsBefore = github.Requests.Count;
        var healthy = await SyncAsync(ThirdRun);

        Assert.Contains("pull request #1 unchanged: ", healthy.Out, StringComparison.Ordinal);
        var still = Assert.Single(github.PullRequests(Repository));
        Assert.Equal(("open", opened.Body), (still.State, still.Body));
        Assert.Equal(tip, git.BranchTip("example", "gitstreamsync/main"));
        AssertOneListing(github.Requests.Skip(requestsBefore));
        AssertNoSecrets(first, blip, healthy);
    }

    [Fact]
    public async Task A_run_that_opens_a_pull_request_lists_the_tools_pull_requests_once()
    {
        var first = await SyncAsync(FirstRun);

        Assert.Contains("pull request #1 created: ", first.Out, StringComparison.Ordinal);
        AssertOneListing(github.Requests);
    }

    /// <summary>
    /// One listing of the tool's pull requests per run: one page of open ones and one of closed ones,
    /// shared by rollback detection, the push and the propose stage. Looking up one head branch's
    /// open pull request (<c>head=</c>) is not a listing.
    /// </summary>
    private static void AssertOneListing(IEnumerable<GitHubFakeRequest> requests)
    {
        var listings = requests
            .Where(r => r.Method == "GET" && r.Path.EndsWith("/pulls", StringComparison.Ordinal) && !r.Query.Contains("head=", StringComparison.Ordinal))
            .Select(r => r.Query.Contains("state=closed", StringComparison.Ordinal) ? "closed" : "open")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(["closed", "open"], listings);
    }
}
