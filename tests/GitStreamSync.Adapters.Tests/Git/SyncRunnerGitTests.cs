using GitStreamSync.Core.Publish;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Run;
using GitStreamSync.Adapters.Git;
using GitStreamSync.Testing.Git;
using Microsoft.Extensions.Logging.Abstractions;
using static GitStreamSync.Adapters.Tests.Git.GitTestSupport;

namespace GitStreamSync.Adapters.Tests.Git;

/// <summary>The sync run over a real Git server (loopback, Basic auth for push) with a table for a registry.</summary>
public sealed class SyncRunnerGitTests(GitServerFixture fixture) : IClassFixture<GitServerFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);
    private GitHttpServer Server => fixture.Server;

    internal static Dictionary<string, string> Streams() => new()
    {
        ["streams/ubuntu.yaml"] = """
            apiVersion: image.openshift.io/v1
            kind: ImageStream
            metadata:
              name: myubuntu
            spec:
              tags:
              - name: "16.04"
                from:
                  kind: DockerImage
                  name: ubuntu:16.04
              - name: "18.04"
                from:
                  kind: DockerImage
                  name: ubuntu:18.04

            """,
        ["streams/app.yaml"] = "apiVersion: image.openshift.io/v1\r\nkind: ImageStream\r\nmetadata:\r\n  name: app\r\nspec:\r\n  tags:\r\n  - name: latest\r\n    from:\r\n      kind: DockerImage\r\n      name: quay.io/org/app:latest\r\n",
        ["README.md"] = "# images\n",
    };

    internal static FakeDigestResolver Registry(string generation = "v1") => new FakeDigestResolver()
        .Answer("ubuntu:16.04", FakeDigestResolver.DigestOf("ubuntu16" + generation))
        .Answer("ubuntu:18.04", FakeDigestResolver.DigestOf("ubuntu18" + generation))
        .Answer("quay.io/org/app:latest", FakeDigestResolver.DigestOf("app" + generation));

    [Fact]
    public async Task A_first_run_pushes_one_commit_on_the_tool_branch_with_a_trailer_per_tag()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Streams());

        var report = await RunAsync(url, Registry());

        Assert.Equal(SyncOutcome.Pushed, report.Outcome);
        Assert.Equal("gitstreamsync/main", report.Branch);
        Assert.Equal(3, report.Changes.Count);
        var bare = Server.RepositoryPath(name);
        Assert.Equal(report.CommitId, Server.BranchTip(name, "gitstreamsync/main"));
        Assert.Equal(Server.BranchTip(name, "main"), GitCli.RevParse(bare, "gitstreamsync/main^"));
        Assert.Equal(["streams/app.yaml", "streams/ubuntu.yaml"], GitCli.Run(bare, "diff", "--name-only", "main", "gitstreamsync/main").Trim().Split('\n'));
        var message = GitCli.Run(bare, "log", "-1", "--format=%B", "gitstreamsync/main");
        Assert.StartsWith("Update 3 image digests in 2 ImageStreams\n", message, StringComparison.Ordinal);
        var record = CommitMessageParser.Parse(message);
        Assert.Equal(3, record.Digests.Count);
        Assert.Equal("run-1", record.RunId);
        Assert.Contains(new DigestTrailer(new TagKey("streams/ubuntu.yaml", "myubuntu", "16.04"), null, FakeDigestResolver.DigestOf("ubuntu16v1")), record.Digests);
        var gitTrailers = GitCli.Run(bare, "log", "-1", "--format=%(trailers:key=Image-Stream-Tag,valueonly)", "gitstreamsync/main").Trim().Split('\n');
        Assert.Equal(3, gitTrailers.Length);
        Assert.EndsWith("\r\n", GitCli.Show(bare, "gitstreamsync/main", "streams/app.yaml").Split("status:")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_run_without_upstream_change_neither_commits_nor_pushes()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Streams());
        var first = await RunAsync(url, Registry());
        var requestsBefore = Server.BackendRequests().Count;
        Assert.Contains(Server.BackendRequests(), line => line.Contains("git-receive-pack", StringComparison.Ordinal));

        var second = await RunAsync(url, Registry(), runId: "run-2", now: Now.AddHours(1));

        Assert.Equal(SyncOutcome.AlreadyProposed, second.Outcome);
        Assert.Equal(first.CommitId, second.CommitId);
        Assert.Equal(first.CommitId, Server.BranchTip(name, "gitstreamsync/main"));
        var requestsOfSecondRun = Server.BackendRequests().Skip(requestsBefore).ToList();
        Assert.Contains(requestsOfSecondRun, line => line.Contains("git-upload-pack", StringComparison.Ordinal));
        Assert.DoesNotContain(requestsOfSecondRun, line => line.Contains("git-receive-pack", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_with_nothing_to_change_reports_so_and_pushes_nothing()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Streams());
        await RunAsync(url, Registry(), pushToBase: true);
        var tip = Server.BranchTip(name, "main");

        var again = await RunAsync(url, Registry(), pushToBase: true, runId: "run-2", now: Now.AddHours(1));

        Assert.Equal(SyncOutcome.NothingToChange, again.Outcome);
        Assert.Empty(again.Changes);
        Assert.Null(again.CommitId);
        Assert.Equal(tip, Server.BranchTip(name, "main"));
        Assert.Null(Server.BranchTip(name, "gitstreamsync/main"));
    }

    [Fact]
    public async Task An_upstream_retag_replaces_the_tool_branch_with_a_commit_on_the_base()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Streams());
        var first = await RunAsync(url, Registry());
        var moved = Registry().Answer("ubuntu:16.04", FakeDigestResolver.DigestOf("rebuilt"));

        var second = await RunAsync(url, moved, runId: "run-2");

        Assert.Equal(SyncOutcome.Pushed, second.Outcome);
        Assert.NotEqual(first.CommitId, second.CommitId);
        var bare = Server.RepositoryPath(name);
        Assert.Equal(Server.BranchTip(name, "main"), GitCli.RevParse(bare, "gitstreamsync/main^"));
        Assert.Contains(FakeDigestResolver.DigestOf("rebuilt").ToString(), GitCli.Show(bare, "gitstreamsync/main", "streams/ubuntu.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registry_fault_for_some_tags_still_commits_the_others()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Streams());
        var registry = Registry().Fail("quay.io/org/app:latest", ResolutionFailureKind.Timeout, "quay.io/org/app:latest: timed out");

        var report = await RunAsync(url, registry);

        Assert.Equal(SyncOutcome.Pushed, report.Outcome);
        Assert.True(report.HasFailures);
        Assert.Single(report.Deferred);
        Assert.Equal(["streams/ubuntu.yaml"], report.ChangedFiles);
        Assert.Equal("streams/ubuntu.yaml", GitCli.Run(Server.RepositoryPath(name), "diff", "--name-only", "main", "gitstreamsync/main").Trim());
    }

    [Fact]
    public async Task A_dry_run_prints_the_diff_and_writes_nothing()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Streams());

        var report = await RunAsync(url, Registry(), dryRun: true);

        Assert.Equal(SyncOutcome.DryRun, report.Outcome);
        Assert.Contains("--- a/streams/ubuntu.yaml\n+++ b/streams/ubuntu.yaml\n", report.Diff, StringComparison.Ordinal);
        Assert.Contains("+status:", report.Diff, StringComparison.Ordinal);
        Assert.Null(Server.BranchTip(name, "gitstreamsync/main"));
        Assert.StartsWith("Update 3 image digests", report.CommitMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_to_base_retries_on_a_base_that_moved_during_the_run()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Streams());
        var registry = Registry();
        var moves = 0;
        registry.DuringResolve = () =>
        {
            if (moves++ == 0)
            {
                PushCommit(name, "other.txt", "someone else\n");
            }
        };

        var report = await RunAsync(url, registry, pushToBase: true);

        Assert.Equal(SyncOutcome.Pushed, report.Outcome);
        Assert.Equal(2, report.Attempts);
        Assert.Equal(1, registry.Calls);
        var bare = Server.RepositoryPath(name);
        Assert.Equal(report.CommitId, Server.BranchTip(name, "main"));
        Assert.Equal("someone else\n", GitCli.Show(bare, "main", "other.txt"));
        Assert.Equal("someone else", GitCli.Run(bare, "log", "-1", "--format=%s", "main^").Trim());
    }

    [Fact]
    public async Task Two_runs_at_once_leave_one_consistent_branch()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Streams());

        var reports = await Task.WhenAll(RunAsync(url, Registry(), runId: "run-a"), RunAsync(url, Registry(), runId: "run-b"));

        var tip = Server.BranchTip(name, "gitstreamsync/main");
        Assert.Contains(reports, r => r.Outcome == SyncOutcome.Pushed && r.CommitId == tip);
        Assert.All(reports, r => Assert.Contains(r.Outcome, new[] { SyncOutcome.Pushed, SyncOutcome.AlreadyProposed }));
        var bare = Server.RepositoryPath(name);
        Assert.Equal(Server.BranchTip(name, "main"), GitCli.RevParse(bare, "gitstreamsync/main^"));
        Assert.Equal("", GitCli.Run(bare, "fsck", "--no-progress", "--no-dangling").Trim());
    }

    [Fact]
    public async Task The_repository_settings_choose_paths_and_the_tool_branch()
    {
        var name = NewName();
        var files = Streams();
        files["elsewhere/other.yaml"] = files["streams/ubuntu.yaml"].Replace("myubuntu", "other", StringComparison.Ordinal);
        files[".gitstreamsync.yaml"] = "paths: [streams]\nbranch: images/update\n";
        var url = Server.CreateRepository(name, files);

        var report = await RunAsync(url, Registry());

        Assert.Equal("images/update", report.Branch);
        Assert.Equal(report.CommitId, Server.BranchTip(name, "images/update"));
        Assert.Equal(["streams/app.yaml", "streams/ubuntu.yaml"], report.ChangedFiles);
    }

    [Fact]
    public async Task A_refused_push_is_a_repository_error_and_nothing_is_pushed()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Streams());
        Server.RefusePushes(name, "frozen for the release");

        var error = await Assert.ThrowsAsync<PushRejectedException>(() => RunAsync(url, Registry()));

        Assert.Contains("pre-receive hook declined", error.Message, StringComparison.Ordinal);
        Assert.Null(Server.BranchTip(name, "gitstreamsync/main"));
    }

    private async Task<SyncReport> RunAsync(string url, FakeDigestResolver registry, bool pushToBase = false, bool dryRun = false, string runId = "run-1", DateTimeOffset? now = null)
    {
        var runner = new SyncRunner(new LibGit2SharpWorkspaceFactory(Options(Server)), _ => registry, NullLogger.Instance);
        return await runner.RunAsync(new SyncRequest { Location = url, Now = now ?? Now, RunId = runId, PushToBase = pushToBase, DryRun = dryRun }, CancellationToken.None);
    }

    private void PushCommit(string name, string path, string text)
    {
        using var work = new TemporaryDirectory("push");
        var clone = Path.Combine(work.Path, "c");
        GitCli.Run(work.Path, "clone", "-q", Server.RepositoryPath(name), clone);
        GitCli.WriteFiles(clone, new Dictionary<string, string> { [path] = text });
        GitCli.Run(clone, "add", "-A");
        GitCli.Run(clone, "commit", "-q", "-m", "someone else");
        GitCli.Run(clone, "push", "-q", "origin", "main");
    }
}
