using GitStreamSync.Core.Images;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.GitHub;
using GitStreamSync.Testing.Registry;
using Xunit.Abstractions;

namespace GitStreamSync.Cli.Tests.GitHub;

/// <summary>
/// Runs that change hundreds and thousands of tags at once (a new repository, a registry-wide
/// rebuild) still open one pull request GitHub accepts: generated ImageStream files on the loopback
/// Git server, one distinct image per tag in the loopback registry (reached as a mirror), and the
/// GitHub fake refusing bodies over 65,536 characters and titles over 256 as GitHub does.
/// </summary>
public sealed partial class SyncManyTagsEndToEndTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private const string Repository = "acme/fleet";
    private const string Token = "ghp_many_tags_token";
    private const string Host = "images.fleet.test";
    private static readonly DateTimeOffset Now = new(2026, 2, 1, 6, 0, 0, TimeSpan.Zero);

    private readonly CancellationTokenSource timeout = new(TimeSpan.FromMinutes(4));
    // 5,000 tags leave some 55,000 files in the registry's storage; deleting them from the disk of a busy
    // machine took minutes, from memory it takes a moment.
    private readonly string storage = Directory.Exists("/dev/shm")
        ? Directory.CreateDirectory(Path.Combine("/dev/shm", "gss-many-tags-" + Guid.NewGuid().ToString("N"))).FullName
        : Directory.CreateTempSubdirectory("gss-many-tags-").FullName;
    private GitHttpServer git = null!;
    private RegistryServer registry = null!;
    private GitHubFake github = null!;

    public async Task InitializeAsync()
    {
        git = GitHttpServer.Start();
        registry = await RegistryServer.StartAsync(new RegistryServerOptions { StorageDirectory = storage }, timeout.Token);
        github = await GitHubFake.StartAsync().WaitAsync(timeout.Token);
        github.AddRepository("acme", "fleet");
        github.AddToken(new GitHubFakeToken(Token, "gitstreamsync-bot"));
    }

    public async Task DisposeAsync()
    {
        try
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await github.DisposeAsync().AsTask().WaitAsync(stop.Token);
            await registry.DisposeAsync().AsTask().WaitAsync(stop.Token);
        }
        finally
        {
            git.Dispose();
        }
    }

    public void Dispose()
    {
        timeout.Dispose();
        Directory.Delete(storage, recursive: true);
    }

    [Theory]
    [InlineData(50, 6)]
    [InlineData(500, 10)]
    public async Task Thousands_of_changed_tags_open_one_pull_request_that_GitHub_accepts(int files, int tagsPerFile)
    {
        var tags = files * tagsPerFile;
        var url = git.CreateRepository("fleet", Repo(files, tagsPerFile));
        var seeded = await SeedAsync(files, tagsPerFile);

        var run = await SyncAsync(url);

        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.Contains("pull request #1 created: ", run.Out, StringComparison.Ordinal);
        var pr = Assert.Single(github.PullRequests(Repository));
        var body = pr.Body!;
        output.WriteLine($"{tags} changed tags in {files} files: pull-request body {body.Length} characters, title '{pr.Title}'");
        Assert.Equal(("open", "gitstreamsync/main"), (pr.State, pr.Head));
        Assert.True(body.Length <= GitHubFake.MaxBodyLength, $"{body.Length} characters");
        Assert.StartsWith($"GitStreamSync proposes {tags} new image digests in {files} ImageStreams for `main`.", body, StringComparison.Ordinal);
        Assert.Matches($@"This body lists [\d,]+ of the {tags:N0} changed tags", body);
        Assert.Contains("`gitstreamsync plan -o diff`", body, StringComparison.Ordinal);

        // The marker reads back and every digest it lists is the one the registry holds for that tag.
        var marker = PullRequestMarker.Parse(body);
        Assert.Equal(tags, marker.Entries.Count + marker.Omitted);
        Assert.All(marker.Entries, e => Assert.Equal(seeded[(e.Key.Stream, e.Key.Tag)], e.NewDigest));

        // The branch's commit names every tag in its trailers, whatever the body had room for.
        var record = CommitMessageParser.Parse(GitCli.Run(git.RepositoryPath("fleet"), "log", "-1", "--format=%B", "gitstreamsync/main"));
        Assert.Equal(tags, record.Digests.Count);
        Assert.DoesNotContain(Token, run.Out + run.Error + body, StringComparison.Ordinal);
    }

    /// <summary>
    /// Files <c>imagestreams/app-NNNN.yaml</c>, one ImageStream each, every tag following its own image
    /// <c>images.fleet.test/acme/app:sNNNN-tM</c>; no status yet, so every tag changes on the first run.
    /// </summary>
    private static Dictionary<string, string> Repo(int files, int tagsPerFile)
    {
        var repo = new Dictionary<string, string>
        {
            [".gitstreamsync.yaml"] = "paths: [imagestreams]\nplatform: linux/amd64\npullRequests:\n  groupBy: base\n",
        };
        for (var f = 0; f < files; f++)
        {
            var name = Stream(f);
            var text = new StringBuilder($"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: {name}\nspec:\n  tags:\n");
            for (var t = 0; t < tagsPerFile; t++)
            {
                text.Append(CultureInfo.InvariantCulture, $"  - name: \"t{t}\"\n    from:\n      kind: DockerImage\n      name: {Host}/acme/app:{Tag(f, t)}\n");
            }

            repo[$"imagestreams/{name}.yaml"] = text.ToString();
        }

        return repo;
    }

    /// <summary>One distinct OCI image per tag, pushed through the registry's API (blobs shared, one manifest PUT per tag).</summary>
    private async Task<Dictionary<(string Stream, string Tag), Digest>> SeedAsync(int files, int tagsPerFile)
    {
        using var seeder = RegistrySeeder.For(registry);
        var started = DateTimeOffset.UtcNow;
        var first = await seeder.PushImageAsync("acme/app", Tag(0, 0), ManifestFormat.Oci, Platform.LinuxAmd64, unique: Tag(0, 0), cancellationToken: timeout.Token);
        var digests = new System.Collections.Concurrent.ConcurrentDictionary<(string, string), Digest> { [(Stream(0), "t0")] = first.Digest };
        var rest = Enumerable.Range(0, files).SelectMany(f => Enumerable.Range(0, tagsPerFile).Select(t => (f, t))).Skip(1);
        await Parallel.ForEachAsync(rest, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = timeout.Token }, async (item, token) =>
        {
            var image = await seeder.PushImageAsync("acme/app", Tag(item.f, item.t), ManifestFormat.Oci, Platform.LinuxAmd64, unique: Tag(item.f, item.t), cancellationToken: token);
            digests[(Stream(item.f), $"t{item.t}")] = image.Digest;
        });
        output.WriteLine($"seeded {digests.Count} tags in {(DateTimeOffset.UtcNow - started).TotalSeconds:F1} s");
        return new Dictionary<(string Stream, string Tag), Digest>(digests);
    }

    private async Task<CliResult> SyncAsync(string url)
    {
        var environment = new Dictionary<string, string>
        {
            ["GITSTREAMSYNC_GIT_USERNAME"] = git.User,
            ["GITSTREAMSYNC_GIT_PASSWORD"] = git.Password,
            ["GITHUB_API_URL"] = github.BaseUrl.ToString(),
            ["GITHUB_REPOSITORY"] = Repository,
            ["GITHUB_TOKEN"] = Token,
        };
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        var cli = new CliEnvironment(stdout, stderr, environment, new FixedClock(Now), RepositoryRoot.Path);
        var started = DateTimeOffset.UtcNow;
        var exitCode = await CliApplication.RunAsync(
            ["sync", url, "--registry-mirror", $"{Host}={registry.BaseUri.ToString().TrimEnd('/')}", "--mirror-only", Host], cli, timeout.Token).WaitAsync(timeout.Token);
        output.WriteLine($"sync ran in {(DateTimeOffset.UtcNow - started).TotalSeconds:F1} s, exit {exitCode}");
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    private static string Stream(int file) => $"app-{file.ToString("D4", CultureInfo.InvariantCulture)}";

    private static string Tag(int file, int tag) => $"s{file.ToString("D4", CultureInfo.InvariantCulture)}-t{tag.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A fixed "now" with real timers for the registry client's deadlines.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
