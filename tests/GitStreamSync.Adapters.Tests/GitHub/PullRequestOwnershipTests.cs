using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Rollback;
using GitStreamSync.Testing.GitHub;
using GitStreamSync.Testing.Registry;
using System.Security.Cryptography;
using GitStreamSync.Adapters.GitHub;

namespace GitStreamSync.Adapters.Tests.GitHub;

/// <summary>A copied marker makes nobody's pull request the tool's: only its branch, its repository and its login do.</summary>
public sealed class PullRequestOwnershipTests
{
    private static readonly Core.Configuration.PullRequestSettings Settings = Core.Configuration.PullRequestSettings.Default;

    /// <summary>The body the tool would write for <see cref="GitHubTestBed.Content"/>, marker included: what a person can copy.</summary>
    private static string ToolBody() =>
        new PullRequestPublication(new NoPublisher(), Settings).ToDraft(GitHubTestBed.Groups(GitHubTestBed.Content(), Settings)[0]).Body;

    private static IReadOnlyList<PullRequestGroup> Groups(Core.Configuration.PullRequestSettings settings) => GitHubTestBed.Groups(GitHubTestBed.Content(), settings);

    [Fact]
    public async Task A_persons_pull_request_with_a_copied_marker_closed_unmerged_rejects_nothing_and_takes_no_open_slot()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        var closedByAlice = bed.Fake.OpenPullRequest(GitHubTestBed.Repo, "gitstreamsync/main", "main", "Update image digests (3)", ToolBody(), "alice");
        bed.Fake.ClosePullRequest(GitHubTestBed.Repo, closedByAlice);
        var openByAlice = bed.Fake.OpenPullRequest(GitHubTestBed.Repo, "gitstreamsync/main/ubuntu", "main", "Update image digests (3)", ToolBody(), "alice");
        var log = new CapturedLog();
        var publisher = await bed.PublisherAsync(logger: log);

        var listed = await publisher.ListToolPullRequestsAsync(Settings.Ownership, CancellationToken.None);
        var result = await new PullRequestPublication(publisher, Settings with { MaxOpen = 1 }).PublishAsync("main", Groups(Settings), null, CancellationToken.None);

        Assert.Empty(listed);
        Assert.Empty(RollbackDetection.ClosedUnmerged(listed, "main"));
        var published = Assert.Single(result.Published);
        Assert.Equal(PullRequestAction.Created, published.Action);
        Assert.Empty(result.Closed);
        var alices = bed.Fake.PullRequests(GitHubTestBed.Repo).Single(p => p.Number == openByAlice);
        Assert.Equal(("open", ToolBody()), (alices.State, alices.Body));
        Assert.Empty(alices.Comments);
        Assert.Equal(
            [
                $"Warning: pull request #{closedByAlice} carries GitStreamSync's marker but was opened by alice, not by the tool's identity gitstreamsync-bot: ignored",
                $"Warning: pull request #{openByAlice} carries GitStreamSync's marker but was opened by alice, not by the tool's identity gitstreamsync-bot: ignored",
            ],
            log.Lines.Where(l => l.Contains("marker", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Single(bed.Fake.Requests, r => r.Path == "/user");
    }

    [Fact]
    public async Task A_forks_pull_request_with_the_marker_counts_for_nothing_even_from_the_tools_branch_name_and_login()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        var closed = bed.Fake.OpenPullRequest(GitHubTestBed.Repo, "gitstreamsync/main", "main", "Update image digests (3)", ToolBody(), "gitstreamsync-bot", headRepository: "mallory/images");
        bed.Fake.ClosePullRequest(GitHubTestBed.Repo, closed);
        var open = bed.Fake.OpenPullRequest(GitHubTestBed.Repo, "gitstreamsync/main/ubuntu", "main", "Update image digests (3)", ToolBody(), "gitstreamsync-bot", headRepository: "mallory/images");
        var log = new CapturedLog();
        var publisher = await bed.PublisherAsync(logger: log);

        var listed = await publisher.ListToolPullRequestsAsync(Settings.Ownership, CancellationToken.None);
        var result = await new PullRequestPublication(publisher, Settings with { MaxOpen = 1 }).PublishAsync("main", Groups(Settings), null, CancellationToken.None);

        Assert.Empty(listed);
        Assert.Equal(PullRequestAction.Created, Assert.Single(result.Published).Action);
        Assert.Equal("open", bed.Fake.PullRequests(GitHubTestBed.Repo).Single(p => p.Number == open).State);
        Assert.Contains($"Warning: pull request #{open} carries GitStreamSync's marker but comes from the fork mallory/images, not from acme/images: ignored", log.Lines);
        Assert.Equal(2, log.Lines.Count(l => l.Contains("the fork mallory/images", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_marker_on_a_branch_outside_the_tools_prefix_counts_for_nothing()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        var number = bed.Fake.OpenPullRequest(GitHubTestBed.Repo, "feature/images", "main", "images", ToolBody(), "gitstreamsync-bot");
        bed.Fake.ClosePullRequest(GitHubTestBed.Repo, number);
        var log = new CapturedLog();
        var publisher = await bed.PublisherAsync(logger: log);

        Assert.Empty(await publisher.ListToolPullRequestsAsync(Settings.Ownership, CancellationToken.None));
        Assert.Contains($"Warning: pull request #{number} carries GitStreamSync's marker but comes from the branch feature/images, which is not one of the tool's (gitstreamsync/...): ignored", log.Lines);
    }

    [Fact]
    public async Task The_tools_own_pull_request_closed_by_a_person_still_rejects_its_digests()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        var publisher = await bed.PublisherAsync();
        var result = await new PullRequestPublication(publisher, Settings).PublishAsync("main", Groups(Settings), null, CancellationToken.None);
        bed.Fake.ClosePullRequest(GitHubTestBed.Repo, result.Published[0].Number!.Value);
        bed.Fake.OpenPullRequest(GitHubTestBed.Repo, "gitstreamsync/main/copy", "main", "copy", ToolBody(), "alice");

        var listed = await publisher.ListToolPullRequestsAsync(Settings.Ownership, CancellationToken.None);

        var rejected = Assert.Single(RollbackDetection.ClosedUnmerged(listed, "main"));
        Assert.Equal(result.Published[0].Number, rejected.Number);
        Assert.Equal(3, rejected.Proposed.Count);
    }

    [Fact]
    public async Task A_person_holding_the_tools_branch_open_is_a_clear_error_and_the_pull_request_is_left_alone()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        var number = bed.Fake.OpenPullRequest(GitHubTestBed.Repo, "gitstreamsync/main", "main", "mine", "hands off", "alice");
        var publisher = await bed.PublisherAsync();

        var ex = await Assert.ThrowsAsync<PullRequestPublishException>(() =>
            new PullRequestPublication(publisher, Settings).PublishAsync("main", Groups(Settings), null, CancellationToken.None));

        Assert.Contains($"pull request #{number} from gitstreamsync/main on acme/images was opened by alice, not by the tool's identity gitstreamsync-bot", ex.Message, StringComparison.Ordinal);
        Assert.Contains("pullRequests.author", ex.Message, StringComparison.Ordinal);
        var pr = Assert.Single(bed.Fake.PullRequests(GitHubTestBed.Repo));
        Assert.Equal(("mine", "hands off"), (pr.Title, pr.Body));
        Assert.DoesNotContain(bed.Fake.Requests, r => r.Method is "PATCH" or "POST");
    }

    [Fact]
    public async Task A_GitHub_Apps_pull_requests_are_those_of_its_bot_named_by_GET_app()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        using var key = RSA.Create(2048);
        bed.Fake.AddApp(new GitHubFakeApp(4242, "images-app", key.ExportSubjectPublicKeyInfoPem(), 99, new HashSet<string> { GitHubTestBed.Repo }));
        var persons = bed.Fake.OpenPullRequest(GitHubTestBed.Repo, "gitstreamsync/main/copy", "main", "copy", ToolBody(), "gitstreamsync-bot");
        var publisher = await bed.PublisherAsync(GitHubAppCredentials.Create("4242", key.ExportPkcs8PrivateKeyPem(), null));
        var result = await new PullRequestPublication(publisher, Settings).PublishAsync("main", Groups(Settings), null, CancellationToken.None);

        var listed = await publisher.ListToolPullRequestsAsync(Settings.Ownership, CancellationToken.None);

        Assert.Equal([result.Published[0].Number!.Value], listed.Select(p => p.Number));
        Assert.Equal("images-app[bot]", bed.Fake.PullRequests(GitHubTestBed.Repo).Single(p => p.Number == listed[0].Number).Author);
        var app = Assert.Single(bed.Fake.Requests, r => r.Path == "/app");
        Assert.Equal(200, app.Status);
        Assert.StartsWith("Bearer ey", app.Authorization, StringComparison.Ordinal);
        Assert.DoesNotContain(bed.Fake.Requests, r => r.Path == "/user");
        Assert.NotEqual(persons, listed[0].Number);
    }

    [Fact]
    public async Task The_Actions_token_cannot_read_GET_user_and_acts_as_github_actions_bot_under_Actions()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        bed.Fake.AddToken(new GitHubFakeToken("ghs_actions", GitHubIdentity.ActionsBot, Installation: true));
        bed.Fake.OpenPullRequest(GitHubTestBed.Repo, "gitstreamsync/main/copy", "main", "copy", ToolBody(), "alice");
        var publisher = await bed.PublisherAsync(new GitHubTokenCredentials("ghs_actions", "test"), environment: name => name == "GITHUB_ACTIONS" ? "true" : null);
        var result = await new PullRequestPublication(publisher, Settings).PublishAsync("main", Groups(Settings), null, CancellationToken.None);

        var listed = await publisher.ListToolPullRequestsAsync(Settings.Ownership, CancellationToken.None);

        Assert.Equal([result.Published[0].Number!.Value], listed.Select(p => p.Number));
        Assert.Equal(403, Assert.Single(bed.Fake.Requests, r => r.Path == "/user").Status);
    }

    [Fact]
    public async Task An_installation_token_outside_Actions_says_to_name_the_author_in_the_settings()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        bed.Fake.AddToken(new GitHubFakeToken("ghs_bot", "release-bot[bot]", Installation: true));
        bed.Fake.OpenPullRequest(GitHubTestBed.Repo, "gitstreamsync/main/copy", "main", "copy", ToolBody(), "alice");
        var publisher = await bed.PublisherAsync(new GitHubTokenCredentials("ghs_bot", "test"));

        var ex = await Assert.ThrowsAsync<PullRequestPublishException>(() => publisher.ListToolPullRequestsAsync(Settings.Ownership, CancellationToken.None));

        Assert.Contains("cannot tell which login the token acts as", ex.Message, StringComparison.Ordinal);
        Assert.Contains("pullRequests.author", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--pull-request-author", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_author_setting_names_the_tools_login_and_wins_over_the_lookup()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        bed.Fake.AddToken(new GitHubFakeToken("ghs_bot", "release-bot[bot]", Installation: true));
        var settings = Settings with { Author = "release-bot[bot]" };
        var publisher = await bed.PublisherAsync(new GitHubTokenCredentials("ghs_bot", "test"));
        var first = await new PullRequestPublication(publisher, settings).PublishAsync("main", Groups(settings), null, CancellationToken.None);
        var theirs = bed.Fake.OpenPullRequest(GitHubTestBed.Repo, "gitstreamsync/main/copy", "main", "copy", ToolBody(), "gitstreamsync-bot");

        var second = await new PullRequestPublication(publisher, settings).PublishAsync("main", Groups(settings), null, CancellationToken.None);
        var listed = await publisher.ListToolPullRequestsAsync(settings.Ownership, CancellationToken.None);

        Assert.Equal((PullRequestAction.Unchanged, first.Published[0].Number), (second.Published[0].Action, second.Published[0].Number));
        Assert.Equal([first.Published[0].Number!.Value], listed.Select(p => p.Number));
        Assert.Equal("open", bed.Fake.PullRequests(GitHubTestBed.Repo).Single(p => p.Number == theirs).State);
        Assert.DoesNotContain(bed.Fake.Requests, r => r.Path == "/user");
    }

    [Fact]
    public async Task A_custom_branch_setting_is_one_of_the_tools_branches()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        var settings = Settings with { Branch = "images/update" };
        var publisher = await bed.PublisherAsync();
        var result = await new PullRequestPublication(publisher, settings).PublishAsync("main", Groups(settings), null, CancellationToken.None);
        bed.Fake.ClosePullRequest(GitHubTestBed.Repo, result.Published[0].Number!.Value);

        Assert.Single(await publisher.ListToolPullRequestsAsync(settings.Ownership, CancellationToken.None));
        Assert.Empty(await publisher.ListToolPullRequestsAsync(Settings.Ownership, CancellationToken.None));
    }

    [Fact]
    public async Task The_tool_does_not_close_a_persons_pull_request_on_one_of_its_branches()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        var number = bed.Fake.OpenPullRequest(GitHubTestBed.Repo, "gitstreamsync/main", "main", "copy", ToolBody(), "alice");
        var publisher = await bed.PublisherAsync();

        var closed = await publisher.CloseAsync("gitstreamsync/main", "nothing left", Settings.Ownership, CancellationToken.None);

        Assert.Null(closed);
        var pr = Assert.Single(bed.Fake.PullRequests(GitHubTestBed.Repo));
        Assert.Equal((number, "open"), (pr.Number, pr.State));
        Assert.Empty(pr.Comments);
    }

    private sealed class NoPublisher : IPullRequestPublisher
    {
        public Task<PublishedPullRequest> PublishAsync(PullRequestDraft draft, CancellationToken cancellationToken) => throw new InvalidOperationException();

        public Task<ToolPullRequest?> CloseAsync(string headBranch, string comment, PullRequestOwnership ownership, CancellationToken cancellationToken) => throw new InvalidOperationException();

        public Task<IReadOnlyList<ToolPullRequest>> ListToolPullRequestsAsync(PullRequestOwnership ownership, CancellationToken cancellationToken) => throw new InvalidOperationException();

        public Task<IReadOnlyList<ToolPullRequest>> ListToolPullRequestsAsync(PullRequestOwnership ownership, ClosedPullRequestWindow closed, CancellationToken cancellationToken) => throw new InvalidOperationException();
    }
}
