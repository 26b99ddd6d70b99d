using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Testing.Git;
using static GitStreamSync.Adapters.Tests.Git.GitTestSupport;

namespace GitStreamSync.Adapters.Tests.Git;

/// <summary>
/// What a push refused with "failed to update ref" (or "failed to delete") means: receive-pack gives
/// that one answer for a lost race, a ref lock another receive-pack holds (our own earlier attempt,
/// cut short on our side by an interrupted system call, may still hold it) and a ref file/folder
/// conflict. The remote's refs, read after the refusal, tell them apart.
/// </summary>
public sealed class PushRefusalTests(GitServerFixture fixture) : IClassFixture<GitServerFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private GitHttpServer Server => fixture.Server;

    [Fact]
    public async Task A_refused_push_whose_commit_the_branch_already_holds_is_done()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Seed());
        using var workspace = await OpenAsync(Options(Server), url);
        var commit = await workspace.CommitAsync(Commit(new SourceFile("streams/app.yaml", "kind: ImageStream\nmetadata:\n  name: app\nstatus: {}\n")), CancellationToken.None);
        await workspace.PublishAsync(new PublishRequest("gitstreamsync/main", commit.Id, PublishMode.ReplaceToolBranch, null), CancellationToken.None);
        using var locked = LockRef(name, "gitstreamsync/main");

        var outcome = await workspace.PublishAsync(new PublishRequest("gitstreamsync/main", commit.Id, PublishMode.ReplaceToolBranch, commit.Id), CancellationToken.None);

        Assert.Equal(PublishOutcome.Pushed, outcome);
        Assert.Equal(commit.Id, Server.BranchTip(name, "gitstreamsync/main"));
    }

    [Fact]
    public async Task A_refused_push_of_a_commit_the_branch_does_not_hold_is_a_moved_branch()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Seed());
        using var workspace = await OpenAsync(Options(Server), url);
        var first = await workspace.CommitAsync(Commit(new SourceFile("streams/app.yaml", "kind: ImageStream\nmetadata:\n  name: app\nstatus: {}\n")), CancellationToken.None);
        await workspace.PublishAsync(new PublishRequest("gitstreamsync/main", first.Id, PublishMode.ReplaceToolBranch, null), CancellationToken.None);
        var second = await workspace.CommitAsync(Commit(new SourceFile("streams/app.yaml", "kind: ImageStream\nmetadata:\n  name: app\nstatus: {tags: []}\n")), CancellationToken.None);
        using var locked = LockRef(name, "gitstreamsync/main");

        var moved = await Assert.ThrowsAsync<BranchMovedException>(() =>
            workspace.PublishAsync(new PublishRequest("gitstreamsync/main", second.Id, PublishMode.ReplaceToolBranch, first.Id), CancellationToken.None));
        // Commit ids as the remote holds them, never a sentence cut to a commit id's length.
        Assert.Equal($"branch 'gitstreamsync/main' moved during the run (expected {first.Id[..7]}, found {first.Id[..7]})", moved.Message);
        Assert.Equal(first.Id, Server.BranchTip(name, "gitstreamsync/main"));
    }

    [Fact]
    public async Task A_branch_another_writer_deleted_first_is_deleted()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Seed());
        using var workspace = await OpenAsync(Options(Server), url);
        var commit = await workspace.CommitAsync(Commit(new SourceFile("streams/app.yaml", "kind: ImageStream\nmetadata:\n  name: app\nstatus: {}\n")), CancellationToken.None);
        await workspace.PublishAsync(new PublishRequest("gitstreamsync/main", commit.Id, PublishMode.ReplaceToolBranch, null), CancellationToken.None);

        using (var hold = Server.Hold(GitRequestKind.ReceivePack))
        {
            var deleting = workspace.DeleteBranchAsync("gitstreamsync/main", commit.Id, CancellationToken.None);
            Assert.True(await Server.WaitUntilHeldAsync(GitRequestKind.ReceivePack, Bound), "the delete never reached the server");
            GitCli.Run(Server.RepositoryPath(name), "update-ref", "-d", "refs/heads/gitstreamsync/main");
            hold.Dispose();
            await deleting;
        }

        Assert.Null(Server.BranchTip(name, "gitstreamsync/main"));
        Assert.Null(workspace.ReadPublishedBranch("gitstreamsync/main"));
    }

    [Fact]
    public async Task A_branch_in_the_way_created_during_the_push_is_a_naming_conflict_not_a_moved_branch()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Seed());
        using var workspace = await OpenAsync(Options(Server), url);
        var commit = await workspace.CommitAsync(Commit(new SourceFile("streams/app.yaml", "kind: ImageStream\nmetadata:\n  name: app\nstatus: {}\n")), CancellationToken.None);

        PushRejectedException refused;
        using (var hold = Server.Hold(GitRequestKind.ReceivePack))
        {
            var publishing = workspace.PublishAsync(new PublishRequest("gitstreamsync/main/app", commit.Id, PublishMode.ReplaceToolBranch, null), CancellationToken.None);
            Assert.True(await Server.WaitUntilHeldAsync(GitRequestKind.ReceivePack, Bound), "the push never reached the server");
            GitCli.Run(Server.RepositoryPath(name), "update-ref", "refs/heads/gitstreamsync/main", workspace.BaseCommit);
            hold.Dispose();
            refused = await Assert.ThrowsAsync<PushRejectedException>(() => publishing);
        }

        Assert.Contains("refs/heads/gitstreamsync/main exists", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Git cannot hold refs/heads/gitstreamsync/main/app beside it", refused.Message, StringComparison.Ordinal);
        Assert.Null(Server.BranchTip(name, "gitstreamsync/main/app"));
    }

    /// <summary>The lock file receive-pack takes while it updates a ref: another update of it is refused meanwhile.</summary>
    private LockFile LockRef(string repository, string branch)
    {
        var path = Path.Combine(Server.RepositoryPath(repository), "refs", "heads", branch + ".lock");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        return new LockFile(path);
    }

    private sealed class LockFile(string path) : IDisposable
    {
        public void Dispose() => File.Delete(path);
    }
}
