using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Testing.Git;
using static GitStreamSync.Adapters.Tests.Git.GitTestSupport;

namespace GitStreamSync.Adapters.Tests.Git;

public sealed class WorkingCopyTests
{
    [Fact]
    public async Task Uncommitted_changes_are_refused_and_left_as_they_are()
    {
        using var folder = new TemporaryDirectory("wc");
        var work = NewWorkingCopy(folder.Path, withRemote: false);
        await File.WriteAllTextAsync(Path.Combine(work, "streams/app.yaml"), "my unfinished edit\n");

        var error = await Assert.ThrowsAsync<UncommittedChangesException>(() => OpenAsync(Options(), work));
        Assert.Equal(["streams/app.yaml"], error.ChangedPaths);
        Assert.Contains("commit or stash", error.Message, StringComparison.Ordinal);
        Assert.Equal("my unfinished edit\n", await File.ReadAllTextAsync(Path.Combine(work, "streams/app.yaml")));
    }

    [Fact]
    public async Task The_current_branch_is_the_base_and_the_tool_branch_goes_to_origin_without_touching_the_work_tree()
    {
        using var folder = new TemporaryDirectory("wc");
        var work = NewWorkingCopy(folder.Path, withRemote: true);
        GitCli.Run(work, "checkout", "-q", "-b", "feature");
        using var workspace = await OpenAsync(Options(), work);
        Assert.Equal("feature", workspace.BaseBranch);
        Assert.True(workspace.HasRemote);

        var commit = await workspace.CommitAsync(Commit(new SourceFile("streams/app.yaml", "new\n")), CancellationToken.None);
        await workspace.PublishAsync(new PublishRequest("gitstreamsync/feature", commit.Id, PublishMode.ReplaceToolBranch, null), CancellationToken.None);

        Assert.Equal(commit.Id, GitCli.RevParse(Path.Combine(folder.Path, "origin.git"), "refs/heads/gitstreamsync/feature"));
        Assert.Equal("kind: ImageStream\nmetadata:\n  name: app\n", await File.ReadAllTextAsync(Path.Combine(work, "streams/app.yaml")));
        Assert.Equal("", GitCli.Run(work, "status", "--porcelain").Trim());
        Assert.Null(GitCli.RevParse(work, "refs/gitstreamsync/publish"));
    }

    [Fact]
    public async Task Without_a_remote_a_direct_commit_moves_the_checked_out_branch_and_its_files()
    {
        using var folder = new TemporaryDirectory("wc");
        var work = NewWorkingCopy(folder.Path, withRemote: false);
        using var workspace = await OpenAsync(Options(), work);
        Assert.False(workspace.HasRemote);

        var commit = await workspace.CommitAsync(Commit(new SourceFile("streams/app.yaml", "new\n")), CancellationToken.None);
        var outcome = await workspace.PublishAsync(new PublishRequest("main", commit.Id, PublishMode.FastForwardBase, workspace.BaseCommit), CancellationToken.None);

        Assert.Equal(PublishOutcome.CommittedLocally, outcome);
        Assert.Equal(commit.Id, GitCli.RevParse(work, "HEAD"));
        Assert.Equal("new\n", await File.ReadAllTextAsync(Path.Combine(work, "streams/app.yaml")));
        Assert.Equal("", GitCli.Run(work, "status", "--porcelain").Trim());
        Assert.Empty(Directory.EnumerateFiles(work, "*.gitstreamsync-*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Without_a_remote_the_tool_branch_is_a_local_branch_and_head_stays()
    {
        using var folder = new TemporaryDirectory("wc");
        var work = NewWorkingCopy(folder.Path, withRemote: false);
        var head = GitCli.RevParse(work, "HEAD");
        using var workspace = await OpenAsync(Options(), work);

        var commit = await workspace.CommitAsync(Commit(new SourceFile("streams/app.yaml", "new\n")), CancellationToken.None);
        await workspace.PublishAsync(new PublishRequest("gitstreamsync/main", commit.Id, PublishMode.ReplaceToolBranch, null), CancellationToken.None);

        Assert.Equal(commit.Id, GitCli.RevParse(work, "refs/heads/gitstreamsync/main"));
        Assert.Equal(head, GitCli.RevParse(work, "HEAD"));
        Assert.Equal(commit.Id, workspace.ReadPublishedBranch("gitstreamsync/main")!.Id);
    }

    private static string NewWorkingCopy(string root, bool withRemote)
    {
        var work = Path.Combine(root, "work");
        if (withRemote)
        {
            var origin = Path.Combine(root, "origin.git");
            GitCli.InitBare(origin, "main", Seed());
            GitCli.Run(root, "clone", "-q", origin, work);
        }
        else
        {
            GitCli.Run(root, "init", "-q", "--initial-branch=main", work);
            GitCli.WriteFiles(work, Seed());
            GitCli.Run(work, "add", "-A");
            GitCli.Run(work, "commit", "-q", "-m", "seed");
        }

        return work;
    }
}
