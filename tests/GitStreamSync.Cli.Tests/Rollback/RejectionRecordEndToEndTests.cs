using System.Globalization;
using System.Text;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.GitHub;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Cli.Tests.Rollback;

/// <summary>
/// Rejections live in Git, end to end through the CLI with the real registry, the real Git smart-HTTP
/// server and the GitHub fake: 400 of the tool's pull requests closed unmerged are recorded on
/// <c>refs/gitstreamsync/rejections</c> by one run, then a fresh clone without the API still holds all of
/// them, and a run with the API up lists only what was closed since the record's newest entry.
/// </summary>
public sealed class RejectionRecordEndToEndTests : IAsyncLifetime, IDisposable
{
    private const int Closed = 400;
    private const string Repo = "acme/app";

    private readonly GitHttpServer git = GitHttpServer.Start();
    private GitHubFake github = null!;
    private RegistryServer registry = null!;
    private RegistrySeeder seeder = null!;
    private string url = "";
    private string bare = "";

    public async Task InitializeAsync()
    {
        github = await GitHubFake.StartAsync();
        github.AddRepository("acme", "app");
        github.AddToken(new GitHubFakeToken("ghp_images", "images-bot"));
        registry = await RegistryServer.StartAsync();
        seeder = RegistrySeeder.For(registry);
        var name = "app" + Guid.NewGuid().ToString("N")[..8];
        url = git.CreateRepository(name, new Dictionary<string, string> { ["streams/app.yaml"] = Stream() });
        bare = git.RepositoryPath(name);
    }

    public async Task DisposeAsync()
    {
        seeder.Dispose();
        await registry.DisposeAsync();
        await github.DisposeAsync();
    }

    public void Dispose() => git.Dispose();

    [Fact(Timeout = 600_000)]
    public async Task Four_hundred_closed_pull_requests_are_recorded_once_and_hold_from_a_fresh_clone_without_the_api()
    {
        var rejected = (await seeder.PushImageAsync("acme/app", "latest", ManifestFormat.Oci, Platform.LinuxAmd64, "v2")).Digest;
        var oldest = CliRunner.FixedNow.AddDays(-500);
        for (var i = 0; i < Closed; i++)
        {
            SeedClosed(Tag(i), rejected, oldest.AddHours(i));
        }

        // A dry run holds every rejection from the listing and writes nothing.
        var dry = await SyncAsync(Api(), "--dry-run");
        Assert.Equal(0, dry.ExitCode);
        Assert.Equal(Closed, HeldLines(dry.Out));
        Assert.Null(GitCli.RevParse(bare, IRejectionLog.RefName));

        // One run records all of them; it reads the closed pull requests page by page until the last one (4 of 100).
        var before = ClosedListings();
        var first = await SyncAsync(Api(), "--no-pull-request");
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(Closed, HeldLines(first.Out));
        Assert.Equal(4, ClosedListings() - before);
        Assert.Equal(Closed.ToString(CultureInfo.InvariantCulture), GitCli.Run(bare, "rev-list", "--count", IRejectionLog.RefName).Trim());
        Assert.Null(GitCli.RevParse(bare, "refs/heads/gitstreamsync/main"));

        // A fresh clone, no token: the record alone holds every rejection, and nothing is proposed.
        var withoutToken = Api();
        withoutToken.Remove("GITHUB_TOKEN");
        before = github.Requests.Count;
        var offline = await SyncAsync(withoutToken, "--no-pull-request");
        Assert.Equal(0, offline.ExitCode);
        Assert.Equal(Closed, HeldLines(offline.Out));
        Assert.Contains($"streams/app.yaml#app:{Tag(399)} {rejected.Abbreviated} (closed pull request #{Closed})", offline.Out, StringComparison.Ordinal);
        Assert.Equal(before, github.Requests.Count);
        Assert.Null(GitCli.RevParse(bare, "refs/heads/gitstreamsync/main"));

        // Not on GitHub at all: the same.
        var elsewhere = await SyncAsync([], "--no-pull-request");
        Assert.Equal(0, elsewhere.ExitCode);
        Assert.Equal(Closed, HeldLines(elsewhere.Out));

        // With the API up again, only what was closed since the record's newest entry is read: one page.
        for (var i = 0; i < 3; i++)
        {
            SeedClosed(Tag(i), Digest.Parse("sha256:" + new string((char)('a' + i), 64)), CliRunner.FixedNow.AddMinutes(-30 + i));
        }

        before = ClosedListings();
        var later = await SyncAsync(Api(), "--no-pull-request");
        Assert.Equal(0, later.ExitCode);
        Assert.Equal(1, ClosedListings() - before);
        Assert.Equal((Closed + 3).ToString(CultureInfo.InvariantCulture), GitCli.Run(bare, "rev-list", "--count", IRejectionLog.RefName).Trim());
        Assert.Equal(
            $"Rejected: pull request #{Closed + 3} closed unmerged",
            GitCli.Run(bare, "log", "-1", "--format=%s", IRejectionLog.RefName).Trim());
    }

    private static string Tag(int i) => "t" + i.ToString("000", CultureInfo.InvariantCulture);

    private static string Stream()
    {
        var text = new StringBuilder("apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: app\nspec:\n  tags:\n");
        for (var i = 0; i < Closed; i++)
        {
            text.Append("  - name: ").Append(Tag(i)).Append("\n    from:\n      kind: DockerImage\n      name: registry.example/acme/app:latest\n");
        }

        return text.ToString();
    }

    /// <summary>One of the tool's pull requests for <paramref name="tag"/>, closed unmerged by a person at <paramref name="closedAt"/>.</summary>
    private void SeedClosed(string tag, Digest digest, DateTimeOffset closedAt)
    {
        var marker = new PullRequestMarker("main", null, [new PullRequestMarkerEntry(new TagKey("streams/app.yaml", "app", tag), null, digest)]);
        github.SeedPullRequest(Repo, "gitstreamsync/main", "main", $"Update app:{tag}", "Update 1 image digest in 1 ImageStream\n\n" + marker.Format() + "\n",
            "images-bot", closedAt.AddHours(-1), closedAt);
    }

    private int ClosedListings() =>
        github.Requests.Count(r => r.Method == "GET" && r.Path == $"/repos/{Repo}/pulls" && r.Query.Contains("state=closed", StringComparison.Ordinal));

    private static int HeldLines(string output) =>
        output.Split('\n').Count(line => line.Contains("(closed pull request #", StringComparison.Ordinal));

    private Dictionary<string, string> Api() => new()
    {
        ["GITHUB_API_URL"] = github.BaseUrl.ToString(),
        ["GITHUB_REPOSITORY"] = Repo,
        ["GITHUB_TOKEN"] = "ghp_images",
    };

    private Task<CliResult> SyncAsync(Dictionary<string, string> variables, params string[] extra)
    {
        variables["GITSTREAMSYNC_GIT_USERNAME"] = git.User;
        variables["GITSTREAMSYNC_GIT_PASSWORD"] = git.Password;
        return CliRunner.RunAsync(
            ["sync", url, "--registry-mirror", $"registry.example={registry.BaseUri.ToString().TrimEnd('/')}", "--mirror-only", "registry.example", .. extra],
            variables);
    }
}
