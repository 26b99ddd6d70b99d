using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Ports;

namespace GitStreamSync.Adapters.Tests.GitHub;

/// <summary>A GitHub answer of the wrong shape (from GitHub Enterprise or a proxy) fails the call with a named reason, not the run with a bug.</summary>
public sealed class GitHubAnswerTests
{
    [Theory]
    [InlineData("[{\"number\":\"seven\",\"head\":[]}]", "application/json", "a value of the wrong type")]
    [InlineData("[{\"number\":7,\"head\":", "application/json", "not valid JSON")]
    public async Task A_listing_of_the_wrong_shape_is_a_publish_failure_naming_GitHub(string body, string contentType, string what)
    {
        await using var bed = await GitHubTestBed.StartAsync();
        var publisher = await bed.PublisherAsync();
        bed.Fake.FailNextWithBody("GET", "/repos/acme/images/pulls", 200, body, contentType);

        var ex = await Assert.ThrowsAsync<PullRequestPublishException>(() => publisher.ListToolPullRequestsAsync(PullRequestOwnership.Default, CancellationToken.None));

        Assert.Equal(PullRequestFailureKind.Unreachable, ex.Kind);
        Assert.Contains($"is not what its API returns ({what}): check --github-api-url", ex.Message, StringComparison.Ordinal);
    }
}
