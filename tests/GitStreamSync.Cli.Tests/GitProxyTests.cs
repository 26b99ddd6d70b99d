using GitStreamSync.Cli.Tests.CrashSafety;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Cli.Tests;

/// <summary>
/// Behind a company proxy, Git traffic goes through the proxy the environment names
/// (<c>http_proxy</c>, <c>https_proxy</c>), as it does for git and libgit2. The repository's host
/// name exists only for the proxy here, so the run succeeds only through it.
/// </summary>
public sealed class GitProxyTests
{
    [Fact]
    public async Task A_repository_is_cloned_through_the_proxy_named_by_http_proxy()
    {
        using var git = GitHttpServer.Start();
        git.CreateRepository("app", new Dictionary<string, string>
        {
            ["streams/app.yaml"] = "kind: ImageStream\napiVersion: image.openshift.io/v1\nmetadata:\n  name: app\nspec:\n  tags:\n  - name: latest\n    from:\n      kind: DockerImage\n      name: quay.io/example/app:latest\n",
        });
        using var forward = new HttpClient();
        await using var proxy = LoopbackHttpServer.Start(request => ForwardAsync(forward, request, git.Port));

        var (exitCode, output) = await CliProcess.RunAsync(
            ["get", "is", "http://git.behind-proxy.test/git/app.git"],
            new Dictionary<string, string> { ["http_proxy"] = $"http://{proxy.HostPort}", ["no_proxy"] = "", ["NO_PROXY"] = "" });

        Assert.True(exitCode == 0, output);
        Assert.Contains("app", output, StringComparison.Ordinal);
        Assert.Contains(proxy.Requests, request => request.Method == "POST" && request.Target == "http://git.behind-proxy.test/git/app.git/git-upload-pack");
    }

    private static async Task<LoopbackResponse> ForwardAsync(HttpClient client, LoopbackRequest request, int gitPort)
    {
        var target = new Uri(request.Target);
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), $"http://127.0.0.1:{gitPort}{target.PathAndQuery}");
        if (request.Method == "POST")
        {
            message.Content = new ByteArrayContent(request.Body);
            message.Content.Headers.TryAddWithoutValidation("Content-Type", request.Header("Content-Type"));
        }

        using var answer = await client.SendAsync(message);
        return LoopbackResponse.Bytes(
            (int)answer.StatusCode,
            await answer.Content.ReadAsByteArrayAsync(),
            ("Content-Type", answer.Content.Headers.ContentType?.ToString() ?? "application/octet-stream"));
    }
}
