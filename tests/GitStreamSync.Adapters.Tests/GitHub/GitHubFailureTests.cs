using GitStreamSync.Adapters.Secrets;
using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
using GitStreamSync.Adapters.GitHub;
using GitStreamSync.Testing.GitHub;

namespace GitStreamSync.Adapters.Tests.GitHub;

public sealed class GitHubFailureTests
{
    private const string SecondaryLimit = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.";

    private static PullRequestDraft Draft() =>
        new PullRequestPublication(new RecordingPublisher(), PullRequestSettings.Default)
            .ToDraft(GitHubTestBed.Groups(GitHubTestBed.Content(), PullRequestSettings.Default)[0]);

    [Fact]
    public async Task A_bad_token_says_to_set_a_valid_token()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        var publisher = await bed.PublisherAsync(new GitHubTokenCredentials("ghp_expired", "test"));

        var ex = await Assert.ThrowsAsync<PullRequestPublishException>(() => publisher.PublishAsync(Draft(), CancellationToken.None));

        Assert.Equal(PullRequestFailureKind.BadCredentials, ex.Kind);
        Assert.Contains("401 Bad credentials", ex.Message, StringComparison.Ordinal);
        Assert.Contains("GITHUB_TOKEN or GH_TOKEN", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_expired", ex.ToString(), StringComparison.Ordinal);
        Assert.Empty(bed.Fake.PullRequests(GitHubTestBed.Repo));
    }

    [Fact]
    public async Task A_token_without_write_permission_says_which_permissions_to_grant()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        bed.Fake.AddToken(new GitHubFakeToken("ghp_readonly", "reader", CanWrite: false));
        var publisher = await bed.PublisherAsync(new GitHubTokenCredentials("ghp_readonly", "test"));

        var ex = await Assert.ThrowsAsync<PullRequestPublishException>(() => publisher.PublishAsync(Draft(), CancellationToken.None));

        Assert.Equal(PullRequestFailureKind.Forbidden, ex.Kind);
        Assert.Contains("403 Resource not accessible by integration", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'pull-requests: write'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_repository_says_to_check_the_repository_name_and_api_url()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        var publisher = await bed.PublisherAsync(target: new GitHubTarget(bed.Fake.BaseUrl, "acme", "missing"));

        var ex = await Assert.ThrowsAsync<PullRequestPublishException>(() => publisher.PublishAsync(Draft(), CancellationToken.None));

        Assert.Equal(PullRequestFailureKind.RepositoryNotFound, ex.Kind);
        Assert.Contains("acme/missing was not found", ex.Message, StringComparison.Ordinal);
        Assert.Contains("GITHUB_REPOSITORY", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(429)]
    public async Task A_secondary_rate_limit_is_waited_out_for_its_Retry_After_and_the_call_then_succeeds(int status)
    {
        await using var bed = await GitHubTestBed.StartAsync();
        var publisher = await bed.PublisherAsync();
        bed.Fake.FailNext("POST", "/repos/acme/images/pulls", status, SecondaryLimit, new Dictionary<string, string> { ["Retry-After"] = "7" }, times: 2);

        var published = await publisher.PublishAsync(Draft(), CancellationToken.None);

        Assert.Equal(PullRequestOutcome.Created, published.Outcome);
        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7)], bed.Delays);
        Assert.Equal([status, status, 201], bed.Fake.Requests.Where(r => r.Method == "POST" && r.Path == "/repos/acme/images/pulls").Select(r => r.Status));
    }

    [Fact]
    public async Task A_rate_limit_that_outlasts_the_bounded_retries_stops_with_a_message_saying_when_to_run_again()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        var publisher = await bed.PublisherAsync();
        bed.Fake.FailNext("POST", "/repos/acme/images/pulls", 403, SecondaryLimit, new Dictionary<string, string> { ["Retry-After"] = "5" }, times: 10);

        var ex = await Assert.ThrowsAsync<PullRequestPublishException>(() => publisher.PublishAsync(Draft(), CancellationToken.None));

        Assert.Equal(PullRequestFailureKind.RateLimited, ex.Kind);
        Assert.Equal(3, bed.Delays.Count);
        Assert.Contains("after 4 attempts", ex.Message, StringComparison.Ordinal);
        Assert.Contains("The branch is pushed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Retry_After_beyond_the_wait_bound_is_not_slept()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        var publisher = await bed.PublisherAsync();
        bed.Fake.FailNext("GET", "/repos/acme/images/pulls", 429, SecondaryLimit, new Dictionary<string, string> { ["Retry-After"] = "3600" });

        var ex = await Assert.ThrowsAsync<PullRequestPublishException>(() => publisher.PublishAsync(Draft(), CancellationToken.None));

        Assert.Equal(PullRequestFailureKind.RateLimited, ex.Kind);
        Assert.Contains("wait 3600 s", ex.Message, StringComparison.Ordinal);
        Assert.Empty(bed.Delays);
    }

    [Fact]
    public async Task A_primary_rate_limit_waits_until_the_reset_time()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        var publisher = await bed.PublisherAsync();
        var reset = DateTimeOffset.UtcNow.AddSeconds(20).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        bed.Fake.FailNext("GET", "/repos/acme/images/pulls", 403, "API rate limit exceeded for installation ID 1.",
            new Dictionary<string, string> { ["x-ratelimit-remaining"] = "0", ["x-ratelimit-reset"] = reset });

        await publisher.PublishAsync(Draft(), CancellationToken.None);

        var wait = Assert.Single(bed.Delays);
        Assert.InRange(wait.TotalSeconds, 15, 22);
    }

    [Fact]
    public async Task An_unreachable_api_says_to_check_the_api_url()
    {
        int port;
        await using (var bed = await GitHubTestBed.StartAsync())
        {
            port = bed.Fake.BaseUrl.Port;
        }

        await using var other = await GitHubTestBed.StartAsync();
        var publisher = await other.PublisherAsync(target: new GitHubTarget(new Uri($"http://127.0.0.1:{port}/"), "acme", "images"));

        var ex = await Assert.ThrowsAsync<PullRequestPublishException>(() => publisher.PublishAsync(Draft(), CancellationToken.None));

        Assert.Equal(PullRequestFailureKind.Unreachable, ex.Kind);
        Assert.Contains("GITHUB_API_URL", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proxys_50_KB_HTML_error_page_is_quoted_in_one_short_line_without_the_token()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        var publisher = await bed.PublisherAsync();
        var page = new System.Text.StringBuilder("<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title><style>body { color: red; }</style></head>\n<body>\n")
            .Append("<h1>502   Bad\tGateway</h1>\r\n<p>upstream request: POST /repos/acme/images/pulls\nAuthorization: token ").Append(GitHubTestBed.Token).Append("</p>\n")
            .Append("<pre>Bearer ").Append(GitHubTestBed.Token).Append(" \u0007 ghs_abcdefghijklmnop github_pat_11ABCDEFG_xyz</pre>\n");
        while (page.Length < 50 * 1024)
        {
            page.Append("<p>proxy trace ").Append(GitHubTestBed.Token).Append(" lorem ipsum dolor sit amet</p>\n");
        }

        bed.Fake.FailNextWithBody("POST", "/repos/acme/images/pulls", 502, page.Append("</body></html>").ToString(), "text/html; charset=utf-8");

        var ex = await Assert.ThrowsAsync<PullRequestPublishException>(() => publisher.PublishAsync(Draft(), CancellationToken.None));

        Assert.Equal(PullRequestFailureKind.Unreachable, ex.Kind);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.DoesNotContain('\u0007', ex.Message);
        Assert.DoesNotContain(GitHubTestBed.Token, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ghs_abcdefghijklmnop", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("<", ex.Message, StringComparison.Ordinal);
        Assert.InRange(ex.Message.Length, 100, 600);
        Assert.Contains("(502 502 Bad Gateway 502 Bad Gateway upstream request: POST /repos/acme/images/pulls Authorization: *** Bearer *** *** *** proxy trace ***", ex.Message, StringComparison.Ordinal);
        Assert.Contains("…)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOjQyfQ.c2lnbmF0dXJl", "Authorization: ***")]
    [InlineData("token ghp_0123456789abcdef was rejected", "token *** was rejected")]
    [InlineData("key github_pat_11AAAA_bbbb and gho_x1", "key *** and ***")]
    [InlineData("  spaced\r\n\tout  ", "spaced out")]
    [InlineData("{\"message\":\"Not Found\"}", "{\"message\":\"Not Found\"}")]
    public void An_excerpt_masks_what_looks_like_a_secret_and_keeps_one_line(string text, string expected) =>
        Assert.Equal(expected, SecretSanitizer.Shapes.Excerpt(text));

    /// <summary>Only its draft-building is used; publishing goes to the fake.</summary>
    private sealed class RecordingPublisher : IPullRequestPublisher
    {
        public Task<PublishedPullRequest> PublishAsync(PullRequestDraft draft, CancellationToken cancellationToken) => throw new InvalidOperationException();

        public Task<ToolPullRequest?> CloseAsync(string headBranch, string comment, PullRequestOwnership ownership, CancellationToken cancellationToken) => throw new InvalidOperationException();

        public Task<IReadOnlyList<ToolPullRequest>> ListToolPullRequestsAsync(PullRequestOwnership ownership, CancellationToken cancellationToken) => throw new InvalidOperationException();

        public Task<IReadOnlyList<ToolPullRequest>> ListToolPullRequestsAsync(PullRequestOwnership ownership, ClosedPullRequestWindow closed, CancellationToken cancellationToken) => throw new InvalidOperationException();
    }
}
