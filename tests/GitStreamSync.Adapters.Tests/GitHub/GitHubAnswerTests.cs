using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Ports;

namespace GitStreamSync.Adapters.Tests.GitHub;

/// <summary>
/// A GitHub answer of the wrong type or shape (from GitHub Enterprise or a proxy) fails the call with
/// a named reason that names the host, not the run with a bug, and is never read as "no pull requests".
/// </summary>
public sealed class GitHubAnswerTests
{
    private const string Page = "<!DOCTYPE html><html><head><title>Sign in</title></head><body>Please sign in to the proxy</body></html>";

    [Theory]
    [InlineData(Page, "text/html; charset=utf-8", "200 with text/html where JSON was expected")]
    [InlineData("[]", "text/plain", "200 with text/plain where JSON was expected")]
    [InlineData("{}", "application/json", "a value of the wrong type: an object where a list of pull requests was expected")]
    [InlineData("{\"message\":\"ok\"}", "application/json", "a value of the wrong type: an object where a list of pull requests was expected")]
    [InlineData("[{\"number\":\"seven\",\"state\":\"open\",\"html_url\":\"x\",\"head\":{\"ref\":\"a\"},\"base\":{\"ref\":\"b\"}}]", "application/json",
        "a value of the wrong type: a pull request whose 'number' is not a positive number")]
    [InlineData("[{\"number\":7,\"state\":\"open\",\"html_url\":\"x\",\"head\":[],\"base\":{\"ref\":\"b\"}}]", "application/json",
        "a value of the wrong type: a pull request whose 'head' names no branch")]
    [InlineData("[{\"id\":1}]", "application/json", "a value of the wrong type: a pull request without 'number'")]
    [InlineData("[1]", "application/json", "a value of the wrong type: a number where a pull request was expected")]
    [InlineData("[{\"number\":7,\"head\":", "application/json", "not valid JSON")]
    public async Task A_listing_that_is_not_a_list_of_pull_requests_is_a_publish_failure_naming_the_host(string body, string contentType, string what)
    {
        await using var bed = await GitHubTestBed.StartAsync();
        var publisher = await bed.PublisherAsync();
        bed.Fake.FailNextWithBody("GET", "/repos/acme/images/pulls", 200, body, contentType);

        var ex = await Assert.ThrowsAsync<PullRequestPublishException>(() => publisher.ListToolPullRequestsAsync(PullRequestOwnership.Default, CancellationToken.None));

        Assert.Equal(PullRequestFailureKind.Unreachable, ex.Kind);
        Assert.Contains($"GitHub at {bed.Fake.BaseUrl.Authority} answered list open pull requests on acme/images with something that is not what its API returns ({what}): check --github-api-url", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sign in", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_html_page_instead_of_the_lookup_of_the_branch_pull_request_opens_no_second_pull_request()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        var publisher = await bed.PublisherAsync();
        var draft = Draft();
        await publisher.PublishAsync(draft, CancellationToken.None);
        bed.Fake.FailNextWithBody("GET", "/repos/acme/images/pulls", 200, Page, "text/html");

        var ex = await Assert.ThrowsAsync<PullRequestPublishException>(() => publisher.PublishAsync(draft, CancellationToken.None));

        Assert.Contains("(200 with text/html where JSON was expected)", ex.Message, StringComparison.Ordinal);
        Assert.Single(bed.Fake.PullRequests(GitHubTestBed.Repo));
    }

    [Theory]
    [InlineData("POST", "/repos/acme/images/pulls", "[]", "a value of the wrong type: a list where a pull request was expected")]
    [InlineData("POST", "/repos/acme/images/pulls", "{\"number\":3}", "a value of the wrong type: a pull request without 'state'")]
    [InlineData("GET", "/user", "[]", "a value of the wrong type: a list where an object was expected")]
    public async Task Other_answers_of_the_wrong_shape_are_named_too(string method, string path, string body, string what)
    {
        await using var bed = await GitHubTestBed.StartAsync();
        var publisher = await bed.PublisherAsync();
        var draft = Draft();
        bed.Fake.FailNextWithBody(method, path, path == "/user" ? 200 : 201, body, "application/json");
        // The author of an existing pull request is checked against the login the token acts as (GET /user).
        if (path == "/user")
        {
            bed.Fake.OpenPullRequest(GitHubTestBed.Repo, draft.HeadBranch, "main", "t", "b", "gitstreamsync-bot");
        }

        var ex = await Assert.ThrowsAsync<PullRequestPublishException>(() => publisher.PublishAsync(draft, CancellationToken.None));

        Assert.Contains($"({what}): check", ex.Message, StringComparison.Ordinal);
    }

    private static PullRequestDraft Draft() => new()
    {
        HeadBranch = new PullRequestSettings().BranchFor("main", null),
        BaseBranch = "main",
        Title = "Update image digests",
        Body = "New digests.",
    };
}
