using GitStreamSync.Core.Images;
using GitStreamSync.Core.Record;
using System.Text;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Cli.Tests.Sync;

/// <summary>
/// One repository whose tags follow the real registry (good answers) and a loopback registry that
/// answers garbage on purpose (an index of the wrong shape, an array as error body, bytes that are
/// not the manifest they claim, a digest that does not match, a proxy's HTML page). <c>sync</c>
/// and <c>plan</c> run in the same way: the good tags resolve and are committed, each bad tag
/// fails with its own reason, nothing of the garbage reaches a file, and the exit code is 1.
/// </summary>
public sealed class SyncBadRegistryAnswersEndToEndTests : IAsyncLifetime
{
    private const string OciIndex = "application/vnd.oci.image.index.v1+json";
    private const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    private static readonly byte[] NotJson = [0x00, 0x9f, (byte)'G', (byte)'I', (byte)'F', 0x0a, 0xff];
    private static readonly byte[] WrongIndex = "[]"u8.ToArray();

    private GitHttpServer git = null!;
    private RegistryServer registry = null!;
    private LoopbackHttpServer bad = null!;
    private string folder = null!;

    public async Task InitializeAsync()
    {
        folder = Directory.CreateTempSubdirectory("gss-bad-answers-").FullName;
        git = GitHttpServer.Start();
        registry = await RegistryServer.StartAsync();
        bad = LoopbackHttpServer.Start(Answer);
    }

    public async Task DisposeAsync()
    {
        git.Dispose();
        await bad.DisposeAsync();
        await registry.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Good_tags_are_committed_and_each_bad_answer_fails_only_its_own_tag()
    {
        using var seeder = RegistrySeeder.For(registry);
        var app = await seeder.PushImageAsync("team/app", "1.0", ManifestFormat.Oci, Platform.LinuxAmd64);
        var docker = await seeder.PushImageAsync("team/app", "2.0", ManifestFormat.Docker, Platform.LinuxAmd64);
        var multi = await seeder.PushIndexAsync("team/multi", "1", ManifestFormat.Oci, [Platform.LinuxAmd64, Platform.Parse("linux/arm64")]);
        var files = Files();
        var url = git.CreateRepository("mixed", files);

        var sync = await RunAsync("sync", url);

        Assert.True(sync.ExitCode == ExitCodes.TagsFailed, sync.Out + sync.Error);
        Assert.StartsWith("Pushed ", sync.Out, StringComparison.Ordinal);
        AssertNamedReasons(sync.Out);
        var bare = git.RepositoryPath("mixed");
        var record = CommitMessageParser.Parse(GitCli.Run(bare, "log", "-1", "--format=%B", "gitstreamsync/main"));
        Assert.Equal(
            [$"mixed.yaml#mixed:app", $"mixed.yaml#mixed:docker", $"other.yaml#other:multi"],
            record.Digests.Select(d => d.Key.ToString()).Order(StringComparer.Ordinal));
        var mixed = GitCli.Run(bare, "show", "gitstreamsync/main:mixed.yaml");
        var other = GitCli.Run(bare, "show", "gitstreamsync/main:other.yaml");
        Assert.Contains(app.Digest.ToString(), mixed, StringComparison.Ordinal);
        Assert.Contains(docker.Digest.ToString(), mixed, StringComparison.Ordinal);
        Assert.Contains(multi.Children.Single(c => c.Platform == Platform.LinuxAmd64).Digest.ToString(), other, StringComparison.Ordinal);
        foreach (var garbage in new[] { NotJson, WrongIndex })
        {
            Assert.DoesNotContain(Digest.ComputeSha256(garbage).Hex, mixed + sync.Out + sync.Error, StringComparison.Ordinal);
        }

        // The same repository through plan: the same named reasons, the same exit code.
        var bareCopy = Path.Combine(folder, "mixed.git");
        GitCli.InitBare(bareCopy, files: files);
        var plan = await RunAsync("plan", bareCopy);

        Assert.True(plan.ExitCode == ExitCodes.TagsFailed, plan.Out + plan.Error);
        AssertNamedReasons(plan.Out);
        Assert.DoesNotContain("unexpected", plan.Error, StringComparison.Ordinal);
    }

    private void AssertNamedReasons(string output)
    {
        var host = bad.HostPort;
        Assert.True(output.Contains($"mixed.yaml#mixed:wrong-index {host}/wrong-index:1: {host} answered an index that is not an OCI index: it is a JSON array, not an object", StringComparison.Ordinal), output);
        Assert.True(output.Contains($"mixed.yaml#mixed:array-error NotFound: dockerimage.image.openshift.io \"{host}/array-error:1\" not found", StringComparison.Ordinal), output);
        Assert.True(output.Contains($"mixed.yaml#mixed:not-json {host}/not-json:1: {host} answered a manifest that is not an OCI manifest: the body is not JSON (it is text or binary data)", StringComparison.Ordinal), output);
        Assert.True(output.Contains($"mixed.yaml#mixed:mismatch {host}/mismatch:1: {host} sent a Docker-Content-Digest that does not match the manifest's bytes", StringComparison.Ordinal), output);
        Assert.True(output.Contains($"mixed.yaml#mixed:html {host}/html:1: {host} answered text/html with bytes that are not a manifest", StringComparison.Ordinal), output);
    }

    private Dictionary<string, string> Files()
    {
        var mixed = new StringBuilder("apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: mixed\nspec:\n  tags:\n");
        foreach (var (tag, reference) in new[]
        {
            ("app", $"{registry.HostPort}/team/app:1.0"),
            ("wrong-index", $"{bad.HostPort}/wrong-index:1"),
            ("array-error", $"{bad.HostPort}/array-error:1"),
            ("docker", $"{registry.HostPort}/team/app:2.0"),
            ("not-json", $"{bad.HostPort}/not-json:1"),
            ("mismatch", $"{bad.HostPort}/mismatch:1"),
            ("html", $"{bad.HostPort}/html:1"),
        })
        {
            mixed.Append(System.Globalization.CultureInfo.InvariantCulture, $"  - name: {tag}\n    from:\n      kind: DockerImage\n      name: {reference}\n    importPolicy:\n      insecure: true\n");
        }

        var other = $"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: other\nspec:\n  tags:\n  - name: multi\n    from:\n      kind: DockerImage\n      name: {registry.HostPort}/team/multi:1\n    importPolicy:\n      insecure: true\n";
        return new Dictionary<string, string> { ["mixed.yaml"] = mixed.ToString(), ["other.yaml"] = other };
    }

    /// <summary>The misbehaving registry: each repository is one kind of garbage.</summary>
    private static LoopbackResponse Answer(LoopbackRequest request)
    {
        if (request.Path == "/v2/")
        {
            return LoopbackResponse.Text(200, "{}");
        }

        var head = request.Method == "HEAD";
        var manifest = Encoding.UTF8.GetBytes("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[]}""");
        // The wrong index is asked for by tag, then by the digest its HEAD named.
        return (request.Path.StartsWith("/v2/wrong-index/", StringComparison.Ordinal) ? "/v2/wrong-index/manifests/1" : request.Path) switch
        {
            "/v2/wrong-index/manifests/1" => LoopbackResponse.Bytes(200, WrongIndex, ("Content-Type", OciIndex), ("Docker-Content-Digest", Digest.ComputeSha256(WrongIndex).ToString())),
            "/v2/array-error/manifests/1" => LoopbackResponse.Text(404, head ? "" : """["MANIFEST_UNKNOWN",{"code":7}]""", ("Content-Type", "application/json")),
            "/v2/not-json/manifests/1" => LoopbackResponse.Bytes(200, NotJson, ("Content-Type", OciManifest)),
            "/v2/mismatch/manifests/1" => head
                ? LoopbackResponse.Bytes(200, manifest, ("Content-Type", OciManifest))
                : LoopbackResponse.Bytes(200, manifest, ("Content-Type", OciManifest), ("Docker-Content-Digest", Digest.ComputeSha256("other"u8).ToString())),
            "/v2/html/manifests/1" => LoopbackResponse.Bytes(200, "<!DOCTYPE html><html><body>Please sign in</body></html>"u8.ToArray(), ("Content-Type", "text/html; charset=utf-8")),
            _ => LoopbackResponse.Text(404, ""),
        };
    }

    private async Task<CliResult> RunAsync(string command, string location)
    {
        var environment = new Dictionary<string, string>
        {
            ["GITSTREAMSYNC_GIT_USERNAME"] = git.User,
            ["GITSTREAMSYNC_GIT_PASSWORD"] = git.Password,
        };
        return await CliRunner.RunAsync([command, location], environment);
    }
}
