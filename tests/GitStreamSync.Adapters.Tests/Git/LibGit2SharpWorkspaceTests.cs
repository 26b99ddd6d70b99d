using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Testing.Git;
using static GitStreamSync.Adapters.Tests.Git.GitTestSupport;

namespace GitStreamSync.Adapters.Tests.Git;

public sealed class LibGit2SharpWorkspaceTests(GitServerFixture fixture) : IClassFixture<GitServerFixture>
{
    private GitHttpServer Server => fixture.Server;

    [Fact]
    public async Task Clones_over_http_reads_the_base_tip_and_pushes_the_tool_branch()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Seed());
        using var workspace = await OpenAsync(Options(Server), url);

        Assert.Equal("main", workspace.BaseBranch);
        Assert.Equal(Server.BranchTip(name, "main"), workspace.BaseCommit);
        var files = workspace.ReadFiles(p => p.EndsWith(".yaml", StringComparison.Ordinal) || p.EndsWith(".json", StringComparison.Ordinal));
        Assert.Equal(["streams/app.yaml", "streams/db.json"], files.Select(f => f.Path).Order());

        var commit = await workspace.CommitAsync(Commit(new SourceFile("streams/app.yaml", "kind: ImageStream\nmetadata:\n  name: app\nstatus: {}\n")), CancellationToken.None);
        Assert.Null(workspace.ReadPublishedBranch("gitstreamsync/main"));
        var outcome = await workspace.PublishAsync(new PublishRequest("gitstreamsync/main", commit.Id, PublishMode.ReplaceToolBranch, null), CancellationToken.None);

        Assert.Equal(PublishOutcome.Pushed, outcome);
        var bare = Server.RepositoryPath(name);
        Assert.Equal(commit.Id, Server.BranchTip(name, "gitstreamsync/main"));
        Assert.Equal(workspace.BaseCommit, GitCli.RevParse(bare, "gitstreamsync/main^"));
        Assert.Equal("status: {}", GitCli.Show(bare, "gitstreamsync/main", "streams/app.yaml").Split('\n')[3]);
        Assert.Equal("streams/app.yaml", GitCli.Run(bare, "diff", "--name-only", "main", "gitstreamsync/main").Trim());
        Assert.Equal("GitStreamSync <gitstreamsync@users.noreply.github.com> 1795842000 +0000", GitCli.Run(bare, "log", "-1", "--date=raw", "--format=%an <%ae> %ad", "gitstreamsync/main").Trim());
        Assert.Contains("Image-Stream-Tag: streams/app.yaml#app:latest", GitCli.Run(bare, "log", "-1", "--format=%(trailers)", "gitstreamsync/main"), StringComparison.Ordinal);
        Assert.Equal(commit.Id, workspace.ReadPublishedBranch("gitstreamsync/main")!.Id);
        Assert.Null(Server.BranchTip(name, "refs/gitstreamsync/publish"));
    }

    [Fact]
    public async Task Replacing_the_tool_branch_forces_over_an_older_run_when_the_lease_holds()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Seed());
        using (var first = await OpenAsync(Options(Server), url))
        {
            var commit = await first.CommitAsync(Commit(new SourceFile("README.md", "first\n")), CancellationToken.None);
            await first.PublishAsync(new PublishRequest("gitstreamsync/main", commit.Id, PublishMode.ReplaceToolBranch, null), CancellationToken.None);
        }

        using var second = await OpenAsync(Options(Server), url);
        var seen = second.ReadPublishedBranch("gitstreamsync/main");
        Assert.NotNull(seen);
        var replacement = await second.CommitAsync(Commit(new SourceFile("README.md", "second\n")), CancellationToken.None);
        await second.PublishAsync(new PublishRequest("gitstreamsync/main", replacement.Id, PublishMode.ReplaceToolBranch, seen.Id), CancellationToken.None);

        Assert.Equal(replacement.Id, Server.BranchTip(name, "gitstreamsync/main"));
        Assert.Equal(Server.BranchTip(name, "main"), GitCli.RevParse(Server.RepositoryPath(name), "gitstreamsync/main^"));
    }

    [Fact]
    public async Task A_moved_tool_branch_is_detected_and_not_overwritten()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Seed());
        using var slow = await OpenAsync(Options(Server), url);
        using var fast = await OpenAsync(Options(Server), url);
        var fastCommit = await fast.CommitAsync(Commit(new SourceFile("README.md", "fast\n")), CancellationToken.None);
        await fast.PublishAsync(new PublishRequest("gitstreamsync/main", fastCommit.Id, PublishMode.ReplaceToolBranch, null), CancellationToken.None);

        var slowCommit = await slow.CommitAsync(Commit(new SourceFile("README.md", "slow\n")), CancellationToken.None);
        var moved = await Assert.ThrowsAsync<BranchMovedException>(() =>
            slow.PublishAsync(new PublishRequest("gitstreamsync/main", slowCommit.Id, PublishMode.ReplaceToolBranch, null), CancellationToken.None));

        Assert.Equal(fastCommit.Id, moved.Actual);
        Assert.Equal(fastCommit.Id, Server.BranchTip(name, "gitstreamsync/main"));
        await slow.RefreshAsync(CancellationToken.None);
        Assert.Equal(fastCommit.Id, slow.ReadPublishedBranch("gitstreamsync/main")!.Id);
    }

    [Fact]
    public async Task Fast_forward_to_the_base_refuses_when_the_base_moved_and_succeeds_after_a_refresh()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Seed());
        using var workspace = await OpenAsync(Options(Server), url);
        var stale = await workspace.CommitAsync(Commit(new SourceFile("streams/app.yaml", "changed\n")), CancellationToken.None);
        PushUnrelatedCommit(name, "main");
        var movedTip = Server.BranchTip(name, "main");

        await Assert.ThrowsAsync<BranchMovedException>(() =>
            workspace.PublishAsync(new PublishRequest("main", stale.Id, PublishMode.FastForwardBase, workspace.BaseCommit), CancellationToken.None));
        Assert.Equal(movedTip, Server.BranchTip(name, "main"));

        await workspace.RefreshAsync(CancellationToken.None);
        Assert.Equal(movedTip, workspace.BaseCommit);
        var fresh = await workspace.CommitAsync(Commit(new SourceFile("streams/app.yaml", "changed\n")), CancellationToken.None);
        await workspace.PublishAsync(new PublishRequest("main", fresh.Id, PublishMode.FastForwardBase, workspace.BaseCommit), CancellationToken.None);
        Assert.Equal(fresh.Id, Server.BranchTip(name, "main"));
        Assert.Equal("other\n", GitCli.Show(Server.RepositoryPath(name), "main", "other.txt"));
    }

    [Fact]
    public async Task A_racing_push_to_the_base_after_the_lease_check_is_refused_as_a_moved_branch_not_forced()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Seed());
        using var workspace = await OpenAsync(Options(Server), url);
        var commit = await workspace.CommitAsync(Commit(new SourceFile("streams/app.yaml", "changed\n")), CancellationToken.None);
        PushUnrelatedCommit(name, "main");

        // The lease names the moved tip, so only the server's fast-forward rule stands in the way.
        var moved = Server.BranchTip(name, "main");
        await Assert.ThrowsAsync<BranchMovedException>(() =>
            workspace.PublishAsync(new PublishRequest("main", commit.Id, PublishMode.FastForwardBase, moved), CancellationToken.None));
        Assert.Equal(moved, Server.BranchTip(name, "main"));
    }

    [Fact]
    public async Task The_base_branch_is_never_replaced_by_force()
    {
        var name = NewName();
        using var workspace = await OpenAsync(Options(Server), Server.CreateRepository(name, Seed()));
        var commit = await workspace.CommitAsync(Commit(new SourceFile("README.md", "x\n")), CancellationToken.None);

        var error = await Assert.ThrowsAsync<RepositoryException>(() =>
            workspace.PublishAsync(new PublishRequest("main", commit.Id, PublishMode.ReplaceToolBranch, workspace.BaseCommit), CancellationToken.None));
        Assert.Contains("base branch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_named_base_branch_is_used_and_a_missing_one_is_a_clear_error()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Seed());
        PushUnrelatedCommit(name, "release");
        using (var workspace = await OpenAsync(Options(Server), url, "release"))
        {
            Assert.Equal(Server.BranchTip(name, "release"), workspace.BaseCommit);
            Assert.Contains(workspace.ReadFiles(_ => true), f => f.Path == "other.txt");
        }

        var error = await Assert.ThrowsAsync<RepositoryException>(() => OpenAsync(Options(Server), url, "nope"));
        Assert.Contains("'nope' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Crlf_and_bom_bytes_survive_reading_and_committing()
    {
        var name = NewName();
        var crlf = "kind: ImageStream\r\nmetadata:\r\n  name: app\r\n";
        var url = Server.CreateRepository(name, new Dictionary<string, string> { ["app.yaml"] = crlf, ["bom.yaml"] = "\uFEFFkind: ImageStream\n" });
        using var workspace = await OpenAsync(Options(Server), url);
        var files = workspace.ReadFiles(_ => true).ToDictionary(f => f.Path, f => f.Text);
        Assert.Equal(crlf, files["app.yaml"]);
        Assert.Equal("\uFEFFkind: ImageStream\n", files["bom.yaml"]);

        var commit = await workspace.CommitAsync(Commit(new SourceFile("app.yaml", crlf + "status: {}\r\n"), new SourceFile("bom.yaml", files["bom.yaml"] + "status: {}\n")), CancellationToken.None);
        await workspace.PublishAsync(new PublishRequest("gitstreamsync/main", commit.Id, PublishMode.ReplaceToolBranch, null), CancellationToken.None);

        var bare = Server.RepositoryPath(name);
        Assert.Equal(crlf + "status: {}\r\n", GitCli.Show(bare, "gitstreamsync/main", "app.yaml"));
        Assert.Equal([0xEF, 0xBB, 0xBF, (byte)'k'], GitCli.ShowBytes(bare, "gitstreamsync/main", "bom.yaml")[..4]);
    }

    [Fact]
    public async Task In_a_repository_of_1000_files_the_commit_holds_only_the_changed_files()
    {
        var name = NewName();
        var files = Enumerable.Range(0, 1000).ToDictionary(i => $"streams/s{i / 100}/is{i:D4}.yaml", i => $"kind: ImageStream\nmetadata:\n  name: is{i}\n");
        var url = Server.CreateRepository(name, files);
        using var workspace = await OpenAsync(Options(Server), url);
        Assert.Equal(1000, workspace.ReadFiles(_ => true).Count);

        var commit = await workspace.CommitAsync(
            Commit(new SourceFile("streams/s0/is0007.yaml", "changed\n"), new SourceFile("streams/s9/is0999.yaml", "changed\n")), CancellationToken.None);
        await workspace.PublishAsync(new PublishRequest("gitstreamsync/main", commit.Id, PublishMode.ReplaceToolBranch, null), CancellationToken.None);

        var changed = GitCli.Run(Server.RepositoryPath(name), "diff", "--name-only", "main", "gitstreamsync/main").Trim().Split('\n');
        Assert.Equal(["streams/s0/is0007.yaml", "streams/s9/is0999.yaml"], changed);
    }

    [Fact]
    public async Task File_urls_and_bare_repository_paths_are_cloned()
    {
        using var folder = new TemporaryDirectory("bare");
        var bare = Path.Combine(folder.Path, "local.git");
        GitCli.InitBare(bare, "trunk", Seed());

        foreach (var location in new[] { "file://" + bare, bare })
        {
            using var workspace = await OpenAsync(Options(), location);
            Assert.Equal("trunk", workspace.BaseBranch);
            var commit = await workspace.CommitAsync(Commit(new SourceFile("README.md", location + "\n")), CancellationToken.None);
            var expected = workspace.ReadPublishedBranch("gitstreamsync/trunk")?.Id;
            await workspace.PublishAsync(new PublishRequest("gitstreamsync/trunk", commit.Id, PublishMode.ReplaceToolBranch, expected), CancellationToken.None);
            Assert.Equal(commit.Id, GitCli.RevParse(bare, "refs/heads/gitstreamsync/trunk"));
        }
    }

    private void PushUnrelatedCommit(string name, string branch)
    {
        using var work = new TemporaryDirectory("other");
        var clone = Path.Combine(work.Path, "c");
        GitCli.Run(work.Path, "clone", "-q", Server.RepositoryPath(name), clone);
        GitCli.Run(clone, "checkout", "-q", "-B", branch);
        File.WriteAllText(Path.Combine(clone, "other.txt"), "other\n");
        GitCli.Run(clone, "add", "other.txt");
        GitCli.Run(clone, "commit", "-q", "-m", "someone else");
        GitCli.Run(clone, "push", "-q", "origin", branch);
    }

    [Fact]
    public async Task A_symbolic_link_in_the_tree_is_reported_as_git_stores_it_and_the_other_files_are_read()
    {
        using var copy = new TemporaryDirectory("links");
        GitCli.Run(copy.Path, "init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(copy.Path, "app.yaml"), "kind: ImageStream\n");
        File.WriteAllBytes(Path.Combine(copy.Path, "latin1.yaml"), [(byte)'n', (byte)':', (byte)' ', 0xE9, 0x0A]);
        File.CreateSymbolicLink(Path.Combine(copy.Path, "shadow.yaml"), "/etc/shadow");
        File.CreateSymbolicLink(Path.Combine(copy.Path, "dangling.json"), "nowhere.json");
        GitCli.Run(copy.Path, "add", "-A");
        GitCli.Run(copy.Path, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "links");
        using var workspace = await OpenAsync(Options(), copy.Path);

        var set = workspace.ReadSourceFiles(_ => true);

        Assert.Equal(["app.yaml"], set.Files.Select(f => f.Path));
        Assert.Equal(
            ["dangling.json:1:1: file: symbolic link, not read", "latin1.yaml:1:4: the file is not valid UTF-8 text (byte 0xE9 at offset 3)", "shadow.yaml:1:1: file: symbolic link, not read"],
            set.Problems.Select(p => p.ToString()));
    }
}
