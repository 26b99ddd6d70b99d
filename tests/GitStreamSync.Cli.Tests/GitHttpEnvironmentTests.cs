using GitStreamSync.Cli.Tests.CrashSafety;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Cli.Tests;

/// <summary>
/// Git over HTTP takes what a company network needs from the environment, as git and libgit2 do:
/// the proxy (<c>http_proxy</c>, <c>https_proxy</c>) and the authorities to trust
/// (<c>SSL_CERT_FILE</c>). The tool runs as a child process, so its environment is the test's to set.
/// </summary>
public sealed class GitHttpEnvironmentTests
{
    private static readonly Dictionary<string, string> Files = new()
    {
        ["streams/app.yaml"] = "kind: ImageStream\napiVersion: image.openshift.io/v1\nmetadata:\n  name: app\nspec:\n  tags:\n  - name: latest\n    from:\n      kind: DockerImage\n      name: quay.io/example/app:latest\n",
    };

    /// <summary>The repository's host name exists only for the proxy, so the run succeeds only through it.</summary>
    [Fact]
    public async Task A_repository_is_cloned_through_the_proxy_named_by_http_proxy()
    {
        using var git = GitHttpServer.Start();
        git.CreateRepository("app", Files);
        await using var proxy = new ForwardProxy(git.Port);

        var (exitCode, output) = await CliProcess.RunAsync(
            ["get", "is", "http://git.behind-proxy.test/git/app.git"],
            new Dictionary<string, string> { ["http_proxy"] = proxy.Url, ["no_proxy"] = "", ["NO_PROXY"] = "" });

        Assert.True(exitCode == 0, output);
        Assert.Contains("app", output, StringComparison.Ordinal);
        Assert.Contains(proxy.Requests, request => request.Method == "POST" && request.Target == "http://git.behind-proxy.test/git/app.git/git-upload-pack");
    }

    [Fact]
    public async Task A_server_whose_authority_SSL_CERT_FILE_names_is_trusted_and_no_other()
    {
        using var git = GitHttpServer.Start();
        git.CreateRepository("app", Files);
        await using var front = new TlsFront(git.Port);
        using var folder = new TemporaryDirectory("authority");
        var bundle = Path.Combine(folder.Path, "authority.pem");
        await File.WriteAllTextAsync(bundle, front.AuthorityPem);
        var direct = new Dictionary<string, string> { ["https_proxy"] = "", ["HTTPS_PROXY"] = "" };

        var (refusedCode, refused) = await CliProcess.RunAsync(["get", "is", front.Url("/git/app.git")], direct);
        var (exitCode, output) = await CliProcess.RunAsync(["get", "is", front.Url("/git/app.git")], new Dictionary<string, string>(direct) { ["SSL_CERT_FILE"] = bundle });

        Assert.Equal(3, refusedCode);
        Assert.Contains("The remote certificate is invalid", refused, StringComparison.Ordinal);
        Assert.True(exitCode == 0, output);
        Assert.Contains("app", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_from_HTTPS_to_HTTP_is_refused_and_nothing_is_sent_in_the_clear()
    {
        using var git = GitHttpServer.Start();
        git.CreateRepository("app", Files);
        await using var downgrading = LoopbackHttpServer.Start(request => new LoopbackResponse
        {
            Status = 301,
            Reason = "Moved Permanently",
            Headers = [KeyValuePair.Create("Location", $"{git.BaseUrl}/app.git{request.Target["/git/app.git".Length..]}")],
        });
        await using var front = new TlsFront(downgrading.Port);
        using var folder = new TemporaryDirectory("authority");
        var bundle = Path.Combine(folder.Path, "authority.pem");
        await File.WriteAllTextAsync(bundle, front.AuthorityPem);

        var (exitCode, output) = await CliProcess.RunAsync(
            ["get", "is", front.Url("/git/app.git")],
            new Dictionary<string, string> { ["SSL_CERT_FILE"] = bundle, ["https_proxy"] = "", ["HTTPS_PROXY"] = "" });

        Assert.Equal(3, exitCode);
        Assert.Contains($"redirects to {git.BaseUrl}/app.git/info/refs, which is not an HTTPS address: refused", output, StringComparison.Ordinal);
        Assert.Empty(git.BackendRequests());
    }
}
