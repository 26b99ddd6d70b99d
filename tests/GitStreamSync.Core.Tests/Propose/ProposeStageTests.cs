using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitStreamSync.Core.Tests.Propose;

/// <summary>
/// The propose stage after the push: whether a run opens pull requests at all and says why not, a
/// hosting-service failure as a value in the report, and before the push which branches must not move.
/// </summary>
public sealed class ProposeStageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 4, 0, 0, TimeSpan.Zero);
    private static readonly TagKey Alpha = new("streams/alpha.yaml", "alpha", "1");
    private static readonly TagKey Beta = new("streams/beta.yaml", "beta", "1");

    [Theory]
    [InlineData(true, true, true, "--no-pull-request")]
    [InlineData(false, true, true, "--push-to-base")]
    [InlineData(false, false, true, "dry run")]
    public async Task A_run_that_asks_for_no_pull_request_says_why_and_touches_none(bool noPullRequest, bool pushToBase, bool dryRun, string why)
    {
        var hosted = new PullRequestsInMemory();
        var port = new PullRequestPort { Publisher = hosted, Repository = "acme/images", NoPullRequest = noPullRequest };

        var report = await new ProposeStage(port, NullLogger.Instance).ProposeAsync(Input(byStream: false), pushToBase, dryRun, CancellationToken.None);

        Assert.Equal(why, report.Skipped);
        Assert.False(report.Proposed);
        Assert.Empty(hosted.Published);
    }

    [Fact]
    public void A_run_that_writes_may_open_a_pull_request_unless_asked_not_to() =>
        Assert.Null(new PullRequestPort().WhyNone(pushToBase: false, dryRun: false));

    [Fact]
    public async Task A_commit_on_a_working_copy_without_a_remote_says_nothing_was_pushed()
    {
        var hosted = new PullRequestsInMemory();
        var port = new PullRequestPort { Publisher = hosted, Repository = "acme/images" };

        var report = await new ProposeStage(port, NullLogger.Instance).ProposeAsync(Input(byStream: false) with { CommittedLocally = true }, false, false, CancellationToken.None);

        Assert.Equal("nothing was pushed: the repository has no remote", report.NotOpened);
        Assert.Empty(hosted.Published);
    }

    [Theory]
    [InlineData(true, "not a GitHub repository")]
    [InlineData(false, null)]
    public async Task Without_a_hosting_service_the_run_says_so_only_when_it_pushed(bool pushed, string? notOpened)
    {
        var port = new PullRequestPort { Unavailable = "not a GitHub repository" };

        var report = await new ProposeStage(port, NullLogger.Instance).ProposeAsync(Input(byStream: false) with { Pushed = pushed }, false, false, CancellationToken.None);

        Assert.Equal(notOpened, report.NotOpened);
        Assert.Equal((null, null, null, false), (report.Skipped, report.Failure, report.Repository, report.Proposed));
    }

    [Fact]
    public async Task A_listing_that_failed_is_the_runs_failure_and_no_pull_request_is_touched()
    {
        var hosted = new PullRequestsInMemory();
        var port = new PullRequestPort { Publisher = hosted, Repository = "acme/images" };
        var listing = new PullRequestListing([], new PullRequestPublishException(PullRequestFailureKind.BadCredentials, "GitHub refused the token: 401 Bad credentials"));

        var report = await new ProposeStage(port, NullLogger.Instance).ProposeAsync(Input(byStream: false) with { Listing = listing }, false, false, CancellationToken.None);

        Assert.Equal(("acme/images", "GitHub refused the token: 401 Bad credentials"), (report.Repository, report.Failure));
        Assert.False(report.Proposed);
        Assert.Empty(hosted.Published);
    }

    [Fact]
    public async Task A_hosting_service_failure_while_publishing_is_the_runs_failure()
    {
        var hosted = new PullRequestsInMemory { Failure = new PullRequestPublishException(PullRequestFailureKind.RateLimited, "GitHub's rate limit is spent until 05:00 UTC") };
        var port = new PullRequestPort { Publisher = hosted, Repository = "acme/images" };

        var report = await new ProposeStage(port, NullLogger.Instance).ProposeAsync(Input(byStream: false), false, false, CancellationToken.None);

        Assert.Equal(("acme/images", "GitHub's rate limit is spent until 05:00 UTC"), (report.Repository, report.Failure));
        Assert.Empty(report.PullRequests);
    }

    [Fact]
    public async Task By_stream_each_branch_gets_its_streams_pull_request_after_the_kept_and_the_closed_ones()
    {
        var hosted = new PullRequestsInMemory();
        var port = new PullRequestPort { Publisher = hosted, Repository = "acme/images" };
        var kept = new PullRequestResult(PullRequestAction.Kept, "images/gamma", 3, new Uri("https://github.example/acme/images/pull/3")) { Why = "1 tag deferred: quay.io/acme/gamma:1 (timed out)" };
        var regrouped = new ToolPullRequest(7, new Uri("https://github.example/acme/images/pull/7"), "images", "main", ToolPullRequestState.ClosedByTool, Now, new PullRequestMarker("main", null, []));
        var input = Input(byStream: true) with
        {
            Proposing = [new("images/alpha", "alpha"), new("images/beta", "beta")],
            Kept = [kept],
            ClosedForRoom = [regrouped],
        };

        var report = await new ProposeStage(port, NullLogger.Instance).ProposeAsync(input, false, false, CancellationToken.None);

        Assert.True(report.Proposed);
        Assert.Equal("acme/images", report.Repository);
        Assert.Equal(
            [
                (PullRequestAction.Kept, "images/gamma", (int?)3, "1 tag deferred: quay.io/acme/gamma:1 (timed out)"),
                (PullRequestAction.Closed, "images", 7, "pullRequests.groupBy changed"),
                (PullRequestAction.Created, "images/alpha", 1, null),
                (PullRequestAction.Created, "images/beta", 2, null),
            ],
            report.PullRequests.Select(r => (r.Action, r.HeadBranch, r.Number, r.Why)));
        Assert.Equal(new Uri("https://github.example/acme/images/pull/7"), report.PullRequests[1].Url);
        Assert.Equal(["Update image digests in alpha (1)", "Update image digests in beta (1)"], hosted.Published.Select(d => d.Title));
        Assert.Equal([Alpha, Beta], hosted.Published.Select(d => PullRequestMarker.Parse(d.Body).Entries.Single().Key));
        Assert.All(hosted.Published, d => Assert.Equal("main", d.BaseBranch));
    }

    [Fact]
    public async Task One_pull_request_per_base_proposes_every_change_under_the_runs_branch()
    {
        var hosted = new PullRequestsInMemory();
        var port = new PullRequestPort { Publisher = hosted, Repository = "acme/images" };
        var input = Input(byStream: false) with { Proposing = [new("images", null)] };

        var report = await new ProposeStage(port, NullLogger.Instance).ProposeAsync(input, false, false, CancellationToken.None);

        Assert.Equal((PullRequestAction.Created, "images"), (Assert.Single(report.PullRequests).Action, report.PullRequests[0].HeadBranch));
        var draft = Assert.Single(hosted.Published);
        Assert.Equal("Update image digests (2)", draft.Title);
        Assert.Equal(new PullRequestOwnership("images", null), draft.Ownership);
    }

    [Fact]
    public async Task The_open_pull_request_of_a_group_the_run_keeps_is_neither_updated_nor_closed()
    {
        var hosted = new PullRequestsInMemory();
        hosted.Open("images/gamma", new PullRequestMarker("main", "gamma", [new(new("streams/gamma.yaml", "gamma", "1"), null, Sha('c'))]));
        var port = new PullRequestPort { Publisher = hosted, Repository = "acme/images" };
        var kept = new PullRequestResult(PullRequestAction.Kept, "images/gamma", 1, null) { Why = "deferred" };
        var input = Input(byStream: true) with
        {
            Listing = new PullRequestListing(hosted.PullRequests, null),
            Proposing = [new("images/alpha", "alpha")],
            Kept = [kept],
        };

        var report = await new ProposeStage(port, NullLogger.Instance).ProposeAsync(input, false, false, CancellationToken.None);

        Assert.Empty(hosted.Closed);
        Assert.Equal([PullRequestAction.Kept, PullRequestAction.Created], report.PullRequests.Select(r => r.Action));
    }

    [Fact]
    public void Without_a_hosting_service_no_branch_is_held_back()
    {
        var stage = new ProposeStage(new PullRequestPort(), NullLogger.Instance);

        var hosted = new PullRequestsInMemory();
        hosted.Open("images/alpha", new PullRequestMarker("main", "alpha", [new(Alpha, null, Sha('a'))]));

        Assert.Empty(stage.HoldBack(["images/alpha"], new PullRequestListing(hosted.PullRequests, null), Knowledge(deferredTag: Alpha), _ => true));
    }

    [Fact]
    public void A_branch_whose_open_pull_request_proposes_a_deferred_tag_is_held_back_with_why()
    {
        var hosted = new PullRequestsInMemory();
        var open = hosted.Open("images/alpha", new PullRequestMarker("main", "alpha", [new(Alpha, null, Sha('a'))]));
        hosted.Open("images/beta", new PullRequestMarker("main", "beta", [new(Beta, null, Sha('b'))]));
        var stage = new ProposeStage(new PullRequestPort { Publisher = hosted }, NullLogger.Instance);

        var held = stage.HoldBack(["images/alpha", "images/beta", "images/delta"], new PullRequestListing(hosted.PullRequests, null), Knowledge(deferredTag: Alpha), _ => true);

        var kept = Assert.Single(held);
        Assert.Equal((PullRequestAction.Kept, "images/alpha", open.Number, open.Url), (kept.Action, kept.HeadBranch, kept.Number, kept.Url));
        Assert.Equal("1 tag deferred: quay.io/acme/alpha:1 (rate limited)", kept.Why);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void When_the_listing_failed_a_published_branch_with_a_deferred_tag_in_its_group_is_held_back(bool published, bool heldBack)
    {
        var stage = new ProposeStage(new PullRequestPort { Publisher = new PullRequestsInMemory() }, NullLogger.Instance);
        var failed = new PullRequestListing([], new PullRequestPublishException(PullRequestFailureKind.Unreachable, "GitHub did not answer"));

        var held = stage.HoldBack(["images/alpha", "images/beta"], failed, Knowledge(deferredTag: Alpha), _ => published);

        Assert.Equal(heldBack, held.Count == 1);
        Assert.All(held, h => Assert.Equal((PullRequestAction.Kept, "1 tag deferred: quay.io/acme/alpha:1 (rate limited)", (int?)null), (h.Action, h.Why, h.Number)));
    }

    [Fact]
    public void A_branch_without_an_open_pull_request_is_pushed_whatever_was_deferred()
    {
        var stage = new ProposeStage(new PullRequestPort { Publisher = new PullRequestsInMemory() }, NullLogger.Instance);

        Assert.Empty(stage.HoldBack(["images/alpha"], PullRequestListing.Empty, Knowledge(deferredTag: Alpha), _ => true));
    }

    [Fact]
    public void A_deferred_tag_the_open_pull_request_does_not_propose_lets_its_branch_move()
    {
        var hosted = new PullRequestsInMemory();
        hosted.Open("images/alpha", new PullRequestMarker("main", "alpha", [new(Alpha, null, Sha('a'))]));
        var stage = new ProposeStage(new PullRequestPort { Publisher = hosted }, NullLogger.Instance);

        var held = stage.HoldBack(["images/alpha"], new PullRequestListing(hosted.PullRequests, null), Knowledge(deferredTag: Alpha with { Tag = "2" }), _ => true);

        Assert.Empty(held);
    }

    [Fact]
    public void A_branch_of_the_tool_is_its_runs_branch_or_one_streams_branch_under_it()
    {
        var knowledge = RunKnowledge.Everything("images");

        Assert.Equal("alpha", knowledge.GroupOf("images/alpha"));
        Assert.Null(knowledge.GroupOf("images"));
        Assert.Null(knowledge.GroupOf("images-old/alpha"));
        Assert.Null(knowledge.Facts(Alpha));
        Assert.True(knowledge.For("images/alpha", null).Complete);
    }

    [Fact]
    public void A_streams_group_counts_only_its_own_deferred_tags_and_the_runs_branch_all_of_them()
    {
        var deferred = new[]
        {
            new DeferredTag("streams/alpha.yaml#alpha", "1", "quay.io/acme/alpha:1", new ResolutionFailed(ResolutionFailureKind.RateLimited, "429")),
            new DeferredTag("streams/alpha.yaml#alpha", "1", "quay.io/acme/alpha:1", new ResolutionFailed(ResolutionFailureKind.RateLimited, "429")),
            new DeferredTag("streams/beta.yaml#beta", "2", "quay.io/acme/beta:2", new ResolutionFailed(ResolutionFailureKind.Timeout, "timed out")),
        };
        var facts = new Dictionary<TagKey, TagFacts> { [Alpha] = new(TagStanding.Deferred, null) { Deferral = "quay.io/acme/alpha:1 (rate limited)" } };
        var knowledge = new RunKnowledge(facts, deferred, "images");

        Assert.Equal(["quay.io/acme/alpha:1 (rate limited)"], knowledge.For("images/alpha", null).DeferredInGroup);
        Assert.Equal(["quay.io/acme/beta:2"], knowledge.For("images/beta", null).DeferredInGroup);
        Assert.Empty(knowledge.For("images/gamma", null).DeferredInGroup);
        Assert.Equal(["quay.io/acme/alpha:1 (rate limited)", "quay.io/acme/beta:2"], knowledge.For("images", null).DeferredInGroup);
    }

    private static RunKnowledge Knowledge(TagKey deferredTag)
    {
        var facts = new Dictionary<TagKey, TagFacts>
        {
            [Alpha] = new(TagStanding.Resolved, null),
            [Beta] = new(TagStanding.Resolved, null),
            [deferredTag] = new(TagStanding.Deferred, null) { Deferral = $"quay.io/acme/{deferredTag.Stream}:1 (rate limited)" },
        };
        var deferred = new DeferredTag($"{deferredTag.FilePath}#{deferredTag.Stream}", deferredTag.Tag, $"quay.io/acme/{deferredTag.Stream}:1", new ResolutionFailed(ResolutionFailureKind.RateLimited, "429"));
        return new RunKnowledge(facts, [deferred], "images");
    }

    private static ProposeInput Input(bool byStream) => new()
    {
        BaseBranch = "main",
        ToolBranch = "images",
        ByStream = byStream,
        Now = Now,
        RunId = "run-1",
        Settings = PullRequestSettings.Default,
        Facts = new PullRequestRunFacts
        {
            BaseBranch = "main",
            Now = Now,
            RunId = "run-1",
            Changes =
            [
                new("streams/alpha.yaml#alpha", "streams/alpha.yaml", "alpha", "1", TagChangeKind.New, null, null, "quay.io/acme/alpha@" + Sha('a'), Sha('a').ToString()),
                new("streams/beta.yaml#beta", "streams/beta.yaml", "beta", "1", TagChangeKind.New, null, null, "quay.io/acme/beta@" + Sha('b'), Sha('b').ToString()),
            ],
        },
        Knowledge = RunKnowledge.Everything("images"),
        Listing = PullRequestListing.Empty,
        Proposing = [new("images", null)],
    };

    private static Digest Sha(char c) => Digest.Parse("sha256:" + new string(c, 64));
}
