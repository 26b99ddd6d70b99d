using System.Diagnostics;
using System.Text;
using GitStreamSync.Adapters.Git;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Registry;
using static GitStreamSync.Adapters.Tests.Git.GitTestSupport;

namespace GitStreamSync.Adapters.Tests.Git;

/// <summary>
/// Git's smart HTTP protocol as the tool speaks it (.NET's HTTP client under libgit2), against the
/// real Git server and, for what a real server will not do (redirects, pages that are not Git,
/// answers that stop halfway), a loopback server.
/// </summary>
public sealed class GitHttpTransportTests(GitServerFixture fixture) : IClassFixture<GitServerFixture>
{
    private GitHttpServer Server => fixture.Server;

    [Fact]
    public async Task Every_request_of_a_clone_a_fetch_and_a_push_goes_through_the_tools_own_HTTP_client()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Seed());
        using (var workspace = await OpenAsync(Options(Server), url))
        {
            var commit = await workspace.CommitAsync(Commit(new SourceFile("README.md", "x\n")), CancellationToken.None);
            await workspace.PublishAsync(new PublishRequest("gitstreamsync/main", commit.Id, PublishMode.ReplaceToolBranch, null), CancellationToken.None);
        }

        var requests = Server.BackendUserAgents().Where(line => line.Contains($"/{name}.git/", StringComparison.Ordinal)).ToList();
        Assert.Contains(requests, line => line.StartsWith("POST ", StringComparison.Ordinal) && line.Contains("/git-upload-pack ", StringComparison.Ordinal));
        Assert.Contains(requests, line => line.StartsWith("POST ", StringComparison.Ordinal) && line.Contains("/git-receive-pack ", StringComparison.Ordinal));
        Assert.All(requests, line => Assert.EndsWith(" git/2.0 (gitstreamsync)", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_redirected_first_request_takes_the_clone_and_the_push_to_the_new_address()
    {
        var name = NewName();
        Server.CreateRepository(name, Seed());
        var oldPrefix = $"/old/{name}.git";
        await using var moved = LoopbackHttpServer.Start(request => new LoopbackResponse
        {
            Status = 301,
            Reason = "Moved Permanently",
            Headers = [KeyValuePair.Create("Location", $"{Server.BaseUrl}/{name}.git{request.Target[oldPrefix.Length..]}")],
        });

        using (var workspace = await OpenAsync(Options(Server), $"{moved.BaseUri}old/{name}.git"))
        {
            var commit = await workspace.CommitAsync(Commit(new SourceFile("README.md", "x\n")), CancellationToken.None);
            await workspace.PublishAsync(new PublishRequest("gitstreamsync/main", commit.Id, PublishMode.ReplaceToolBranch, null), CancellationToken.None);
            Assert.Equal(commit.Id, Server.BranchTip(name, "gitstreamsync/main"));
        }

        // Only the first request of each operation went to the old address; the packs went to the new one.
        Assert.NotEmpty(moved.Requests);
        Assert.All(moved.Requests, request => Assert.Equal("GET", request.Method));
        Assert.All(moved.Requests, request => Assert.Null(request.Header("Authorization")));
    }

    [Fact]
    public async Task A_redirect_to_an_address_that_is_not_a_repository_is_refused()
    {
        await using var portal = LoopbackHttpServer.Start(_ => new LoopbackResponse
        {
            Status = 302,
            Reason = "Found",
            Headers = [KeyValuePair.Create("Location", "/login?next=%2Frepo")],
        });
        var url = $"{portal.BaseUri}git/repo.git";

        var error = await Assert.ThrowsAsync<RepositoryException>(() => OpenAsync(Options(Server), url));

        Assert.StartsWith($"cloning {url}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains($"redirects to {portal.BaseUri}login, which is not a Git repository's address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_repository_is_named_with_the_servers_own_words()
    {
        await using var host = LoopbackHttpServer.Start(_ => LoopbackResponse.Text(404, "Repository not found.\n", ("Content-Type", "text/plain; charset=utf-8")));
        var url = $"{host.BaseUri}team/missing.git";

        var error = await Assert.ThrowsAsync<RepositoryException>(() => OpenAsync(Options(Server), url));

        Assert.Contains($"{url}/info/refs answered 404 (Not Found): Repository not found. (is the repository's address right", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_web_page_in_place_of_a_repository_is_refused_for_what_it_is()
    {
        await using var host = LoopbackHttpServer.Start(_ => LoopbackResponse.Text(200, "<html><body>Sign in</body></html>", ("Content-Type", "text/html")));
        var url = $"{host.BaseUri}team/app.git";

        var error = await Assert.ThrowsAsync<RepositoryException>(() => OpenAsync(Options(Server), url));

        Assert.Contains("is not a Git smart-HTTP endpoint: it answered text/html, not application/x-git-upload-pack-advertisement", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_stops_in_the_middle_of_its_answer_times_out()
    {
        // The service line, then a ref line announced at 160 bytes of which only 2 arrive.
        var advertisement = Encoding.ASCII.GetBytes("001e# service=git-upload-pack\n0000" + "00a0" + new string('a', 156));
        await using var host = LoopbackHttpServer.Start(_ => new LoopbackResponse
        {
            Body = advertisement,
            HangAfter = 40,
            Headers = [KeyValuePair.Create("Content-Type", "application/x-git-upload-pack-advertisement")],
        });
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RepositoryException>(() => OpenAsync(Options(Server), $"{host.BaseUri}team/app.git"));

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(30));
        Assert.EndsWith(": timed out after 3 s (the Git server did not answer in time)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_the_run_stops_a_fetch_the_server_is_holding()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Seed());
        using var held = Server.Hold(GitRequestKind.UploadPack);
        using var cancel = new CancellationTokenSource();
        var opening = new LibGit2SharpWorkspaceFactory(Options(Server)).OpenAsync(new WorkspaceRequest(url), cancel.Token);
        Assert.True(await Server.WaitUntilHeldAsync(GitRequestKind.UploadPack, TimeSpan.FromSeconds(20)));

        await cancel.CancelAsync();

        // A timeout would end as a repository error; only the cancellation reaching the request ends as one.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => opening);
    }

    [Fact]
    public async Task A_password_in_a_working_copys_origin_is_used_and_never_shown()
    {
        using var server = GitHttpServer.Start(GitHttpAuth.All);
        var name = NewName();
        server.CreateRepository(name, Seed());
        using var folder = new TemporaryDirectory("wc");
        var withPassword = new UriBuilder(server.Url(name)) { UserName = server.User, Password = server.Password }.Uri.ToString();
        GitCli.Run(folder.Path, "clone", "-q", withPassword, "work");
        var work = Path.Combine(folder.Path, "work");

        using (var workspace = await OpenAsync(Options(), work))
        {
            var commit = await workspace.CommitAsync(Commit(new SourceFile("README.md", "x\n")), CancellationToken.None);
            await workspace.PublishAsync(new PublishRequest("gitstreamsync/main", commit.Id, PublishMode.ReplaceToolBranch, null), CancellationToken.None);
            Assert.Equal(commit.Id, server.BranchTip(name, "gitstreamsync/main"));
        }

        var wrong = new UriBuilder(server.Url(name)) { UserName = server.User, Password = "wrong-Url-Secret-7" }.Uri.ToString();
        GitCli.Run(work, "remote", "set-url", "origin", wrong);
        var error = await Assert.ThrowsAsync<RepositoryException>(() => OpenAsync(Options(), work));
        Assert.Contains("asks for credentials", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-Url-Secret-7", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Git_server_whose_certificate_is_not_trusted_is_refused_with_the_reason()
    {
        var name = NewName();
        Server.CreateRepository(name, Seed());
        await using var front = new TlsFront(Server.Port);
        var url = front.Url($"/git/{name}.git");

        var error = await Assert.ThrowsAsync<RepositoryException>(() => OpenAsync(Options(Server), url));

        Assert.StartsWith($"cloning {url}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("The SSL connection could not be established: The remote certificate is invalid because of errors in the certificate chain", error.Message, StringComparison.Ordinal);
        Assert.Contains("an authority this machine trusts (SSL_CERT_FILE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_proxy_in_Git_settings_carries_the_fetch_and_the_push_with_its_own_credentials()
    {
        var name = NewName();
        Server.CreateRepository(name, Seed());
        await using var proxy = new ForwardProxy(Server.Port, ("proxyuser", "proxy-Secret-9"));
        using var folder = new TemporaryDirectory("wc");
        var work = BehindProxy(folder.Path, name, $"http://proxyuser:proxy-Secret-9@{proxy.HostPort}");

        using (var workspace = await OpenAsync(Options(Server), work))
        {
            var commit = await workspace.CommitAsync(Commit(new SourceFile("README.md", "x\n")), CancellationToken.None);
            await workspace.PublishAsync(new PublishRequest("gitstreamsync/main", commit.Id, PublishMode.ReplaceToolBranch, null), CancellationToken.None);
            Assert.Equal(commit.Id, Server.BranchTip(name, "gitstreamsync/main"));
        }

        // The proxy answers 407 to anything without its credentials, so what it forwarded carried them.
        Assert.Contains(proxy.Requests, request => request.Target == $"http://git.behind-proxy.test/git/{name}.git/info/refs?service=git-upload-pack" && request.Header("Proxy-Authorization") is not null);
        Assert.Contains(proxy.Requests, request => request.Method == "POST" && request.Target == $"http://git.behind-proxy.test/git/{name}.git/git-receive-pack" && request.Header("Proxy-Authorization") is not null);
    }

    [Fact]
    public async Task The_remotes_own_proxy_comes_before_http_proxy_empty_means_none_and_a_bad_one_is_named_without_its_password()
    {
        var name = NewName();
        Server.CreateRepository(name, Seed());
        await using var proxy = new ForwardProxy(Server.Port);
        using var folder = new TemporaryDirectory("wc");
        var work = BehindProxy(folder.Path, name, $"http://127.0.0.1:{LoopbackPort.Pick()}");
        GitCli.Run(work, "config", "remote.origin.proxy", proxy.Url);

        using (await OpenAsync(Options(Server), work))
        {
            Assert.NotEmpty(proxy.Requests);
        }

        // An empty proxy means none, even with http.proxy set: the working copy now names the server itself.
        GitCli.Run(work, "remote", "set-url", "origin", Server.Url(name));
        GitCli.Run(work, "config", "remote.origin.proxy", "");
        var before = proxy.Requests.Count;
        using (await OpenAsync(Options(Server), work))
        {
            Assert.Equal(before, proxy.Requests.Count);
        }

        GitCli.Run(work, "config", "remote.origin.proxy", "socks5://someone:proxy-Secret-9@127.0.0.1:1080");
        var error = await Assert.ThrowsAsync<RepositoryException>(() => OpenAsync(Options(Server), work));
        Assert.Contains("the Git proxy 'socks5://***@127.0.0.1:1080' (http.proxy or remote.NAME.proxy) is not an http:// or https:// address", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("proxy-Secret-9", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A working copy of <paramref name="name"/> whose origin names a host only the proxy in <c>http.proxy</c> reaches.</summary>
    private string BehindProxy(string folder, string name, string httpProxy)
    {
        GitCli.Run(folder, "clone", "-q", Server.Url(name), "work");
        var work = Path.Combine(folder, "work");
        GitCli.Run(work, "remote", "set-url", "origin", $"http://git.behind-proxy.test/git/{name}.git");
        GitCli.Run(work, "config", "http.proxy", httpProxy);
        return work;
    }

    [Fact]
    public async Task A_connection_the_server_closed_while_idle_is_not_used_again()
    {
        // The worker's next cycle comes after the server has closed the connections of the last one.
        using var server = GitHttpServer.Start(keepAliveIdleSeconds: 1);
        var name = NewName();
        var url = server.CreateRepository(name, Seed());
        using var folder = new TemporaryDirectory("cache");
        var options = Options(server, cacheDirectory: folder.Path);
        using (await OpenAsync(options, url))
        {
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        using var workspace = await OpenAsync(options, url);
        var commit = await workspace.CommitAsync(Commit(new SourceFile("README.md", "x\n")), CancellationToken.None);
        await workspace.PublishAsync(new PublishRequest("gitstreamsync/main", commit.Id, PublishMode.ReplaceToolBranch, null), CancellationToken.None);

        Assert.Equal(commit.Id, server.BranchTip(name, "gitstreamsync/main"));
    }

    [Fact]
    public async Task A_failure_the_transport_did_not_foresee_reaches_the_error_with_its_message()
    {
        // The test-wide network guard throws its own exception type from inside the HTTP client,
        // as any unforeseen failure would; LibGit2Sharp alone would report it as "no error".
        var error = await Assert.ThrowsAsync<RepositoryException>(() => OpenAsync(Options(Server), "http://git.example.com/team/app.git"));

        Assert.Contains("a test asked a host off this machine: GET http://git.example.com/team/app.git/info/refs", error.Message, StringComparison.Ordinal);
    }
}
