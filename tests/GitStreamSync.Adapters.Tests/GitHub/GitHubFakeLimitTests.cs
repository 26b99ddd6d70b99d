using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using GitStreamSync.Core.Ports;
using GitStreamSync.Testing.GitHub;

namespace GitStreamSync.Adapters.Tests.GitHub;

/// <summary>
/// The GitHub fake refuses what GitHub refuses: bodies and comments over 65,536 characters, titles over
/// 256, each with GitHub's 422 "Validation Failed" naming the field, and nothing stored.
/// </summary>
public sealed class GitHubFakeLimitTests
{
    [Fact]
    public async Task A_pull_request_body_of_65536_characters_is_accepted_and_one_more_is_refused_with_422()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        using var http = Client(bed);

        using var fits = await CreateAsync(http, "fits", "Title", new string('x', 65_536));
        using var over = await CreateAsync(http, "over", "Title", new string('x', 65_537));

        Assert.Equal(HttpStatusCode.Created, fits.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, over.StatusCode);
        var error = JsonNode.Parse(await over.Content.ReadAsStringAsync())!;
        Assert.Equal("Validation Failed", error["message"]!.GetValue<string>());
        var detail = Assert.Single(error["errors"]!.AsArray())!;
        Assert.Equal(
            """{"resource":"PullRequest","code":"custom","field":"body","message":"body is too long (maximum is 65536 characters)"}""",
            detail.ToJsonString());
        Assert.Equal(["fits"], bed.Fake.PullRequests(GitHubTestBed.Repo).Select(p => p.Head));
    }

    [Fact]
    public async Task GitHub_counts_characters_not_utf16_units()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        using var http = Client(bed);

        // 65,536 characters outside the Basic Multilingual Plane are 131,072 UTF-16 units.
        using var fits = await CreateAsync(http, "emoji", "Title", string.Concat(Enumerable.Repeat("😀", 65_536)));

        Assert.Equal(HttpStatusCode.Created, fits.StatusCode);
    }

    [Fact]
    public async Task A_title_over_256_characters_is_refused_with_422_naming_the_title()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        using var http = Client(bed);

        using var fits = await CreateAsync(http, "fits", new string('t', 256), "body");
        using var over = await CreateAsync(http, "over", new string('t', 257), "body");

        Assert.Equal(HttpStatusCode.Created, fits.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, over.StatusCode);
        var detail = Assert.Single(JsonNode.Parse(await over.Content.ReadAsStringAsync())!["errors"]!.AsArray())!;
        Assert.Equal(("title", "title is too long (maximum is 256 characters)"), (detail["field"]!.GetValue<string>(), detail["message"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_update_over_the_limits_is_refused_and_leaves_the_pull_request_as_it_was()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        using var http = Client(bed);
        using var created = await CreateAsync(http, "head", "Title", "body");

        using var longBody = await http.PatchAsync(Route("pulls/1"), Json(new JsonObject { ["body"] = new string('x', 65_537) }));
        using var longTitle = await http.PatchAsync(Route("pulls/1"), Json(new JsonObject { ["title"] = new string('t', 257) }));

        Assert.Equal((HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity), (longBody.StatusCode, longTitle.StatusCode));
        var pr = Assert.Single(bed.Fake.PullRequests(GitHubTestBed.Repo));
        Assert.Equal(("Title", "body"), (pr.Title, pr.Body));
    }

    [Fact]
    public async Task A_comment_over_65536_characters_is_refused_with_422_and_not_stored()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        using var http = Client(bed);
        using var created = await CreateAsync(http, "head", "Title", "body");

        using var fits = await http.PostAsync(Route("issues/1/comments"), Json(new JsonObject { ["body"] = new string('c', 65_536) }));
        using var over = await http.PostAsync(Route("issues/1/comments"), Json(new JsonObject { ["body"] = new string('c', 65_537) }));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.UnprocessableEntity), (fits.StatusCode, over.StatusCode));
        var detail = Assert.Single(JsonNode.Parse(await over.Content.ReadAsStringAsync())!["errors"]!.AsArray())!;
        Assert.Equal(("IssueComment", "body", "body is too long (maximum is 65536 characters)"),
            (detail["resource"]!.GetValue<string>(), detail["field"]!.GetValue<string>(), detail["message"]!.GetValue<string>()));
        Assert.Single(Assert.Single(bed.Fake.PullRequests(GitHubTestBed.Repo)).Comments);
    }

    [Fact]
    public async Task The_tool_says_what_GitHub_refused_when_a_body_is_too_long_not_that_the_token_is_wrong()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        var publisher = await bed.PublisherAsync();
        var draft = new PullRequestDraft { HeadBranch = "gitstreamsync/main", BaseBranch = "main", Title = "Update image digests", Body = new string('x', 70_000) };

        var ex = await Assert.ThrowsAsync<PullRequestPublishException>(() => publisher.PublishAsync(draft, CancellationToken.None));

        Assert.Equal(PullRequestFailureKind.Validation, ex.Kind);
        Assert.Contains("body is too long (maximum is 65536 characters)", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("token", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("credentials", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("labels, reviewers", ex.Message, StringComparison.Ordinal);
        Assert.Empty(bed.Fake.PullRequests(GitHubTestBed.Repo));
    }

    private static HttpClient Client(GitHubTestBed bed)
    {
        var http = new HttpClient { BaseAddress = bed.Fake.ApiUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("token", GitHubTestBed.Token);
        return http;
    }

    private static Task<HttpResponseMessage> CreateAsync(HttpClient http, string head, string title, string body) =>
        http.PostAsync(Route("pulls"), Json(new JsonObject { ["title"] = title, ["head"] = head, ["base"] = "main", ["body"] = body }));

    private static Uri Route(string rest) => new($"repos/{GitHubTestBed.Repo}/{rest}", UriKind.Relative);

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
