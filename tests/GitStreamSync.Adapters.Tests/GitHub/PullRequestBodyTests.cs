using GitStreamSync.Core.Configuration;

using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
namespace GitStreamSync.Adapters.Tests.GitHub;

public sealed class PullRequestBodyTests
{
    [Fact]
    public async Task A_malicious_tag_source_and_message_are_escaped_in_the_published_body()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        const string evil = "x](https://evil.example/a)<img src=x onerror=alert(1)> @octocat #1 `rm` | www.evil.example";
        var content = GitHubTestBed.Content() with
        {
            Changes = [new(new("streams/evil.yaml", "evil", evil), evil, null, GitHubTestBed.Sha('9'), null, GitHubTestBed.Now)],
            Problems = [new("streams/evil.yaml", "evil", evil, "[click](javascript:alert(1)) <script>alert(1)</script> @org/team")],
            Deferred = [],
        };
        var publication = new PullRequestPublication(await bed.PublisherAsync(), PullRequestSettings.Default);

        await publication.PublishAsync("main", GitHubTestBed.Groups(content, PullRequestSettings.Default), null, CancellationToken.None);

        var body = Assert.Single(bed.Fake.PullRequests(GitHubTestBed.Repo)).Body!;
        GoldenFile.AssertMatches("malicious.body.md", body);
        // What GitHub renders: everything before the hidden marker (a comment renders nothing).
        var visible = body[..body.IndexOf(PullRequestMarker.Opening, StringComparison.Ordinal)];
        foreach (var injected in new[] { "<img", "<script", "](https", "](javascript", "@octocat", "@org", "#1 ", "https://", "www.evil", "`rm`" })
        {
            Assert.DoesNotContain(injected, visible, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("-->", body[body.IndexOf(PullRequestMarker.Opening, StringComparison.Ordinal)..^4], StringComparison.Ordinal);

        // The marker still carries the exact tag, for rollback detection.
        Assert.Equal(evil, Assert.Single(PullRequestMarker.Parse(body).Entries).Key.Tag);
    }
}
