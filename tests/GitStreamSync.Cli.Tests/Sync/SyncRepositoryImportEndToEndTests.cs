using System.Text.RegularExpressions;
using GitStreamSync.Core.Images;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.GitHub;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Cli.Tests.Sync;

/// <summary>
/// spec.dockerImageRepository end to end (semantics 2.11): <c>gitstreamsync sync</c> against a loopback
/// Git server, quay.io answered by a real docker-registry behind a proxy that pages tags/list three
/// tags at a time (as Quay pages by 50): more tags than a page and than the limit; and a repository on
/// another host whose mirror rate-limits its listing, which defers that stream alone. The pushed tree is the golden tree (Golden/sync-repository-import), the listing
/// costs one request a page, and validate, get and describe read such streams as any other. The
/// plan output and the pull request body say which tags came from a repository listing (golden files).
/// </summary>
public sealed partial class SyncRepositoryImportEndToEndTests : IAsyncLifetime
{
    private const string Golden = "sync-repository-import";
    private const string Token = "ghp_repository_import_token";

    private static readonly Dictionary<string, string> Files = new()
    {
        [".gitstreamsync.yaml"] = "maxImagesBulkImportedPerRepository: 4\n",
        ["imagestreams/app.yaml"] = """
            apiVersion: image.openshift.io/v1
            kind: ImageStream
            metadata:
              name: app
            spec:
              dockerImageRepository: quay.io/team/app
              tags:
              - name: latest
                from:
                  kind: DockerImage
                  name: quay.io/team/app:stable

            """,
        ["imagestreams/tools.json"] = """
            {
              "kind": "ImageStream",
              "apiVersion": "image.openshift.io/v1",
              "metadata": {
                "name": "tools",
                "annotations": {
                  "gitstreamsync.io/import-limit": "2"
                }
              },
              "spec": {
                "dockerImageRepository": "quay.io/team/tools"
              }
            }

            """,
        ["imagestreams/limited.yaml"] = """
            apiVersion: image.openshift.io/v1
            kind: ImageStream
            metadata:
              name: limited
            spec:
              dockerImageRepository: registry.invalid/team/limited
            status:
              dockerImageRepository: ""
              tags:
              - items:
                - created: "2025-12-01T08:00:00Z"
                  dockerImageReference: registry.invalid/team/limited@sha256:0000000000000000000000000000000000000000000000000000000000000001
                  generation: 1
                  image: sha256:0000000000000000000000000000000000000000000000000000000000000001
                tag: "1.0"

            """,
    };

    private static readonly string[] AppTags = ["stable", "latest", "1.0", "1.1", "2.0.0", "v2.1", "nightly", "zzz"];
    private static readonly string[] ToolsTags = ["1.0", "1.1", "2.0", "nightly"];

    private GitHttpServer git = null!;
    private RegistryServer registry = null!;
    private RegistryFaultProxy quay = null!;
    private RegistryFaultProxy limited = null!;
    private GitHubFake github = null!;

    public async Task InitializeAsync()
    {
        git = GitHttpServer.Start();
        github = await GitHubFake.StartAsync();
        github.AddRepository("git", "imports");
        github.AddToken(new GitHubFakeToken(Token, "gitstreamsync-bot"));
        registry = await RegistryServer.StartAsync();
        quay = RegistryFaultProxy.Start(registry.BaseUri);
        quay.Rewrite(TagListPaging.PageBy(3));

        // A mirror that asks to be asked later is not gone round to the source (registry.invalid never
        // resolves anyway): that stream waits for the next run, and the 429 spends only that host's budget.
        limited = RegistryFaultProxy.Start(registry.BaseUri);
        limited.Fail(request => request.Path == "/v2/team/limited/tags/list" ? LoopbackResponse.Text(429, "{\"errors\":[{\"code\":\"TOOMANYREQUESTS\"}]}", ("Retry-After", "3600")) : null);
        using var seeder = RegistrySeeder.For(registry);
        foreach (var tag in AppTags)
        {
            await seeder.PushImageAsync("team/app", tag, ManifestFormat.Oci, Platform.LinuxAmd64, unique: "app " + tag);
        }

        foreach (var tag in ToolsTags)
        {
            await seeder.PushImageAsync("team/tools", tag, ManifestFormat.Docker, Platform.LinuxAmd64, unique: "tools " + tag);
        }
    }

    public async Task DisposeAsync()
    {
        await quay.DisposeAsync();
        await limited.DisposeAsync();
        await github.DisposeAsync();
        git.Dispose();
        await registry.DisposeAsync();
    }

    [Fact]
    public async Task Sync_imports_the_first_tags_by_priority_and_a_rate_limited_listing_defers_only_its_stream()
    {
        var url = git.CreateRepository("imports", Files);
        string[] mirrors = ["--registry-mirror", $"quay.io={quay.BaseUri.ToString().TrimEnd('/')}", "--registry-mirror", $"registry.invalid={limited.BaseUri.ToString().TrimEnd('/')}"];

        // plan names the tags a listing brought in, which a reviewer finds in no spec.tags.
        var plan = await CliRunner.RunAsync(["plan", url, .. mirrors], Environment(), time: new FixedClock(CliRunner.FixedNow));
        Assert.True(plan.ExitCode == 0, plan.Out + plan.Error);
        GoldenFile.AssertMatches("sync-repository-import-report/plan.txt", Normalise(BaseCommit().Replace(plan.Out, "main at <commit>")));
        var json = await CliRunner.RunAsync(["plan", url, "-o", "json", .. mirrors], Environment(), time: new FixedClock(CliRunner.FixedNow));
        using (var document = System.Text.Json.JsonDocument.Parse(json.Out))
        {
            var imported = document.RootElement.GetProperty("changes").EnumerateArray()
                .Where(c => c.TryGetProperty("imported", out var flag) && flag.GetBoolean())
                .Select(c => $"{c.GetProperty("stream").GetString()}:{c.GetProperty("tag").GetString()}")
                .Order(StringComparer.Ordinal);
            Assert.Equal(["app:1.0", "app:1.1", "app:v2.1", "tools:1.1", "tools:2.0"], imported);
        }

        var (quayBefore, limitedBefore) = (quay.RequestedTargets.Count(), limited.RequestedTargets.Count());

        var result = await CliRunner.RunAsync(["sync", url, .. mirrors], Environment(), time: new FixedClock(CliRunner.FixedNow));

        // The rate-limited listing is transient: exit 0, that stream deferred and its file untouched; the rest is pushed.
        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        Assert.True(result.Out.StartsWith("Pushed ", StringComparison.Ordinal), result.Out + result.Error);
        Assert.Contains("imagestreams/limited.yaml#limited", result.Out, StringComparison.Ordinal);
        Assert.Contains("rate limited", result.Out, StringComparison.Ordinal);
        GoldenFile.AssertTreeMatches(Golden, git.RepositoryPath("imports"), "gitstreamsync/main");
        var pullRequest = Assert.Single(github.PullRequests("git/imports"));
        GoldenFile.AssertMatches("sync-repository-import-report/body.md", Normalise(RunId().Replace(pullRequest.Body!, "<run-id>")));

        // One GET of tags/list a page: 8 tags at 3 a page, 4 at 3, and the one 404 of the missing repository.
        var pages = quay.RequestedTargets.Skip(quayBefore).Where(t => t.Contains("/tags/list", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, pages.Count(t => t.StartsWith("/v2/team/app/", StringComparison.Ordinal)));
        Assert.Equal(2, pages.Count(t => t.StartsWith("/v2/team/tools/", StringComparison.Ordinal)));
        Assert.Equal(["/v2/team/limited/tags/list"], limited.RequestedTargets.Skip(limitedBefore).Where(t => t.Contains("/tags/list", StringComparison.Ordinal)));

        // Only the imported and spec tags were resolved by tag: the tags past the limit cost nothing.
        var manifests = quay.RequestedPaths.Skip(quayBefore).Where(p => p.Contains("/manifests/", StringComparison.Ordinal) && !p.Contains("/manifests/sha256:", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            ["/v2/team/app/manifests/1.0", "/v2/team/app/manifests/1.1", "/v2/team/app/manifests/stable", "/v2/team/app/manifests/v2.1", "/v2/team/tools/manifests/1.1", "/v2/team/tools/manifests/2.0"],
            manifests);
    }

    [Fact]
    public async Task A_shards_resolutions_file_carries_the_listings_so_the_sync_imports_the_same_tags_without_asking_the_registry()
    {
        var url = git.CreateRepository("sharded-imports", Files);
        using var work = new TemporaryDirectory("import-shards");
        var file = Path.Combine(work.Path, "shard-0-of-1.json");
        string[] mirrors = ["--registry-mirror", $"quay.io={quay.BaseUri.ToString().TrimEnd('/')}", "--registry-mirror", $"registry.invalid={limited.BaseUri.ToString().TrimEnd('/')}"];
        var plan = await CliRunner.RunAsync(["plan", url, "--shard", "0/1", "--resolutions-out", file, .. mirrors], Environment(), time: new FixedClock(CliRunner.FixedNow));
        Assert.True(plan.ExitCode == 0, plan.Out + plan.Error);
        var (quayBefore, limitedBefore) = (quay.RequestedTargets.Count(), limited.RequestedTargets.Count());

        var result = await CliRunner.RunAsync(["sync", url, "--no-pull-request", "--resolutions", file, .. mirrors], Environment(), time: new FixedClock(CliRunner.FixedNow));

        // Neither registry is asked anything: the listings (the rate-limited one too) and every tag's answer come from the file.
        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        Assert.Equal(quayBefore, quay.RequestedTargets.Count());
        Assert.Equal(limitedBefore, limited.RequestedTargets.Count());
        Assert.Contains(" 0 asked of registries.", result.Out, StringComparison.Ordinal);
        Assert.Contains("imagestreams/limited.yaml#limited", result.Out, StringComparison.Ordinal);
        GoldenFile.AssertTreeMatches(Golden, git.RepositoryPath("sharded-imports"), "gitstreamsync/main");
    }

    [Fact]
    public async Task Validate_get_and_describe_read_streams_that_import_a_repository()
    {
        using var folder = new TemporaryDirectory("imports");
        foreach (var (path, text) in Files)
        {
            var file = Path.Combine(folder.Path, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, text);
        }

        var validate = await CliRunner.RunAsync("validate", folder.Path);
        Assert.True(validate.ExitCode == 0, validate.Out + validate.Error);

        var get = await CliRunner.RunAsync("get", "is", folder.Path);
        Assert.Equal(0, get.ExitCode);
        Assert.Contains("quay.io/team/app", get.Out, StringComparison.Ordinal);

        var describe = await CliRunner.RunAsync("describe", "is", "app", folder.Path);
        Assert.True(describe.ExitCode == 0, describe.Out + describe.Error);
        Assert.Contains("quay.io/team/app", describe.Out, StringComparison.Ordinal);

        // OpenShift refuses a repository with a tag: validate says where.
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "imagestreams/limited.yaml"), Files["imagestreams/limited.yaml"].Replace("team/limited\n", "team/limited:1.0\n", StringComparison.Ordinal));
        var refused = await CliRunner.RunAsync("validate", folder.Path);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("imagestreams/limited.yaml:6:26:", refused.Out + refused.Error, StringComparison.Ordinal);
        Assert.Contains("may not contain a tag", refused.Out + refused.Error, StringComparison.Ordinal);
    }

    /// <summary>A fixed "now" (timestamps are in the golden tree) with real timers, so retry back-off and deadlines elapse.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["GITSTREAMSYNC_GIT_USERNAME"] = git.User,
        ["GITSTREAMSYNC_GIT_PASSWORD"] = git.Password,
        ["GITHUB_API_URL"] = github.BaseUrl.ToString(),
        ["GITHUB_TOKEN"] = Token,
    };

    // The mirror that rate-limits listens on a port picked per run.
    private string Normalise(string text) => text.Replace(limited.BaseUri.Authority, "127.0.0.1:<port>", StringComparison.Ordinal);

    // Run ids end in random hex, and the seeded repository's commit differs from run to run.
    [GeneratedRegex(@"\d{8}T\d{6}Z-[0-9a-f]{6}")]
    private static partial Regex RunId();

    [GeneratedRegex(@"main at [0-9a-f]{7}")]
    private static partial Regex BaseCommit();
}
