using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Testing.Git;
using static GitStreamSync.Adapters.Tests.Git.GitTestSupport;

namespace GitStreamSync.Adapters.Tests.Git;

/// <summary>
/// Deleting the tool's branch over smart HTTP, and what the server says when a branch and another
/// whose name continues it after a '/' would both exist (Git's ref file/folder conflict).
/// </summary>
public sealed class BranchDeletionTests(GitServerFixture fixture) : IClassFixture<GitServerFixture>
{
    private GitHttpServer Server => fixture.Server;

    [Fact]
    public async Task A_branch_in_the_way_is_refused_with_a_message_naming_the_conflict_and_is_deleted_on_its_lease()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Seed());
        using (var first = await OpenAsync(Options(Server), url))
        {
            var commit = await first.CommitAsync(Commit(new SourceFile("streams/app.yaml", "kind: ImageStream\nmetadata:\n  name: app\nstatus: {}\n")), CancellationToken.None);
            await first.PublishAsync(new PublishRequest("gitstreamsync/main", commit.Id, PublishMode.ReplaceToolBranch, null), CancellationToken.None);
        }

        using var workspace = await OpenAsync(Options(Server), url);
        Assert.Equal(["gitstreamsync/main", "main"], workspace.ReadPublishedBranchNames());
        var perStream = await workspace.CommitAsync(Commit(new SourceFile("streams/app.yaml", "kind: ImageStream\nmetadata:\n  name: app\nstatus: {tags: []}\n")), CancellationToken.None);

        var refused = await Assert.ThrowsAsync<PushRejectedException>(() =>
            workspace.PublishAsync(new PublishRequest("gitstreamsync/main/app", perStream.Id, PublishMode.ReplaceToolBranch, null), CancellationToken.None));
        Assert.Contains("Git cannot hold a branch and another whose name continues it", refused.Message, StringComparison.Ordinal);

        var tip = workspace.ReadPublishedBranch("gitstreamsync/main")!.Id;
        await Assert.ThrowsAsync<BranchMovedException>(() => workspace.DeleteBranchAsync("gitstreamsync/main", workspace.BaseCommit, CancellationToken.None));
        Assert.Equal(tip, Server.BranchTip(name, "gitstreamsync/main"));

        await workspace.DeleteBranchAsync("gitstreamsync/main", tip, CancellationToken.None);
        Assert.Null(Server.BranchTip(name, "gitstreamsync/main"));
        Assert.Null(workspace.ReadPublishedBranch("gitstreamsync/main"));

        await workspace.PublishAsync(new PublishRequest("gitstreamsync/main/app", perStream.Id, PublishMode.ReplaceToolBranch, null), CancellationToken.None);
        Assert.Equal(perStream.Id, Server.BranchTip(name, "gitstreamsync/main/app"));
        Assert.Equal(["gitstreamsync/main/app", "main"], workspace.ReadPublishedBranchNames());
    }

    [Fact]
    public async Task The_base_branch_is_never_deleted()
    {
        var url = Server.CreateRepository(NewName(), Seed());
        using var workspace = await OpenAsync(Options(Server), url);

        var refused = await Assert.ThrowsAsync<RepositoryException>(() => workspace.DeleteBranchAsync("main", workspace.BaseCommit, CancellationToken.None));

        Assert.Contains("refusing to delete the base branch", refused.Message, StringComparison.Ordinal);
    }
}
