using GitStreamSync.Core.Images;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.GitHub;
using GitStreamSync.Testing.Registry;
using Xunit.Abstractions;

namespace GitStreamSync.Cli.Tests.Action;

/// <summary>
/// The repository's GitHub Action (action.yml) as a runner runs it, on this machine: action/install.sh
/// takes the tool from a loopback "GitHub release" and checks it against SHA256SUMS, then
/// action/run.sh syncs a repository on the loopback Git server against the loopback registry and
/// the GitHub fake, for a scheduled run (GITHUB_EVENT_NAME=schedule), and writes the step outputs.
/// </summary>
public sealed class GitHubActionTests(ITestOutputHelper log) : IAsyncLifetime, IDisposable
{
    private const string ActionRepository = "acme/gitstreamsync";
    private const string Repository = "acme/streams";
    private const string Token = "ghs_action_test_secret_token";

    // Fires every minute: due in every window of the workflow's cron.
    private const string EveryMinute = "* * * * *";

    // Fires only at midnight on 29 February: not due in the window of a run on any other day.
    private const string LeapDay = "0 0 29 2 *";

    /// <summary>The tool as this test run built it (the Cli's output folder of the same configuration).</summary>
    private static readonly string BuiltTool = Path.Combine(ReleaseServer.BuiltToolFolder, "gitstreamsync");

    private readonly CancellationTokenSource timeout = new(TimeSpan.FromMinutes(4));
    private readonly TemporaryDirectory runner = new("gitstreamsync-action-");
    private GitHttpServer git = null!;
    private RegistryServer registry = null!;
    private GitHubFake github = null!;
    private ReleaseServer releases = null!;

    public async Task InitializeAsync()
    {
        git = GitHttpServer.Start();
        registry = await RegistryServer.StartAsync(cancellationToken: timeout.Token);
        github = await GitHubFake.StartAsync().WaitAsync(timeout.Token);
        github.AddRepository("acme", "streams");
        github.AddToken(new GitHubFakeToken(Token, "gitstreamsync-bot"));
        releases = ReleaseServer.Start();
    }

    public async Task DisposeAsync()
    {
        try
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await releases.DisposeAsync().AsTask().WaitAsync(stop.Token);
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
        runner.Dispose();
    }

    [Fact]
    public async Task A_scheduled_run_installs_the_release_of_its_ref_passes_the_cron_and_arguments_intact_and_writes_the_outputs()
    {
        using (var seeder = RegistrySeeder.For(registry))
        {
            await seeder.PushIndexAsync("library/alpine", "3.20", ManifestFormat.Oci, [Platform.LinuxAmd64], "alpine", timeout.Token);
            await seeder.PushIndexAsync("library/busybox", "1.36", ManifestFormat.Oci, [Platform.LinuxAmd64], "busybox", timeout.Token);
        }

        var url = git.CreateRepository("streams", new Dictionary<string, string>
        {
            ["streams/hourly.yaml"] = Stream("hourly", "alpine:3.20", EveryMinute),
            ["streams/leap-day.yaml"] = Stream("leap-day", "busybox:1.36", LeapDay),
        });
        releases.AddRelease("v9.9.9");

        var located = await InstallScriptAsync("locate", "v9.9.9");
        Assert.True(located.ExitCode == 0, located.Error);
        Assert.Equal(("release", "v9.9.9", "gitstreamsync-release-v9.9.9-linux-x64"), (located.Output("source"), located.Output("release"), located.Output("cache-key")));
        var installed = await InstallScriptAsync("install", "v9.9.9", located);
        Assert.True(installed.ExitCode == 0, installed.Error);
        Assert.Contains($"/download/v9.9.9/{ReleaseServer.Asset}", releases.RequestedPaths);

        // A working folder with files in it: an unquoted `*` would expand to their names.
        var workspace = Directory.CreateDirectory(Path.Combine(runner.Path, "workspace")).FullName;
        File.WriteAllText(Path.Combine(workspace, "a-file"), "");
        var summary = Path.Combine(runner.Path, "summary.md");
        var tool = Path.Combine(located.Output("dir"), "gitstreamsync");
        var run = await ActionScript.RunAsync("run.sh", [], new Dictionary<string, string>
        {
            ["GITSTREAMSYNC"] = tool,
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_EVENT_NAME"] = "schedule",
            ["GITHUB_REF_NAME"] = "main",
            ["GITHUB_REF_TYPE"] = "branch",
            ["GITHUB_REPOSITORY"] = Repository,
            ["GITHUB_API_URL"] = github.BaseUrl.ToString(),
            ["GITHUB_STEP_SUMMARY"] = summary,
            ["GITHUB_RUN_ID"] = "4242",
            ["GITHUB_TOKEN"] = Token,
            ["GITSTREAMSYNC_GIT_USERNAME"] = git.User,
            ["GITSTREAMSYNC_GIT_PASSWORD"] = git.Password,
            ["INPUT_COMMAND"] = "sync",
            ["INPUT_REPOSITORY"] = url,
            ["INPUT_SCHEDULE"] = "*/5 * * * *",
            ["INPUT_FAIL_ON"] = "permanent",
            ["INPUT_REGISTRY_MIRRORS"] = $"docker.io=http://{registry.HostPort}\n",
            ["INPUT_INSECURE_REGISTRIES"] = registry.HostPort,
            ["INPUT_EXTRA_ARGS"] = "--author\nRelease Bot * Nightly <bot@example.com>\r\n\n--time-zone\nEurope/Berlin",
        }, workspace, runner.Path, timeout.Token);

        log.WriteLine(run.Error);
        foreach (var (name, value) in run.Outputs)
        {
            log.WriteLine($"output {name}={value}");
        }

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("0", run.Output("exit-code"));
        // Only the stream due in the cron's window: the schedule reached the tool as one argument.
        Assert.Equal("hourly:3.20", run.Output("changed-tags"));
        Assert.Equal("", run.Output("failed-tags"));
        var pullRequest = Assert.Single(github.PullRequests(Repository));
        Assert.Equal(pullRequest.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), run.Output("pull-request-number"));
        Assert.EndsWith($"/{Repository}/pull/{pullRequest.Number}", run.Output("pull-request-url"), StringComparison.Ordinal);
        var report = run.Output("report-json");
        Assert.StartsWith(runner.Path, report, StringComparison.Ordinal);
        Assert.Contains("\"changes\"", File.ReadAllText(report), StringComparison.Ordinal);
        Assert.Contains("hourly", File.ReadAllText(summary), StringComparison.Ordinal);

        // The author with spaces and `*` arrived as one argument, glob unexpanded.
        var author = GitCli.Run(git.RepositoryPath("streams"), "log", "-1", "--format=%an <%ae>", "refs/heads/gitstreamsync/main").Trim();
        Assert.Equal("Release Bot * Nightly <bot@example.com>", author);
        Assert.Contains("'*/5 * * * *'", run.Error, StringComparison.Ordinal);
        // The runner consumes ::add-mask:: lines: the only place the token may be written in the clear.
        Assert.Contains($"::add-mask::{Token}\n", run.Error, StringComparison.Ordinal);
        var printed = string.Join("\n", (run.Out + run.Error).Split('\n').Where(l => !l.StartsWith("::add-mask::", StringComparison.Ordinal)));
        Assert.DoesNotContain(Token, printed + File.ReadAllText(summary) + File.ReadAllText(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fail_on_moves_the_line_between_permanent_and_transient_tag_failures_and_a_scheduled_run_without_its_cron_is_warned_about()
    {
        using (var seeder = RegistrySeeder.For(registry))
        {
            await seeder.PushIndexAsync("library/alpine", "3.20", ManifestFormat.Oci, [Platform.LinuxAmd64], "alpine", timeout.Token);
        }

        // Permanent: the loopback registry has no such image. Transient: nothing listens on the port.
        var missing = $"{registry.HostPort}/acme/missing:1.0";
        var offline = $"127.0.0.1:{LoopbackPort.Pick()}/acme/offline:1.0";
        var both = git.CreateRepository("both", new Dictionary<string, string>
        {
            ["streams/hourly.yaml"] = Stream("hourly", "alpine:3.20", EveryMinute),
            ["streams/missing.yaml"] = Stream("missing", missing, EveryMinute),
            ["streams/offline.yaml"] = Stream("offline", offline, EveryMinute),
        });
        var transientOnly = git.CreateRepository("transient", new Dictionary<string, string>
        {
            ["streams/hourly.yaml"] = Stream("hourly", "alpine:3.20", EveryMinute),
            ["streams/offline.yaml"] = Stream("offline", offline, EveryMinute),
        });

        var permanent = await DryRunAsync(both, "permanent");
        var never = await DryRunAsync(both, "never");
        var deferredOnly = await DryRunAsync(transientOnly, "permanent");
        var strict = await DryRunAsync(transientOnly, "transient");

        Assert.Equal((1, "1", "missing:1.0"), (permanent.ExitCode, permanent.Output("exit-code"), permanent.Output("failed-tags")));
        Assert.Equal((0, "0", "missing:1.0", "hourly:3.20"), (never.ExitCode, never.Output("exit-code"), never.Output("failed-tags"), never.Output("changed-tags")));
        Assert.Contains("::notice title=GitStreamSync::tags failed (see failed-tags); fail-on: never keeps the step green", never.Error, StringComparison.Ordinal);
        Assert.Equal((0, "0", ""), (deferredOnly.ExitCode, deferredOnly.Output("exit-code"), deferredOnly.Output("failed-tags")));
        Assert.Contains("::warning title=GitStreamSync::1 tag(s) deferred after transient registry failures", deferredOnly.Error, StringComparison.Ordinal);
        Assert.Equal((1, "1"), (strict.ExitCode, strict.Output("exit-code")));
        Assert.Equal("", never.Output("pull-request-number"));
        Assert.Contains("::warning title=GitStreamSync::scheduled run without a schedule input: every stream is resolved", never.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_release_archive_that_does_not_match_its_SHA256SUMS_is_not_installed()
    {
        releases.AddRelease("v9.9.9", tamper: true);

        var located = await InstallScriptAsync("locate", "v9.9.9");
        var installed = await InstallScriptAsync("install", "v9.9.9", located);

        Assert.Equal(1, installed.ExitCode);
        Assert.Contains($"{ReleaseServer.Asset} of release v9.9.9: SHA-256 ", installed.Error, StringComparison.Ordinal);
        Assert.Contains("SHA256SUMS says", installed.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(located.Output("dir"), "gitstreamsync")));
    }

    [Fact]
    public async Task A_major_ref_takes_the_newest_published_release_of_its_line_and_a_branch_builds_from_the_action_sources()
    {
        releases.AddRelease("v9.1.0");
        releases.AddRelease("v9.9.9");
        releases.AddRelease("v9.10.0-rc.1", prerelease: true);
        releases.AddRelease("v10.0.0");

        var major = await InstallScriptAsync("locate", "v9");
        var branch = await InstallScriptAsync("locate", "main");

        Assert.True(major.ExitCode == 0, major.Error);
        Assert.Equal(("release", "v9.9.9"), (major.Output("source"), major.Output("release")));
        Assert.True(branch.ExitCode == 0, branch.Error);
        Assert.Equal(("build", ""), (branch.Output("source"), branch.Output("release")));
        Assert.Matches("^gitstreamsync-build-[0-9a-f]{64}-Linux-X64$", branch.Output("cache-key"));
        Assert.Contains("no release for main on linux-x64: building from the action's sources", branch.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("deploy", "", "command 'deploy' is not one of sync, plan, validate, render")]
    [InlineData("plan", "INPUT_SINCE=6h", "input 'since' does not apply to command 'plan' (only: sync)")]
    [InlineData("validate", "INPUT_DRY_RUN=true", "input 'dry-run' does not apply to command 'validate' (only: sync)")]
    [InlineData("sync", "INPUT_FAIL_ON=sometimes", "fail-on 'sometimes' is not one of transient, permanent, never")]
    [InlineData("sync", "INPUT_DRY_RUN=maybe", "'maybe' is not true or false")]
    public async Task Inputs_that_cannot_apply_fail_the_step_with_a_message_before_the_tool_runs(string command, string input, string message)
    {
        var environment = new Dictionary<string, string>
        {
            ["GITSTREAMSYNC"] = BuiltTool,
            ["GITHUB_REPOSITORY"] = Repository,
            ["INPUT_COMMAND"] = command,
        };
        if (input.Length > 0)
        {
            environment[input.Split('=')[0]] = input.Split('=')[1];
        }

        var run = await ActionScript.RunAsync("run.sh", [], environment, runner.Path, runner.Path, timeout.Token);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"::error title=GitStreamSync::{message}", run.Error, StringComparison.Ordinal);
        // One line, the error: no command line was printed, so the tool never ran.
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static string Stream(string name, string image, string schedule) =>
        $"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: {name}\n  annotations:\n    gitstreamsync.io/schedule: \"{schedule}\"\n"
        + $"spec:\n  tags:\n  - name: \"{image[(image.LastIndexOf(':') + 1)..]}\"\n    from:\n      kind: DockerImage\n      name: {image}\n";

    /// <summary>A scheduled dry run with no cron given, the registry as Docker Hub's mirror and reached over plain HTTP.</summary>
    private Task<ActionScriptResult> DryRunAsync(string url, string failOn) =>
        ActionScript.RunAsync("run.sh", [], new Dictionary<string, string>
        {
            ["GITSTREAMSYNC"] = BuiltTool,
            ["GITHUB_EVENT_NAME"] = "schedule",
            ["GITHUB_REPOSITORY"] = Repository,
            ["GITSTREAMSYNC_GIT_USERNAME"] = git.User,
            ["GITSTREAMSYNC_GIT_PASSWORD"] = git.Password,
            ["INPUT_REPOSITORY"] = url,
            ["INPUT_BASE"] = "main",
            ["INPUT_DRY_RUN"] = "true",
            ["INPUT_FAIL_ON"] = failOn,
            ["INPUT_REGISTRY_MIRRORS"] = $"docker.io=http://{registry.HostPort}",
            ["INPUT_INSECURE_REGISTRIES"] = $"{registry.HostPort}\n127.0.0.1",
        }, runner.Path, runner.Path, timeout.Token);

    private Task<ActionScriptResult> InstallScriptAsync(string mode, string actionRef, ActionScriptResult? located = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["GITHUB_ACTION_REPOSITORY"] = ActionRepository,
            ["GITHUB_ACTION_REF"] = actionRef,
            ["GITSTREAMSYNC_RELEASES_URL"] = releases.DownloadUrl,
            ["GITSTREAMSYNC_RELEASES_API"] = releases.ApiUrl,
            ["RUNNER_OS"] = "Linux",
            ["RUNNER_ARCH"] = "X64",
        };
        if (located is not null)
        {
            environment["INSTALL_SOURCE"] = located.Output("source");
            environment["INSTALL_DIR"] = located.Output("dir");
            environment["INSTALL_RELEASE"] = located.Output("release");
        }

        return ActionScript.RunAsync("install.sh", [mode], environment, runner.Path, runner.Path, timeout.Token);
    }
}
