using GitStreamSync.Adapters.Git;
using GitStreamSync.Adapters.Tests.Git;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Planning;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Rollback;
using GitStreamSync.Core.Sync;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Rollback;
using Microsoft.Extensions.Logging.Abstractions;
using static GitStreamSync.Adapters.Tests.Git.GitTestSupport;

namespace GitStreamSync.Adapters.Tests.Rollback;

/// <summary>
/// Rollbacks made in Git hold on later sync runs (issue 7), over the loopback Git server: the tool's
/// update lands on the base in one of three ways, a person rolls it back in one of several ways, and
/// the next runs are checked.
/// </summary>
public sealed class SyncRollbackTests(GitServerFixture fixture) : IClassFixture<GitServerFixture>
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
    }

    private GitHttpServer Server => fixture.Server;

    private static FakeDigestResolver Registry(Digest ubuntu16, Digest ubuntu18) => new FakeDigestResolver()
        .Answer("ubuntu:16.04", ubuntu16)
        .Answer("ubuntu:18.04", ubuntu18)
        .Answer("quay.io/org/app:latest", FakeDigestResolver.DigestOf("app"));

    [Theory]
    [InlineData(Way.RevertDirectCommit)]
    [InlineData(Way.RevertMergeCommit)]
    [InlineData(Way.RevertSquashCommit)]
    [InlineData(Way.HandEdit)]
    [InlineData(Way.ClosedPullRequest)]
    public async Task A_rollback_holds_until_upstream_moves_and_is_released_by_reverting_it_or_include_rejected(Way way)
    {
        var name = NewName();
        var url = Server.CreateRepository(name, SyncRunnerGitTests.Streams());
        await RunAsync(url, Registry(A1, B1), pushToBase: true);
        using var person = GitWorkTree.Clone(Server.RepositoryPath(name));
        var closed = new List<ToolPullRequest>();

        // The tool proposes X for 16.04 and a person rejects it.
        var proposal = await RunAsync(url, Registry(X, B1), pushToBase: way is Way.RevertDirectCommit or Way.HandEdit);
        Assert.Equal([("16.04", X.ToString())], proposal.Changes.Select(c => (c.Tag, c.NewImage)));
        person.Pull();
        var rollback = RejectInGit(person, way, proposal, closed);
        person.Push();

        // The next run proposes nothing for 16.04, and says why; 18.04 at the same digest moves normally.
        var next = await RunAsync(url, Registry(X, X), dryRun: true, closed: closed);
        Assert.Equal([("18.04", X.ToString())], next.Changes.Select(c => (c.Tag, c.NewImage)));
        var held = Assert.Single(next.Held);
        Assert.Equal(($"{File}#myubuntu", "16.04", X), (held.StreamKey, held.Tag, held.Digest));
        Assert.Contains(way == Way.ClosedPullRequest ? "closed pull request #12" : rollback![..7], held.Source, StringComparison.Ordinal);

        // --include-rejected proposes it anyway.
        var included = await RunAsync(url, Registry(X, B1), dryRun: true, closed: closed, includeRejected: true);
        Assert.Equal([("16.04", X.ToString())], included.Changes.Select(c => (c.Tag, c.NewImage)));
        Assert.Empty(included.Held);

        // Upstream retags: the new digest is proposed normally.
        var retagged = await RunAsync(url, Registry(Y, B1), dryRun: true, closed: closed);
        Assert.Equal([("16.04", Y.ToString())], retagged.Changes.Select(c => (c.Tag, c.NewImage)));
        Assert.Empty(retagged.Held);

        // Reverting the rollback (or, for a closed pull request, a person setting X) lifts the hold.
        if (way == Way.ClosedPullRequest)
        {
            await RunAsync(url, Registry(X, B1), pushToBase: true, closed: closed, includeRejected: true);
        }
        else
        {
            person.Pull();
            person.Revert(rollback!);
            person.Push();
        }

        var lifted = await RunAsync(url, Registry(X, X), dryRun: true, closed: closed);
        Assert.Empty(lifted.Held);
        Assert.Equal([("18.04", X.ToString())], lifted.Changes.Select(c => (c.Tag, c.NewImage)));
    }

    [Fact]
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

    /// <summary>Lands (unless direct) and rejects the proposal; returns the commit that rejected it, if any.</summary>
    private static string? RejectInGit(GitWorkTree person, Way way, SyncReport proposal, List<ToolPullRequest> closed)
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
            default:
                var proposed = CommitMessageParser.Parse(proposal.CommitMessage!).Digests
                    .Select(d => new PullRequestMarkerEntry(new PullRequestTagKey(d.Key.FilePath, d.Key.Stream, d.Key.Tag), d.OldDigest, d.NewDigest))
                    .ToList();
                closed.Add(new ToolPullRequest(12, new Uri("http://127.0.0.1/pull/12"), "gitstreamsync/main", "main", ToolPullRequestState.ClosedUnmerged, Now.AddMinutes(30), new PullRequestMarker("main", null, proposed)));
                return null;
        }
    }

    private async Task<SyncReport> RunAsync(string url, FakeDigestResolver registry, bool pushToBase = false, bool dryRun = false, List<ToolPullRequest>? closed = null, bool includeRejected = false)
    {
        var rollback = new RollbackDetection(new CommitHistoryReader(), new ListedPullRequests(closed ?? []), NullLogger.Instance);
        var runner = new SyncRunner(new LibGit2SharpWorkspaceFactory(Options(Server)), _ => registry, NullLogger.Instance, rollback);
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

    /// <summary>The hosting service's answer to "the tool's pull requests"; publishing is not part of these tests.</summary>
    private sealed class ListedPullRequests(IReadOnlyList<ToolPullRequest> pullRequests) : IPullRequestPublisher
    {
        public Task<IReadOnlyList<ToolPullRequest>> ListToolPullRequestsAsync(CancellationToken cancellationToken) => Task.FromResult(pullRequests);

        public Task<PublishedPullRequest> PublishAsync(PullRequestDraft draft, CancellationToken cancellationToken) => throw new InvalidOperationException("not published in these tests");

        public Task<ToolPullRequest?> CloseAsync(string headBranch, string comment, CancellationToken cancellationToken) => throw new InvalidOperationException("not closed in these tests");
    }
}
