using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using System.Diagnostics;
using GitStreamSync.Adapters.Git;
using GitStreamSync.Testing.Git;
using static GitStreamSync.Adapters.Tests.Git.GitTestSupport;

namespace GitStreamSync.Adapters.Tests.Git;

public sealed class GitFaultTests(GitServerFixture fixture) : IClassFixture<GitServerFixture>
{
    private GitHttpServer Server => fixture.Server;

    [Fact]
    public async Task A_server_that_is_down_is_a_clear_repository_error()
    {
        var url = $"http://127.0.0.1:{LoopbackPort.Pick()}/git/nothing.git";
        var error = await Assert.ThrowsAsync<RepositoryException>(() => OpenAsync(Options(Server), url));
        Assert.StartsWith($"cloning {url}:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_accepts_and_never_answers_times_out()
    {
        using var stalling = new StallingServer();
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RepositoryException>(() => OpenAsync(Options(Server), stalling.Url("stall")));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        Assert.Contains("stall.git", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_network_timeouts_reach_libgit2()
    {
        await Assert.ThrowsAnyAsync<RepositoryException>(() => OpenAsync(Options(Server), "file:///nonexistent/repo.git"));
        Assert.Equal((TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3)), LibGit2NetworkTimeouts.Read());
    }

    [Fact]
    public async Task Bad_credentials_stop_at_the_second_prompt_without_showing_the_secret()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Seed());
        var options = Options(Server) with { Credentials = new GitCredentials(Server.User, "wrong-Secret-123") };
        using var workspace = await OpenAsync(options, url);
        var commit = await workspace.CommitAsync(Commit(new SourceFile("README.md", "x\n")), CancellationToken.None);

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RepositoryException>(() =>
            workspace.PublishAsync(new PublishRequest("gitstreamsync/main", commit.Id, PublishMode.ReplaceToolBranch, null), CancellationToken.None));

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Contains("refused the credentials of user 'gitbot'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-Secret-123", error.ToString(), StringComparison.Ordinal);
        Assert.Null(Server.BranchTip(name, "gitstreamsync/main"));
    }

    [Fact]
    public async Task A_push_without_credentials_names_the_variables_to_set()
    {
        var name = NewName();
        using var workspace = await OpenAsync(Options(), Server.CreateRepository(name, Seed()));
        var commit = await workspace.CommitAsync(Commit(new SourceFile("README.md", "x\n")), CancellationToken.None);

        var error = await Assert.ThrowsAsync<RepositoryException>(() =>
            workspace.PublishAsync(new PublishRequest("gitstreamsync/main", commit.Id, PublishMode.ReplaceToolBranch, null), CancellationToken.None));
        Assert.Contains("GITSTREAMSYNC_GIT_USERNAME", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_credentials_on_a_server_that_protects_reads_fail_the_clone()
    {
        using var closed = GitHttpServer.Start(GitHttpAuth.All);
        var url = closed.CreateRepository("private", Seed());
        var options = Options(closed) with { Credentials = new GitCredentials(closed.User, "nope") };

        var error = await Assert.ThrowsAsync<RepositoryException>(() => OpenAsync(options, url));
        Assert.Contains("refused the credentials", error.Message, StringComparison.Ordinal);
        using var good = await OpenAsync(Options(closed), url);
        Assert.Equal(closed.BranchTip("private", "main"), good.BaseCommit);
    }

    [Fact]
    public async Task A_push_refused_by_a_hook_is_an_error_with_the_servers_reason()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Seed());
        Server.RefusePushes(name, "pushes are frozen");
        using var workspace = await OpenAsync(Options(Server), url);
        var commit = await workspace.CommitAsync(Commit(new SourceFile("README.md", "x\n")), CancellationToken.None);

        var error = await Assert.ThrowsAsync<PushRejectedException>(() =>
            workspace.PublishAsync(new PublishRequest("gitstreamsync/main", commit.Id, PublishMode.ReplaceToolBranch, null), CancellationToken.None));
        Assert.Equal("gitstreamsync/main", error.Branch);
        Assert.Null(Server.BranchTip(name, "gitstreamsync/main"));
    }

    [Fact]
    public async Task Credentials_never_reach_the_url_or_the_clones_config()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Seed());
        using var cache = new TemporaryDirectory("cache");
        var directory = Path.Combine(cache.Path, "clone");
        using (var workspace = await OpenAsync(Options(Server, directory), url))
        {
            var commit = await workspace.CommitAsync(Commit(new SourceFile("README.md", "x\n")), CancellationToken.None);
            await workspace.PublishAsync(new PublishRequest("gitstreamsync/main", commit.Id, PublishMode.ReplaceToolBranch, null), CancellationToken.None);
        }

        Assert.NotNull(Server.BranchTip(name, "gitstreamsync/main"));
        var config = File.ReadAllText(Path.Combine(directory, GitCacheFolder.CloneName, "config"));
        Assert.Contains($"url = {url}", config, StringComparison.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/objects/", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain(Server.Password, File.ReadAllText(file), StringComparison.Ordinal);
        }

        var withUser = url.Replace("http://", $"http://{Server.User}:{Server.Password}@", StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<RepositoryException>(() => OpenAsync(Options(Server), withUser));
        Assert.DoesNotContain(Server.Password, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clone_folder_that_cannot_be_written_is_a_repository_error()
    {
        using var folder = new TemporaryDirectory("nowrite");
        var blocker = Path.Combine(folder.Path, "file");
        await File.WriteAllTextAsync(blocker, "not a folder");
        var url = Server.CreateRepository(NewName(), Seed());

        var error = await Assert.ThrowsAsync<RepositoryException>(() => OpenAsync(Options(Server, Path.Combine(blocker, "clone")), url));
        Assert.StartsWith("cloning", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_write_before_the_push_pushes_nothing()
    {
        var name = NewName();
        using var cache = new TemporaryDirectory("cache");
        var directory = Path.Combine(cache.Path, "clone");
        using var workspace = await OpenAsync(Options(Server, directory), Server.CreateRepository(name, Seed()));
        var commit = await workspace.CommitAsync(Commit(new SourceFile("README.md", "x\n")), CancellationToken.None);
        // The ref the push goes through cannot be written: a file sits where its folder must be.
        await File.WriteAllTextAsync(Path.Combine(directory, GitCacheFolder.CloneName, "refs", "gitstreamsync"), "blocked");

        var error = await Assert.ThrowsAsync<RepositoryException>(() =>
            workspace.PublishAsync(new PublishRequest("gitstreamsync/main", commit.Id, PublishMode.ReplaceToolBranch, null), CancellationToken.None));
        Assert.StartsWith("preparing the push", error.Message, StringComparison.Ordinal);
        Assert.Null(Server.BranchTip(name, "gitstreamsync/main"));
    }

    [Fact]
    public async Task A_cache_folder_is_a_full_clone_updated_by_fetch()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Seed());
        using var cache = new TemporaryDirectory("cache");
        var directory = Path.Combine(cache.Path, "clone");
        string first;
        using (var workspace = await OpenAsync(Options(Server, directory), url))
        {
            first = workspace.BaseCommit;
        }

        var seeded = new Dictionary<string, string> { ["next.txt"] = "next\n" };
        using (var work = new TemporaryDirectory("next"))
        {
            var clone = Path.Combine(work.Path, "c");
            GitCli.Run(work.Path, "clone", "-q", Server.RepositoryPath(name), clone);
            GitCli.WriteFiles(clone, seeded);
            GitCli.Run(clone, "add", "-A");
            GitCli.Run(clone, "commit", "-q", "-m", "next");
            GitCli.Run(clone, "push", "-q", "origin", "main");
        }

        using (var again = await OpenAsync(Options(Server, directory), url))
        {
            Assert.NotEqual(first, again.BaseCommit);
            Assert.Equal(Server.BranchTip(name, "main"), again.BaseCommit);
        }

        Assert.False(File.Exists(Path.Combine(directory, GitCacheFolder.CloneName, "shallow")));
        Assert.Equal("2", GitCli.Run(Path.Combine(directory, GitCacheFolder.CloneName), "rev-list", "--count", "refs/remotes/origin/main").Trim());
        var other = await Assert.ThrowsAsync<RepositoryException>(() => OpenAsync(Options(Server, directory), Server.CreateRepository(NewName(), Seed())));
        Assert.Contains("another repository", other.Message, StringComparison.Ordinal);
    }
}
