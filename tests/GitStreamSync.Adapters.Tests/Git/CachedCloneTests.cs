using GitStreamSync.Core.Ports;
using GitStreamSync.Adapters.Git;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Registry;
using static GitStreamSync.Adapters.Tests.Git.GitTestSupport;

namespace GitStreamSync.Adapters.Tests.Git;

/// <summary>
/// The Git cache folder after a run that did not finish: what it left is detected, discarded with a
/// warning and made again, never trusted; the next run ends as if nothing had happened.
/// </summary>
public sealed class CachedCloneTests(GitServerFixture fixture) : IClassFixture<GitServerFixture>
{
    private GitHttpServer Server => fixture.Server;

    [Fact]
    public async Task A_clone_without_refs_left_in_the_cache_is_cloned_again()
    {
        // What a run killed while cloning used to leave: an initialised bare repository, no refs.
        var (url, cache) = NewRepository();
        using var _ = cache;
        var clone = ClonePath(cache);
        GitCli.Run("/", "init", "-q", "--bare", clone);
        GitCli.Run(clone, "remote", "add", "origin", url);
        var log = new CapturedLog();

        using var workspace = await OpenWithLogAsync(cache, url, log);

        Assert.Equal(Server.BranchTip(Name(url), "main"), workspace.BaseCommit);
        Assert.Contains(log.Lines, l => l.StartsWith("Warning: The cached clone", StringComparison.Ordinal) && l.Contains("it has no branches", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_shallow_clone_in_the_cache_is_cloned_again()
    {
        var (url, cache) = NewRepository();
        using var _ = cache;
        var clone = ClonePath(cache);
        GitCli.Run("/", "clone", "-q", "--bare", "--depth", "1", "file://" + Server.RepositoryPath(Name(url)), clone);
        GitCli.Run(clone, "remote", "set-url", "origin", url);
        var log = new CapturedLog();

        using var workspace = await OpenWithLogAsync(cache, url, log);

        Assert.Equal(Server.BranchTip(Name(url), "main"), workspace.BaseCommit);
        Assert.False(File.Exists(Path.Combine(clone, "shallow")));
        Assert.Contains(log.Lines, l => l.Contains("it is a shallow clone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_clone_whose_pack_was_cut_short_is_cloned_again()
    {
        var (url, cache) = NewRepository();
        using var _ = cache;
        using (await OpenAsync(Options(Server, cache.Path), url))
        {
        }

        foreach (var pack in Directory.EnumerateFiles(Path.Combine(ClonePath(cache), "objects", "pack"), "*.pack"))
        {
            File.SetAttributes(pack, FileAttributes.Normal);
            using var stream = new FileStream(pack, FileMode.Open, FileAccess.Write);
            stream.SetLength(40);
        }

        var log = new CapturedLog();
        using var workspace = await OpenWithLogAsync(cache, url, log);

        Assert.Equal(Server.BranchTip(Name(url), "main"), workspace.BaseCommit);
        Assert.Equal(3, workspace.ReadFiles(_ => true).Count);
        Assert.Contains(log.Lines, l => l.StartsWith("Warning: The cached clone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lock_file_left_by_a_killed_fetch_does_not_block_later_fetches()
    {
        var (url, cache) = NewRepository();
        using var _ = cache;
        using (await OpenAsync(Options(Server, cache.Path), url))
        {
        }

        // libgit2 rewrites a ref through NAME.lock; a process killed in between leaves it.
        var clone = ClonePath(cache);
        await File.WriteAllTextAsync(Path.Combine(clone, "refs", "remotes", "origin", "main.lock"), "");
        await File.WriteAllTextAsync(Path.Combine(clone, "packed-refs.lock"), "");
        var moved = PushToMain(Name(url));

        using var workspace = await OpenWithLogAsync(cache, url, new CapturedLog());

        Assert.Equal(moved, workspace.BaseCommit);
        Assert.Empty(Directory.EnumerateFiles(clone, "*.lock", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_temporary_clone_left_by_a_killed_run_is_removed()
    {
        var (url, cache) = NewRepository();
        using var _ = cache;
        var leftover = Path.Combine(cache.Path, ".clone-0123456789abcdef0123456789abcdef");
        GitCli.Run("/", "init", "-q", "--bare", leftover);

        using var workspace = await OpenAsync(Options(Server, cache.Path), url);

        Assert.False(Directory.Exists(leftover));
        Assert.Equal([GitCacheFolder.CloneName], Directory.EnumerateDirectories(cache.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_second_process_on_the_same_cache_folder_waits_and_then_says_so()
    {
        var (url, cache) = NewRepository();
        using var _ = cache;
        using var first = await OpenAsync(Options(Server, cache.Path), url);

        var error = await Assert.ThrowsAsync<RepositoryException>(() => OpenAsync(Options(Server, cache.Path) with { CacheLockWait = TimeSpan.FromMilliseconds(300) }, url));

        Assert.Contains("in use by another gitstreamsync process", error.Message, StringComparison.Ordinal);
    }

    private (string Url, TemporaryDirectory Cache) NewRepository() => (Server.CreateRepository(NewName(), Seed()), new TemporaryDirectory("cached-clone"));

    private static string Name(string url) => Path.GetFileNameWithoutExtension(new Uri(url).AbsolutePath);

    private static string ClonePath(TemporaryDirectory cache) => Path.Combine(cache.Path, GitCacheFolder.CloneName);

    private async Task<IRepositoryWorkspace> OpenWithLogAsync(TemporaryDirectory cache, string url, CapturedLog log) =>
        await new LibGit2SharpWorkspaceFactory(Options(Server, cache.Path), log).OpenAsync(new WorkspaceRequest(url, null), CancellationToken.None);

    private string? PushToMain(string name)
    {
        using var work = new TemporaryDirectory("cached-next");
        var clone = Path.Combine(work.Path, "c");
        GitCli.Run(work.Path, "clone", "-q", Server.RepositoryPath(name), clone);
        GitCli.WriteFiles(clone, new Dictionary<string, string> { ["next.txt"] = "next\n" });
        GitCli.Run(clone, "add", "-A");
        GitCli.Run(clone, "commit", "-q", "-m", "next");
        GitCli.Run(clone, "push", "-q", "origin", "main");
        return Server.BranchTip(name, "main");
    }
}
