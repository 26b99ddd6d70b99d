using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace GitStreamSync.Adapters.Tests.GitHub;

/// <summary>
/// The fake's <c>PUT /repos/{owner}/{repo}/pulls/{number}/merge</c>, as tests/demo.sh merges a pull request:
/// GitHub's answers, and the tool reading the pull request back as merged (which rejects nothing).
/// </summary>
public sealed class PullRequestMergeRouteTests
{
    private static readonly PullRequestSettings Settings = new();

    [Fact]
    public async Task A_merged_pull_request_is_listed_as_merged_and_a_second_merge_is_refused_with_405()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        var publisher = await bed.PublisherAsync();
        var result = await new PullRequestPublication(publisher, Settings)
            .PublishAsync("main", GitHubTestBed.Groups(GitHubTestBed.Content(), Settings), null, CancellationToken.None);
        var number = result.Published[0].Number!.Value;
        using var http = Client(bed);

        using var merged = await MergeAsync(http, number, """{"sha":"0123456789abcdef0123456789abcdef01234567"}""");
        using var again = await MergeAsync(http, number, "");

        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        var answer = JsonNode.Parse(await merged.Content.ReadAsStringAsync())!;
        Assert.Equal((true, "0123456789abcdef0123456789abcdef01234567"), (answer["merged"]!.GetValue<bool>(), answer["sha"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, again.StatusCode);
        var pr = Assert.Single(bed.Fake.PullRequests(GitHubTestBed.Repo));
        Assert.Equal("closed", pr.State);
        Assert.NotNull(pr.MergedAt);
        var listed = Assert.Single(await publisher.ListToolPullRequestsAsync(CancellationToken.None));
        Assert.Equal(ToolPullRequestState.Merged, listed.State);
    }

    [Fact]
    public async Task A_merge_without_a_token_or_of_a_missing_pull_request_is_refused()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        using var http = Client(bed);
        using var anonymous = new HttpClient { BaseAddress = bed.Fake.ApiUrl };

        using var missing = await MergeAsync(http, 7, "");
        using var unauthenticated = await MergeAsync(anonymous, 1, "");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }

    private static HttpClient Client(GitHubTestBed bed)
    {
        var http = new HttpClient { BaseAddress = bed.Fake.ApiUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("token", GitHubTestBed.Token);
        return http;
    }

    private static Task<HttpResponseMessage> MergeAsync(HttpClient http, int number, string body) =>
        http.PutAsync(new Uri($"repos/{GitHubTestBed.Repo}/pulls/{number}/merge", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
}
