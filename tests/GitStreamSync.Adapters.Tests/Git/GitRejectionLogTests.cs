using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Rollback;
using GitStreamSync.Adapters.Files;
using GitStreamSync.Adapters.Git;
using GitStreamSync.Testing.Git;
using Microsoft.Extensions.Logging.Abstractions;
using static GitStreamSync.Adapters.Tests.Git.GitTestSupport;

namespace GitStreamSync.Adapters.Tests.Git;

/// <summary>
/// The record of rejections on <c>refs/gitstreamsync/rejections</c> over the loopback Git server:
/// written as commits on a ref that is no branch, brought by every clone, and appended with a lease
/// when two runs record at once.
/// </summary>
public sealed class GitRejectionLogTests(GitServerFixture fixture) : IClassFixture<GitServerFixture>
{
    private static readonly TagKey Latest = new("streams/app.yaml", "app", "latest");

    private GitHttpServer Server => fixture.Server;

    private static RecordedRejection Close(int number, int minute) =>
        new(number, new Uri($"https://github.com/acme/app/pull/{number}"), "main", When.AddMinutes(minute),
            [new RejectedTrailer(Latest, Digest.Parse("sha256:" + number.ToString("x", System.Globalization.CultureInfo.InvariantCulture).PadLeft(64, 'b')))]);

    private static RollbackDetection Detection() => new(new CommitHistoryReader(), NullLogger.Instance, new GitRejectionLog());

    private static async Task<int> RecordAsync(IRepositoryWorkspace workspace, RejectionRecord known, params RecordedRejection[] learned) =>
        await Detection().RecordAsync(workspace, new RollbackFindings(RejectionSet.Empty, known, learned), GitIdentity.Default, When, CancellationToken.None);

    [Fact(Timeout = 120_000)]
    public async Task A_recorded_close_is_a_commit_on_the_tool_ref_that_a_fresh_clone_reads_back_and_no_branch()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Seed());
        using (var first = await OpenAsync(Options(Server), url))
        {
            Assert.Null((await Detection().ReadRecordAsync(first, refresh: false, CancellationToken.None)).Tip);
            Assert.Equal(2, await RecordAsync(first, RejectionRecord.Empty, Close(12, 1), Close(13, 2)));
            var config = await File.ReadAllTextAsync(Path.Combine(((LibGit2SharpWorkspace)first).GitDirectory, "config"));
            Assert.DoesNotContain(Server.Password, config, StringComparison.Ordinal);
            Assert.DoesNotContain("gitstreamsync", config, StringComparison.Ordinal);
        }

        var bare = Server.RepositoryPath(name);
        var tip = GitCli.RevParse(bare, IRejectionLog.RefName);
        Assert.NotNull(tip);
        Assert.Equal("Rejected: pull request #13 closed unmerged", GitCli.Run(bare, "log", "-1", "--format=%s", IRejectionLog.RefName).Trim());
        Assert.Equal(["README.md"], GitCli.Run(bare, "ls-tree", "--name-only", IRejectionLog.RefName).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("", GitCli.Run(bare, "branch", "--list", "*rejections*").Trim());

        using var fresh = await OpenAsync(Options(), url);
        var record = await Detection().ReadRecordAsync(fresh, refresh: false, CancellationToken.None);
        Assert.Equal(tip, record.Tip);
        Assert.Equal(2, record.PullRequestCount);
        Assert.Equal(When.AddMinutes(2), record.NewestClosedAt);
        Assert.Equal([12, 13], record.ClosedPullRequests("main").Select(p => p.Number));
        Assert.DoesNotContain(fresh.ReadPublishedBranchNames(), b => b.Contains("rejections", StringComparison.Ordinal));
    }

    [Fact(Timeout = 120_000)]
    public async Task Two_runs_recording_at_once_keep_both_closes_the_later_one_appends_on_top_after_reading_again()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Seed());
        using var one = await OpenAsync(Options(Server), url);
        using var two = await OpenAsync(Options(Server), url);
        var seenByTwo = await Detection().ReadRecordAsync(two, refresh: false, CancellationToken.None);

        Assert.Equal(1, await RecordAsync(one, await Detection().ReadRecordAsync(one, refresh: false, CancellationToken.None), Close(12, 1)));
        // The second run read the record before the first pushed: its lease fails, it reads again and appends.
        Assert.Equal(1, await RecordAsync(two, seenByTwo, Close(14, 3)));

        var bare = Server.RepositoryPath(name);
        Assert.Equal(
            ["Rejected: pull request #14 closed unmerged", "Rejected: pull request #12 closed unmerged"],
            GitCli.Run(bare, "log", "--format=%s", IRejectionLog.RefName).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var record = await Detection().ReadRecordAsync(one, refresh: true, CancellationToken.None);
        Assert.Equal([12, 14], record.ClosedPullRequests("main").Select(p => p.Number));
    }

    [Fact(Timeout = 120_000)]
    public async Task A_run_that_lost_the_race_to_record_the_same_close_appends_nothing()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Seed());
        using var one = await OpenAsync(Options(Server), url);
        using var two = await OpenAsync(Options(Server), url);

        Assert.Equal(1, await RecordAsync(one, RejectionRecord.Empty, Close(12, 1)));
        Assert.Equal(0, await RecordAsync(two, RejectionRecord.Empty, Close(12, 1)));

        Assert.Equal("1", GitCli.Run(Server.RepositoryPath(name), "rev-list", "--count", IRejectionLog.RefName).Trim());
    }

    [Fact(Timeout = 120_000)]
    public async Task A_stale_tip_is_refused_and_the_record_on_the_server_is_left_as_it_is()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Seed());
        using var one = await OpenAsync(Options(Server), url);
        using var two = await OpenAsync(Options(Server), url);
        await RecordAsync(one, RejectionRecord.Empty, Close(12, 1));
        var tip = GitCli.RevParse(Server.RepositoryPath(name), IRejectionLog.RefName);

        var append = new RejectionLogAppend(null, [RejectionRecordMessage.Format(Close(14, 3))], "README.md", "x\n", GitIdentity.Default, When);
        await Assert.ThrowsAsync<RejectionLogMovedException>(() => new GitRejectionLog().AppendAsync(two, append, CancellationToken.None));

        Assert.Equal(tip, GitCli.RevParse(Server.RepositoryPath(name), IRejectionLog.RefName));
    }

    [Fact(Timeout = 120_000)]
    public async Task Without_a_remote_the_record_is_a_local_ref_and_a_plain_folder_keeps_none()
    {
        using var folder = new TemporaryDirectory("record");
        var work = Path.Combine(folder.Path, "work");
        GitCli.Run(folder.Path, "init", "-q", "--initial-branch=main", work);
        GitCli.WriteFiles(work, Seed());
        GitCli.Run(work, "add", "-A");
        GitCli.Run(work, "commit", "-q", "-m", "seed");
        using (var local = await OpenAsync(Options(), work))
        {
            Assert.Equal(1, await RecordAsync(local, RejectionRecord.Empty, Close(12, 1)));
        }

        Assert.Equal("Rejected: pull request #12 closed unmerged", GitCli.Run(work, "log", "-1", "--format=%s", IRejectionLog.RefName).Trim());

        var plain = Path.Combine(folder.Path, "plain");
        GitCli.WriteFiles(plain, Seed());
        using var files = new FolderWorkspace(plain);
        Assert.Equal(0, await RecordAsync(files, RejectionRecord.Empty, Close(12, 1)));
        Assert.Null((await Detection().ReadRecordAsync(files, refresh: true, CancellationToken.None)).Tip);
        Assert.Equal(["streams"], Directory.EnumerateFileSystemEntries(plain).Select(Path.GetFileName).Where(n => n != "README.md"));
    }
}
