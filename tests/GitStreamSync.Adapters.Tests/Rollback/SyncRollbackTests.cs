using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Rollback;
using GitStreamSync.Core.Run;
using GitStreamSync.Adapters.Git;
using GitStreamSync.Adapters.GitHub;
using GitStreamSync.Adapters.Tests.GitHub;
using GitStreamSync.Adapters.Tests.Git;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Rollback;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static GitStreamSync.Adapters.Tests.Git.GitTestSupport;

namespace GitStreamSync.Adapters.Tests.Rollback;

/// <summary>
/// Rollbacks hold on later sync runs, over the loopback Git server and the GitHub fake: the
/// tool's update lands on the base in one of three ways (or stays a pull request), a person rolls it
/// back in one of several ways (a revert, a hand edit, closing the pull request in the fake, or
/// <c>rollback</c>), and the next runs are checked.
/// </summary>
public sealed class SyncRollbackTests(GitServerFixture fixture) : IClassFixture<GitServerFixture>, IAsyncLifetime
{
    private const string File = "streams/ubuntu.yaml";
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);
    private static readonly Digest A1 = FakeDigestResolver.DigestOf("a1");
    private static readonly Digest B1 = FakeDigestResolver.DigestOf("b1");
    private static readonly Digest X = FakeDigestResolver.DigestOf("x");
    private static readonly Digest Y = FakeDigestResolver.DigestOf("y");

    public enum Way
    {
        RevertDirectCommit,
        RevertMergeCommit,
        RevertSquashCommit,
        HandEdit,
        ClosedPullRequest,
        RollbackCommand,
    }

    // Pull requests are closed after the proposal (run 2, Now + 2 h) and before the runs that follow.
    private readonly FakeTimeProvider gitHubClock = new(Now.AddHours(2.5));
    private GitHubTestBed github = null!;
    private OctokitPullRequestPublisher publisher = null!;

    public async Task InitializeAsync()
    {
        github = await GitHubTestBed.StartAsync(gitHubClock);
        publisher = await github.PublisherAsync();
    }

    public async Task DisposeAsync() => await github.DisposeAsync();

    private GitHttpServer Server => fixture.Server;

    private static FakeDigestResolver Registry(Digest ubuntu16, Digest ubuntu18) => new FakeDigestResolver()
        .Answer("ubuntu:16.04", ubuntu16)
        .Answer("ubuntu:18.04", ubuntu18)
        .Answer("quay.io/org/app:latest", FakeDigestResolver.DigestOf("app"));

    [Theory(Timeout = 180_000)]
    [InlineData(Way.RevertDirectCommit)]
    [InlineData(Way.RevertMergeCommit)]
    [InlineData(Way.RevertSquashCommit)]
    [InlineData(Way.HandEdit)]
    [InlineData(Way.ClosedPullRequest)]
    [InlineData(Way.RollbackCommand)]
    public async Task A_rollback_holds_until_upstream_moves_and_is_released_by_reverting_it_or_include_rejected(Way way)
    {
        var name = NewName();
        var url = Server.CreateRepository(name, SyncRunnerGitTests.Streams());
        await RunAsync(url, Registry(A1, B1), pushToBase: true);
        using var person = GitWorkTree.Clone(Server.RepositoryPath(name));

        // The tool proposes X for 16.04 and a person rejects it.
        var proposal = await RunAsync(url, Registry(X, B1), pushToBase: way is Way.RevertDirectCommit or Way.HandEdit or Way.RollbackCommand);
        Assert.Equal([("16.04", X.ToString())], proposal.Changes.Select(c => (c.Tag, c.NewImage)));
        person.Pull();
        var rollback = await RejectAsync(url, person, way, proposal);
        person.Push();

        // The next run proposes nothing for 16.04, and says why; 18.04 at the same digest moves normally.
        var next = await RunAsync(url, Registry(X, X), dryRun: true);
        Assert.Equal([("18.04", X.ToString())], next.Changes.Select(c => (c.Tag, c.NewImage)));
        var held = Assert.Single(next.Held);
        Assert.Equal(($"{File}#myubuntu", "16.04", X), (held.StreamKey, held.Tag, held.Digest));
        Assert.Contains(way == Way.ClosedPullRequest ? $"closed pull request #{rollback}" : CommitId.Short(rollback), held.Source, StringComparison.Ordinal);

        // --include-rejected proposes it anyway.
        var included = await RunAsync(url, Registry(X, B1), dryRun: true, includeRejected: true);
        Assert.Equal([("16.04", X.ToString())], included.Changes.Select(c => (c.Tag, c.NewImage)));
        Assert.Empty(included.Held);

        // Upstream retags: the new digest is proposed normally.
        var retagged = await RunAsync(url, Registry(Y, B1), dryRun: true);
        Assert.Equal([("16.04", Y.ToString())], retagged.Changes.Select(c => (c.Tag, c.NewImage)));
        Assert.Empty(retagged.Held);

        // Reverting the rollback (or, for a closed pull request, a person setting X) lifts the hold.
        if (way == Way.ClosedPullRequest)
        {
            await RunAsync(url, Registry(X, B1), pushToBase: true, includeRejected: true);
        }
        else
        {
            person.Pull();
            person.Revert(rollback);
            person.Push();
        }

        var lifted = await RunAsync(url, Registry(X, X), dryRun: true);
        Assert.Empty(lifted.Held);
        Assert.Equal([("18.04", X.ToString())], lifted.Changes.Select(c => (c.Tag, c.NewImage)));
    }

    [Fact(Timeout = 180_000)]
    public async Task A_per_tag_setting_releases_the_hold_for_that_tag_only()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, SyncRunnerGitTests.Streams());
        await RunAsync(url, Registry(A1, B1), pushToBase: true);
        var update = await RunAsync(url, Registry(X, X), pushToBase: true);
        using var person = GitWorkTree.Clone(Server.RepositoryPath(name));
        person.Revert(update.CommitId!);
        person.Push();
        Assert.Equal(2, (await RunAsync(url, Registry(X, X), dryRun: true)).Held.Count);

        person.Write(".gitstreamsync.yaml", "rollback:\n  historyDepth: 50\n  includeRejected: [\"myubuntu:18.04\"]\n");
        person.Commit("Take 18.04 forward again");
        person.Push();
        var released = await RunAsync(url, Registry(X, X), dryRun: true);

        Assert.Equal([("18.04", X.ToString())], released.Changes.Select(c => (c.Tag, c.NewImage)));
        Assert.Equal(["16.04"], released.Held.Select(h => h.Tag));
    }

    [Fact(Timeout = 180_000)]
    public async Task A_recorded_close_holds_without_the_api_and_a_later_commit_setting_the_digest_still_releases_it()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, SyncRunnerGitTests.Streams());
        await RunAsync(url, Registry(A1, B1), pushToBase: true);
        var proposal = await RunAsync(url, Registry(X, B1));
        using var person = GitWorkTree.Clone(Server.RepositoryPath(name));
        var number = await RejectAsync(url, person, Way.ClosedPullRequest, proposal);

        // A dry run holds it from the API and records nothing; a run that writes records it.
        Assert.Single((await RunAsync(url, Registry(X, B1), dryRun: true)).Held);
        Assert.Null(GitCli.RevParse(Server.RepositoryPath(name), IRejectionLog.RefName));
        Assert.Single((await RunAsync(url, Registry(X, B1))).Held);
        Assert.NotNull(GitCli.RevParse(Server.RepositoryPath(name), IRejectionLog.RefName));

        var offline = await RunAsync(url, Registry(X, X), dryRun: true, withApi: false);
        var held = Assert.Single(offline.Held);
        Assert.Equal(("16.04", X, $"closed pull request #{number}"), (held.Tag, held.Digest, held.Source));

        // GitHub answering 503 to every listing is the same as no API: the record holds.
        github.Fake.FailNext("GET", "/repos/acme/images/pulls", 503, "Service Unavailable", times: 50);
        Assert.Equal([X], (await RunAsync(url, Registry(X, X), dryRun: true)).Held.Select(h => h.Digest));

        // Setting the digest on the base after the close accepts it, as for a close read from the API.
        await RunAsync(url, Registry(X, B1), pushToBase: true, includeRejected: true, withApi: false);
        var lifted = await RunAsync(url, Registry(X, X), dryRun: true, withApi: false);
        Assert.Empty(lifted.Held);
        Assert.Equal([("18.04", X.ToString())], lifted.Changes.Select(c => (c.Tag, c.NewImage)));
    }

    [Fact(Timeout = 180_000)]
    public async Task A_reverted_update_of_a_tag_imported_from_a_repository_listing_stays_reverted_until_upstream_moves()
    {
        const string Tools = "streams/tools.yaml";
        var name = NewName();
        var url = Server.CreateRepository(name, new Dictionary<string, string>(SyncRunnerGitTests.Streams())
        {
            [Tools] = "apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: tools\nspec:\n  dockerImageRepository: quay.io/org/tools\n",
        });
        FakeDigestResolver Tagged(Digest tools) => Registry(A1, B1).Lists("quay.io/org/tools", "1.0").Answer("quay.io/org/tools:1.0", tools);
        await RunAsync(url, Tagged(A1), pushToBase: true);
        var update = await RunAsync(url, Tagged(X), pushToBase: true);
        var change = Assert.Single(update.Changes);
        Assert.Equal(($"{Tools}#tools", "1.0", X.ToString(), true), (change.StreamKey, change.Tag, change.NewImage, change.Imported));

        // A person reverts the update of the imported tag, as for a spec tag.
        using var person = GitWorkTree.Clone(Server.RepositoryPath(name));
        var revert = person.Revert(update.CommitId!);
        person.Push();

        // Every later run while upstream still serves X proposes nothing for it, and says why.
        for (var run = 0; run < 2; run++)
        {
            var next = await RunAsync(url, Tagged(X), pushToBase: run == 0);
            Assert.Empty(next.Changes);
            var held = Assert.Single(next.Held);
            Assert.Equal(($"{Tools}#tools", "1.0", X), (held.StreamKey, held.Tag, held.Digest));
            Assert.Contains(CommitId.Short(revert), held.Source, StringComparison.Ordinal);
        }

        Assert.Contains(A1.ToString(), GitCli.Show(Server.RepositoryPath(name), "main", Tools), StringComparison.Ordinal);
        Assert.DoesNotContain(X.ToString(), GitCli.Show(Server.RepositoryPath(name), "main", Tools), StringComparison.Ordinal);

        // Upstream retags: the new digest is proposed normally.
        var retagged = await RunAsync(url, Tagged(Y), dryRun: true);
        Assert.Equal([("1.0", Y.ToString())], retagged.Changes.Select(c => (c.Tag, c.NewImage)));
        Assert.Empty(retagged.Held);
    }

    /// <summary>Lands (unless direct) and rejects the proposal; returns the commit that rejected it, or the closed pull request's number.</summary>
    private async Task<string> RejectAsync(string url, GitWorkTree person, Way way, SyncReport proposal)
    {
        switch (way)
        {
            case Way.RevertDirectCommit:
                return person.Revert(proposal.CommitId!);
            case Way.RevertMergeCommit:
                person.Git("merge", "-q", "--no-ff", "-m", "Merge pull request #12 from acme/gitstreamsync/main", "origin/gitstreamsync/main");
                return person.Revert(person.Head, merge: true);
            case Way.RevertSquashCommit:
                var message = person.Git("log", "-1", "--format=%B", "origin/gitstreamsync/main");
                person.Git("merge", "-q", "--squash", "origin/gitstreamsync/main");
                var squash = person.Commit($"Update image digests (1) (#12)\n\n* {message}\nCo-authored-by: Pat <pat@example.invalid>\n");
                return person.Revert(squash);
            case Way.HandEdit:
                person.Git("checkout", "HEAD~1", "--", File);
                return person.Commit("Pin ubuntu 16.04 back: X breaks the build");
            case Way.RollbackCommand:
                var rolledBack = await new RollbackRunner(new LibGit2SharpWorkspaceFactory(Options(Server)), NullLogger.Instance).RunAsync(
                    new RollbackRequest { Location = url, Target = new RollbackTarget("myubuntu", "16.04"), Now = Now.AddHours(++runs), RunId = $"run-{runs}", PushToBase = true },
                    CancellationToken.None);
                Assert.Equal((RollbackOutcome.Pushed, A1.ToString()), (rolledBack.Outcome, rolledBack.To!.Image));
                person.Pull();
                return rolledBack.CommitId!;
            default:
                // The tool's pull request for the proposal, opened in the GitHub fake and closed there by a person.
                var content = PullRequestContentBuilder.Build(new PullRequestRunFacts { BaseBranch = "main", Now = Now, RunId = "run-2", Changes = proposal.Changes });
                var published = await GitHub.PublicationRun.PublishAsync(
                    new PullRequestPublication(publisher, PullRequestSettings.Default), "main", [new PullRequestGroup(proposal.Branch, content)], null, CancellationToken.None);
                var number = Assert.Single(published.Published).Number!.Value;
                github.Fake.ClosePullRequest(GitHubTestBed.Repo, number);
                return number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private async Task<SyncReport> RunAsync(
        string url, FakeDigestResolver registry, bool pushToBase = false, bool dryRun = false, bool includeRejected = false, bool withApi = true)
    {
        var rollback = new RollbackDetection(new CommitHistoryReader(), NullLogger.Instance, new GitRejectionLog());
        var runner = new SyncRunner(
            new LibGit2SharpWorkspaceFactory(Options(Server)), _ => registry, NullLogger.Instance, rollback, new PullRequestPort { Publisher = withApi ? publisher : null, NoPullRequest = true });
        return await runner.RunAsync(
            new SyncRequest
            {
                Location = url,
                Now = Now.AddHours(++runs),
                RunId = $"run-{runs}",
                PushToBase = pushToBase,
                DryRun = dryRun,
                IncludeRejected = includeRejected,
            },
            CancellationToken.None);
    }

    private int runs;
}
