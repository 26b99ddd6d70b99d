using GitStreamSync.Core.Images;
using System.Text;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.GitHub;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Cli.Tests.GitHub;

/// <summary>
/// A canary token that GitHub (played by the fake, as a misconfigured front end would) refuses with
/// a 401 whose message repeats the Authorization header, as it came, bare, in base64 and
/// URL-encoded. A full <c>sync</c> under GitHub Actions with debug logging must print the canary
/// only where it registers it with <c>::add-mask::</c>: not in the failure, the logs, the job
/// summary, a commit or pull-request text.
/// </summary>
public sealed class SecretCanaryEndToEndTests : IAsyncLifetime
{
    private const string Repository = "acme/canary";
    private const string Canary = "cnry.Q7m2-Zx81pLw0vT";
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 6, 0, 0, TimeSpan.Zero);

    private readonly string folder = Directory.CreateTempSubdirectory("gss-canary-").FullName;
    private GitHttpServer git = null!;
    private RegistryServer registry = null!;
    private GitHubFake github = null!;

    public async Task InitializeAsync()
    {
        git = GitHttpServer.Start();
        registry = await RegistryServer.StartAsync();
        github = await GitHubFake.StartAsync();
        github.AddRepository("acme", "canary");
        github.EchoRefusedAuthorization = true;
    }

    public async Task DisposeAsync()
    {
        await github.DisposeAsync();
        await registry.DisposeAsync();
        git.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task The_token_a_401_echoes_never_appears_in_any_output_but_its_mask_registration()
    {
        using (var seeder = RegistrySeeder.For(registry))
        {
            await seeder.PushImageAsync("team/app", "1.0", ManifestFormat.Oci, Platform.LinuxAmd64);
        }

        var stream = $"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: app\nspec:\n  tags:\n  - name: \"1.0\"\n    from:\n      kind: DockerImage\n      name: {registry.HostPort}/team/app:1.0\n    importPolicy:\n      insecure: true\n";
        var url = git.CreateRepository("canary", new Dictionary<string, string> { ["app.yaml"] = stream });
        var summary = Path.Combine(folder, "summary.md");
        var environment = new Dictionary<string, string>
        {
            ["GITSTREAMSYNC_GIT_USERNAME"] = git.User,
            ["GITSTREAMSYNC_GIT_PASSWORD"] = git.Password,
            ["GITHUB_API_URL"] = github.BaseUrl.ToString(),
            ["GITHUB_REPOSITORY"] = Repository,
            ["GITHUB_TOKEN"] = Canary,
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_STEP_SUMMARY"] = summary,
        };
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        var cli = new CliEnvironment(stdout, stderr, environment, new FixedClock(Now), RepositoryRoot.Path);

        var exitCode = await CliApplication.RunAsync(["sync", url, "--log-level", "debug"], cli, CancellationToken.None);

        var output = stdout.ToString() + stderr.ToString();
        Assert.True(exitCode == ExitCodes.GitFailure, output);
        Assert.Contains("GitHub rejected the credentials (401 ", output, StringComparison.Ordinal);
        // The fake did echo it: the test would see a leak.
        Assert.Contains(github.Requests, r => r.Status == 401);
        Assert.Equal(1, Count(output, $"::add-mask::{Canary}\n"));
        var unregistered = string.Join("\n", output.Split('\n').Where(l => !l.StartsWith("::add-mask::", StringComparison.Ordinal)));
        var everything = new StringBuilder(unregistered)
            .Append(File.Exists(summary) ? await File.ReadAllTextAsync(summary) : "")
            .Append(GitCli.Run(git.RepositoryPath("canary"), "log", "--all", "--format=%B"))
            .Append(string.Join("\n", github.PullRequests(Repository).Select(pr => pr.Title + pr.Body)))
            .ToString();
        foreach (var form in new[]
        {
            Canary,
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Canary))[..20],
            Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + Canary))[..28],
            Uri.EscapeDataString(Canary),
        })
        {
            Assert.True(!everything.Contains(form, StringComparison.Ordinal), $"{form} leaked:\n{everything}");
        }
    }

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>A fixed "now" with real timers for the registry client's deadlines.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
