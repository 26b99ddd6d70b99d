using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
using GitStreamSync.Testing.GitHub;

namespace GitStreamSync.Adapters.Tests.GitHub;

public sealed class PullRequestPublisherTests
{
    private static readonly PullRequestSettings Settings = new()
    {
        Labels = ["dependencies", "images"],
        Reviewers = ["alice"],
        Assignees = ["bob"],
    };

    [Fact]
    public async Task First_run_creates_the_pull_request_with_title_body_labels_reviewers_and_assignees()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        var publication = new PullRequestPublication(await bed.PublisherAsync(), Settings);

        var result = await publication.PublishAsync("main", GitHubTestBed.Groups(GitHubTestBed.Content(), Settings), null, CancellationToken.None);

        var published = Assert.Single(result.Published);
        Assert.Equal(PullRequestAction.Created, published.Action);
        var pr = Assert.Single(bed.Fake.PullRequests(GitHubTestBed.Repo));
        Assert.Equal((published.Number, "gitstreamsync/main", "main", "open"), (pr.Number, pr.Head, pr.Base, pr.State));
        Assert.Equal(["dependencies", "images"], pr.Labels.Select(l => l.Name));
        Assert.Equal(["alice"], pr.RequestedReviewers);
        Assert.Equal(["bob"], pr.Assignees);
        Assert.Equal("gitstreamsync-bot", pr.Author);
        Assert.EndsWith($"/acme/images/pull/{pr.Number}", published.Url!.ToString(), StringComparison.Ordinal);
        GoldenFile.AssertMatches("first-run.title.txt", pr.Title + "\n");
        GoldenFile.AssertMatches("first-run.body.md", pr.Body!);
        Assert.True(PullRequestMarker.TryParse(pr.Body, out var marker));
        Assert.Equal(3, marker.Entries.Count);
    }

    [Fact]
    public async Task Second_run_with_a_newer_digest_updates_the_same_pull_request_and_a_third_identical_run_changes_nothing()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        var publication = new PullRequestPublication(await bed.PublisherAsync(), Settings);
        var first = await publication.PublishAsync("main", GitHubTestBed.Groups(GitHubTestBed.Content('b'), Settings), null, CancellationToken.None);
        var firstBody = bed.Fake.PullRequests(GitHubTestBed.Repo)[0].Body;

        var second = await publication.PublishAsync("main", GitHubTestBed.Groups(GitHubTestBed.Content('f'), Settings), null, CancellationToken.None);
        var pr = Assert.Single(bed.Fake.PullRequests(GitHubTestBed.Repo));
        Assert.Equal(PullRequestAction.Updated, second.Published[0].Action);
        Assert.Equal(first.Published[0].Number, second.Published[0].Number);
        Assert.NotEqual(firstBody, pr.Body);
        Assert.Contains("`sha256:ffffffffffff`", pr.Body, StringComparison.Ordinal);
        Assert.Equal("open", pr.State);
        Assert.Equal(["alice"], pr.RequestedReviewers);

        var requestsBefore = bed.Fake.Requests.Count;
        var third = await publication.PublishAsync("main", GitHubTestBed.Groups(GitHubTestBed.Content('f'), Settings), null, CancellationToken.None);
        Assert.Equal(PullRequestAction.Unchanged, third.Published[0].Action);
        Assert.DoesNotContain(bed.Fake.Requests.Skip(requestsBefore), r => r.Method != "GET");
    }

    [Fact]
    public async Task A_run_with_nothing_left_closes_the_pull_request_with_a_comment_saying_why()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        var publisher = await bed.PublisherAsync();
        var publication = new PullRequestPublication(publisher, Settings);
        await publication.PublishAsync("main", GitHubTestBed.Groups(GitHubTestBed.Content(), Settings), null, CancellationToken.None);

        // Someone applied the same digests on main: the run finds nothing to change.
        var onBase = GitHubTestBed.Content().Changes.ToDictionary(c => c.Key, c => c.NewDigest);
        var result = await publication.PublishAsync("main", [], key => onBase.GetValueOrDefault(key), CancellationToken.None);

        var closed = Assert.Single(result.Closed);
        Assert.Equal(PullRequestAction.Closed, closed.Action);
        var pr = Assert.Single(bed.Fake.PullRequests(GitHubTestBed.Repo));
        Assert.Equal("closed", pr.State);
        Assert.Contains("already on **main**", Assert.Single(pr.Comments).Body, StringComparison.Ordinal);
        var listed = Assert.Single(await publisher.ListToolPullRequestsAsync(CancellationToken.None));
        Assert.Equal(ToolPullRequestState.ClosedByTool, listed.State);

        // Nothing open any more: a further empty run does nothing.
        var again = await publication.PublishAsync("main", [], null, CancellationToken.None);
        Assert.Empty(again.Closed);
    }

    [Fact]
    public async Task Grouping_by_stream_opens_one_pull_request_per_stream_and_closes_the_one_no_longer_needed()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        var settings = Settings with { GroupBy = GitStreamSync.Core.Configuration.PullRequestGrouping.Stream };
        var publication = new PullRequestPublication(await bed.PublisherAsync(), settings);

        await publication.PublishAsync("main", GitHubTestBed.Groups(GitHubTestBed.Content(), settings), null, CancellationToken.None);
        var prs = bed.Fake.PullRequests(GitHubTestBed.Repo);
        Assert.Equal(["gitstreamsync/main/myubuntu", "gitstreamsync/main/nginx"], prs.Select(p => p.Head).Order(StringComparer.Ordinal));
        Assert.Equal("Update image digests in myubuntu (2)", prs.Single(p => p.Head.EndsWith("myubuntu", StringComparison.Ordinal)).Title);
        Assert.DoesNotContain("nginx:stable", prs.Single(p => p.Head.EndsWith("myubuntu", StringComparison.Ordinal)).Body, StringComparison.Ordinal);
        var ubuntuNumber = prs.Single(p => p.Head.EndsWith("myubuntu", StringComparison.Ordinal)).Number;

        var onlyUbuntu = GitHubTestBed.Content() with { Changes = [.. GitHubTestBed.Content().Changes.Where(c => c.Key.Stream == "myubuntu")] };
        var result = await publication.PublishAsync("main", GitHubTestBed.Groups(onlyUbuntu, settings), null, CancellationToken.None);

        Assert.Equal("gitstreamsync/main/nginx", Assert.Single(result.Closed).HeadBranch);
        // nginx's deferred tag now shows on the remaining pull request, updated in place.
        Assert.Equal((PullRequestAction.Updated, ubuntuNumber), (Assert.Single(result.Published).Action, result.Published[0].Number));
        Assert.Equal("open", bed.Fake.PullRequests(GitHubTestBed.Repo).Single(p => p.Head == "gitstreamsync/main/myubuntu").State);
    }

    [Fact]
    public async Task The_open_pull_request_limit_defers_new_pull_requests()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        var settings = Settings with { GroupBy = GitStreamSync.Core.Configuration.PullRequestGrouping.Stream, MaxOpen = 1 };
        var publication = new PullRequestPublication(await bed.PublisherAsync(), settings);

        var result = await publication.PublishAsync("main", GitHubTestBed.Groups(GitHubTestBed.Content(), settings), null, CancellationToken.None);

        Assert.Equal([PullRequestAction.Created, PullRequestAction.LimitReached], result.Published.Select(p => p.Action));
        Assert.Single(bed.Fake.PullRequests(GitHubTestBed.Repo));
    }

    [Fact]
    public async Task A_422_because_the_pull_request_already_exists_updates_the_existing_one()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        var publisher = await bed.PublisherAsync();
        // Another run opens the pull request between this run's lookup and its create.
        bed.Fake.BeforeCreatePullRequest = (repo, head) =>
        {
            bed.Fake.BeforeCreatePullRequest = null;
            repo.PullRequests.Add(new GitHubFakePullRequest
            {
                Id = 77, Number = 1, Head = head, Base = "main", Title = "Update image digests (1)", Body = "older", Author = "other-run",
                CreatedAt = GitHubTestBed.Now, UpdatedAt = GitHubTestBed.Now,
            });
        };
        var draft = new PullRequestPublication(publisher, Settings).ToDraft(GitHubTestBed.Groups(GitHubTestBed.Content(), Settings)[0]);

        var published = await publisher.PublishAsync(draft, CancellationToken.None);

        Assert.Equal((PullRequestOutcome.Updated, 1), (published.Outcome, published.Number));
        Assert.Contains(bed.Fake.Requests, r => r.Method == "POST" && r.Path == "/repos/acme/images/pulls" && r.Status == 422);
        var pr = Assert.Single(bed.Fake.PullRequests(GitHubTestBed.Repo));
        Assert.Equal(draft.Body, pr.Body);
    }

    [Fact]
    public async Task A_422_because_the_head_branch_is_missing_says_to_push_the_branch()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        bed.Fake.Repository(GitHubTestBed.Repo).Branches = ["main"];
        var publisher = await bed.PublisherAsync();
        var draft = new PullRequestPublication(publisher, Settings).ToDraft(GitHubTestBed.Groups(GitHubTestBed.Content(), Settings)[0]);

        var ex = await Assert.ThrowsAsync<PullRequestPublishException>(() => publisher.PublishAsync(draft, CancellationToken.None));

        Assert.Equal(PullRequestFailureKind.Validation, ex.Kind);
        Assert.Contains("422", ex.Message, StringComparison.Ordinal);
        Assert.Contains("PullRequest.head invalid", ex.Message, StringComparison.Ordinal);
        Assert.Contains("branch was pushed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pull_request_closed_by_a_person_is_listed_as_closed_unmerged_with_the_digests_it_proposed()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        var publisher = await bed.PublisherAsync();
        var publication = new PullRequestPublication(publisher, Settings);
        var result = await publication.PublishAsync("main", GitHubTestBed.Groups(GitHubTestBed.Content(), Settings), null, CancellationToken.None);
        bed.Fake.ClosePullRequest(GitHubTestBed.Repo, result.Published[0].Number!.Value);

        var listed = Assert.Single(await publisher.ListToolPullRequestsAsync(CancellationToken.None));

        Assert.Equal(ToolPullRequestState.ClosedUnmerged, listed.State);
        Assert.Equal(GitHubTestBed.Content().Changes.Select(c => (c.Key, c.NewDigest)).OrderBy(x => x.Key.ToString(), StringComparer.Ordinal),
            listed.Marker.Entries.Select(e => (e.Key, e.NewDigest)));
    }

    [Fact]
    public async Task A_reviewer_who_is_not_a_collaborator_is_a_warning_not_a_failed_run()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        bed.Fake.Repository(GitHubTestBed.Repo).Collaborators.Add("bob");
        var publication = new PullRequestPublication(await bed.PublisherAsync(), Settings);

        var result = await publication.PublishAsync("main", GitHubTestBed.Groups(GitHubTestBed.Content(), Settings), null, CancellationToken.None);

        Assert.Equal(PullRequestAction.Created, result.Published[0].Action);
        Assert.Contains(bed.Fake.Requests, r => r.Path.EndsWith("/requested_reviewers", StringComparison.Ordinal) && r.Status == 422);
        Assert.Equal(["bob"], bed.Fake.PullRequests(GitHubTestBed.Repo)[0].Assignees);
    }
}
