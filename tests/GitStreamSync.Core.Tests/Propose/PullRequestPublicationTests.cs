using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;

namespace GitStreamSync.Core.Tests.Propose;

/// <summary>
/// Over the run's one listing: close the tool's open pull requests no group wants any more (and only
/// those of this base and this branch), keep the ones the run does not know enough about, open or
/// update one per group, and hold back new ones past <c>pullRequests.maxOpen</c>.
/// </summary>
public sealed class PullRequestPublicationTests
{
    private static readonly DateTimeOffset Earlier = new(2026, 11, 27, 4, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 4, 0, 0, TimeSpan.Zero);

    private static readonly PullRequestSettings ByStream = new() { GroupBy = PullRequestGrouping.Stream };

    [Fact]
    public async Task A_pull_request_no_group_wants_is_closed_saying_why_and_the_wanted_ones_are_published()
    {
        var hosted = new PullRequestsInMemory();
        hosted.Open("gitstreamsync/main/gamma", Marker("gamma", Sha('c')));

        var results = await PublishAsync(hosted, ByStream, [Group("alpha", Sha('a'))], facts: key => new TagFacts(TagStanding.Resolved, Sha('c')));

        Assert.Equal(
            [(PullRequestAction.Closed, "gitstreamsync/main/gamma", "nothing left to propose"), (PullRequestAction.Created, "gitstreamsync/main/alpha", null)],
            results.Select(r => (r.Action, r.HeadBranch, r.Why)));
        var (branch, comment) = Assert.Single(hosted.Closed);
        Assert.Equal("gitstreamsync/main/gamma", branch);
        Assert.StartsWith("GitStreamSync closed this pull request: the digests it proposed are already on `main`.", comment, StringComparison.Ordinal);
        Assert.Equal(1, results[0].Number);
        Assert.Equal(new Uri("https://github.example/acme/images/pull/1"), results[0].Url);
    }

    [Fact]
    public async Task Only_the_tools_open_pull_requests_of_this_base_and_branch_are_closed()
    {
        var hosted = new PullRequestsInMemory();
        hosted.Open("gitstreamsync/release/gamma", Marker("gamma", Sha('c'), "release"), baseBranch: "release");
        hosted.Open("gitstreamsync/main/retargeted", Marker("retargeted", Sha('c'), "release"), baseBranch: "release");
        hosted.Open("gitstreamsync/mainline", Marker("gamma", Sha('c')));
        hosted.Open("gitstreamsync/main/rollback-gamma", Marker("gamma", Sha('c')) with { Group = "rollback/gamma" });
        hosted.Open("gitstreamsync/main/kept", Marker("kept", Sha('c')));
        hosted.Open("gitstreamsync/main/merged", Marker("merged", Sha('c')), state: ToolPullRequestState.Merged);
        hosted.Open("gitstreamsync/main", Marker(null, Sha('c')));
        hosted.Open("gitstreamsync/main/old", Marker("old", Sha('c')));

        var results = await PublishAsync(hosted, ByStream, [], facts: null, kept: ["gitstreamsync/main/kept"]);

        Assert.Equal(["gitstreamsync/main", "gitstreamsync/main/old"], hosted.Closed.Select(c => c.HeadBranch));
        Assert.All(results, r => Assert.Equal(PullRequestAction.Closed, r.Action));
        Assert.All(hosted.Closed, c => Assert.StartsWith("GitStreamSync closed this pull request: the latest run found nothing left to propose for `main`.", c.Comment, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_pull_request_whose_group_the_run_does_not_know_completely_is_kept_with_why()
    {
        var hosted = new PullRequestsInMemory();
        var open = hosted.Open("gitstreamsync/main/gamma", Marker("gamma", Sha('c')));
        var partial = new GroupKnowledge(["quay.io/acme/gamma:1 (rate limited)"], [], []);

        var results = await new PullRequestPublication(hosted, ByStream).PublishAsync("main", [], hosted.PullRequests, _ => partial, null, [], CancellationToken.None);

        var kept = Assert.Single(results);
        Assert.Equal((PullRequestAction.Kept, "gitstreamsync/main/gamma", open.Number, open.Url), (kept.Action, kept.HeadBranch, kept.Number, kept.Url));
        Assert.Equal("1 tag deferred: quay.io/acme/gamma:1 (rate limited)", kept.Why);
        Assert.Empty(hosted.Closed);
    }

    [Fact]
    public async Task A_group_known_completely_is_closed()
    {
        var hosted = new PullRequestsInMemory();
        hosted.Open("gitstreamsync/main/gamma", Marker("gamma", Sha('c')));
        var complete = new GroupKnowledge([], [], []);

        var results = await new PullRequestPublication(hosted, ByStream).PublishAsync("main", [], hosted.PullRequests, _ => complete, null, [], CancellationToken.None);

        Assert.Equal(PullRequestAction.Closed, Assert.Single(results).Action);
    }

    [Fact]
    public async Task A_pull_request_closed_by_someone_else_before_the_run_reaches_it_is_not_reported_closed()
    {
        var hosted = new PullRequestsInMemory();
        var stale = hosted.Open("gitstreamsync/main/gamma", Marker("gamma", Sha('c')));
        var listed = hosted.PullRequests.ToList();
        await hosted.CloseAsync(stale.HeadBranch, "closed meanwhile", PullRequestOwnership.Default, CancellationToken.None);

        var results = await new PullRequestPublication(hosted, ByStream with { MaxOpen = 1 })
            .PublishAsync("main", [Group("alpha", Sha('a'))], listed, null, null, [], CancellationToken.None);

        // The listing counted it open and the run did not close it: the limit still counts it.
        Assert.Equal([(PullRequestAction.LimitReached, "gitstreamsync/main/alpha")], results.Select(r => (r.Action, r.HeadBranch)));
    }

    [Fact]
    public async Task The_open_limit_holds_back_new_pull_requests_counting_those_closed_and_opened_by_the_run()
    {
        var hosted = new PullRequestsInMemory();
        hosted.Open("gitstreamsync/main/alpha", Marker("alpha", Sha('a')));
        hosted.Open("gitstreamsync/main/gamma", Marker("gamma", Sha('c')));
        hosted.Open("gitstreamsync/main/zeta", Marker("zeta", Sha('c')));

        var results = await PublishAsync(hosted, ByStream with { MaxOpen = 3 }, [Group("alpha", Sha('b')), Group("beta", Sha('b')), Group("delta", Sha('d')), Group("zeta", Sha('c'))], facts: null);

        // Three open, gamma closed: room for one more, taken by beta; zeta is already open and published in place.
        Assert.Equal(
            [
                (PullRequestAction.Closed, "gitstreamsync/main/gamma"),
                (PullRequestAction.Updated, "gitstreamsync/main/alpha"),
                (PullRequestAction.Created, "gitstreamsync/main/beta"),
                (PullRequestAction.LimitReached, "gitstreamsync/main/delta"),
                (PullRequestAction.Unchanged, "gitstreamsync/main/zeta"),
            ],
            results.Select(r => (r.Action, r.HeadBranch)));
        var limited = results.Single(r => r.Action == PullRequestAction.LimitReached);
        Assert.Equal((null, null), (limited.Number, limited.Url));
        // The limit is decided here over the run's one listing, not again by the publisher.
        Assert.All(hosted.Published, d => Assert.Null(d.MaxOpenPullRequests));
        Assert.Equal(["gitstreamsync/main/alpha", "gitstreamsync/main/beta", "gitstreamsync/main/zeta"], hosted.Published.Select(d => d.HeadBranch));
    }

    [Fact]
    public async Task Without_a_limit_every_group_gets_its_pull_request()
    {
        var hosted = new PullRequestsInMemory();

        var results = await PublishAsync(hosted, ByStream, [Group("alpha", Sha('a')), Group("beta", Sha('b'))], facts: null);

        Assert.All(results, r => Assert.Equal(PullRequestAction.Created, r.Action));
    }

    [Fact]
    public async Task The_publisher_reports_a_limit_it_found_itself()
    {
        var publisher = new LimitedPublisher();

        var results = await new PullRequestPublication(publisher, ByStream).PublishAsync("main", [Group("alpha", Sha('a'))], [], null, null, [], CancellationToken.None);

        Assert.Equal(PullRequestAction.LimitReached, Assert.Single(results).Action);
    }

    [Fact]
    public async Task A_new_pull_request_keeps_the_time_the_tools_earlier_pull_requests_for_this_base_first_proposed_a_digest()
    {
        var hosted = new PullRequestsInMemory();
        hosted.Open("gitstreamsync/main", Marker(null, Sha('a'), seen: Earlier, stream: "alpha"), state: ToolPullRequestState.ClosedByTool);
        hosted.Open("gitstreamsync/main/alpha", Marker("alpha", Sha('a'), seen: Earlier.AddHours(6)), state: ToolPullRequestState.ClosedByTool);
        hosted.Open("gitstreamsync/main/beta", Marker("beta", Sha('b'), seen: Earlier.AddDays(-1)), state: ToolPullRequestState.ClosedUnmerged);
        hosted.Open("gitstreamsync/release/beta", Marker("beta", Sha('b'), "release", seen: Earlier.AddDays(-2)), baseBranch: "release", state: ToolPullRequestState.ClosedByTool);

        await PublishAsync(hosted, ByStream, [Group("alpha", Sha('a')), Group("beta", Sha('b'))], facts: null);

        Assert.Equal([Earlier, Now], hosted.Published.Select(d => PullRequestMarker.Parse(d.Body).Entries.Single().FirstSeen));
    }

    [Fact]
    public async Task The_draft_carries_the_repositorys_pull_request_settings()
    {
        var hosted = new PullRequestsInMemory();
        var settings = ByStream with
        {
            Title = "Images for {group} on {base}",
            Labels = ["images"],
            Reviewers = ["octocat"],
            TeamReviewers = ["acme/platform"],
            Assignees = ["hubot"],
            Draft = true,
            MaxOpen = 5,
            Author = "gitstreamsync-bot",
            Branch = "images",
        };

        var draft = new PullRequestPublication(hosted, settings).ToDraft(new PullRequestGroup("images/alpha", Group("alpha", Sha('a')).Content with { BaseBranch = "release" }));

        Assert.Equal(("images/alpha", "release", "Images for alpha on release"), (draft.HeadBranch, draft.BaseBranch, draft.Title));
        Assert.Equal(["images"], draft.Labels);
        Assert.Equal(["octocat"], draft.Reviewers);
        Assert.Equal(["acme/platform"], draft.TeamReviewers);
        Assert.Equal(["hubot"], draft.Assignees);
        Assert.Equal((true, 5, new PullRequestOwnership("images", "gitstreamsync-bot")), (draft.Draft, draft.MaxOpenPullRequests, draft.Ownership));
        Assert.Equal(PullRequestBodyRenderer.Render(Group("alpha", Sha('a')).Content with { BaseBranch = "release" }), draft.Body);
    }

    [Fact]
    public void A_bad_title_template_stops_the_run_before_any_pull_request_is_touched()
    {
        var hosted = new PullRequestsInMemory();

        Assert.Throws<PullRequestTemplateFormatException>(() => new PullRequestPublication(hosted, ByStream with { Title = "{digests}" }));
        Assert.Empty(hosted.Published);
    }

    private static Task<IReadOnlyList<PullRequestResult>> PublishAsync(
        PullRequestsInMemory hosted, PullRequestSettings settings, IReadOnlyList<PullRequestGroup> groups, Func<TagKey, TagFacts?>? facts, IReadOnlyCollection<string>? kept = null) =>
        new PullRequestPublication(hosted, settings).PublishAsync("main", groups, hosted.PullRequests, null, facts, kept ?? [], CancellationToken.None);

    private static PullRequestGroup Group(string stream, Digest digest) => new(
        ByStream.BranchFor("main", stream),
        new PullRequestContent
        {
            BaseBranch = "main",
            Group = stream,
            RunId = "run-2",
            Changes = [new(Key(stream), $"quay.io/acme/{stream}:1", null, digest, null, Now)],
        });

    private static PullRequestMarker Marker(string? group, Digest digest, string baseBranch = "main", DateTimeOffset? seen = null, string? stream = null) =>
        new(baseBranch, group, [new(Key(stream ?? group ?? "gamma"), null, digest) { FirstSeen = seen ?? Now }]) { RunId = "run-2" };

    private static TagKey Key(string stream) => new($"streams/{stream}.yaml", stream, "1");

    private static Digest Sha(char c) => Digest.Parse("sha256:" + new string(c, 64));

    /// <summary>A hosting service that finds the tool's limit reached on its own (another run opened pull requests meanwhile).</summary>
    private sealed class LimitedPublisher : IPullRequestPublisher
    {
        public Task<PublishedPullRequest> PublishAsync(PullRequestDraft draft, CancellationToken cancellationToken) =>
            Task.FromResult(new PublishedPullRequest(PullRequestOutcome.LimitReached, null, null, draft.HeadBranch));

        public Task<ToolPullRequest?> CloseAsync(string headBranch, string comment, PullRequestOwnership ownership, CancellationToken cancellationToken) =>
            Task.FromResult<ToolPullRequest?>(null);

        public Task<IReadOnlyList<ToolPullRequest>> ListToolPullRequestsAsync(PullRequestOwnership ownership, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ToolPullRequest>>([]);

        public Task<IReadOnlyList<ToolPullRequest>> ListToolPullRequestsAsync(PullRequestOwnership ownership, ClosedPullRequestWindow closed, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ToolPullRequest>>([]);
    }
}
