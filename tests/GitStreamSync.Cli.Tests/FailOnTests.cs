using GitStreamSync.Cli.Commands;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Publish;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Run;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Cli.Tests;

/// <summary>
/// <c>--fail-on</c>: tags that failed for good exit 1, tags deferred after a transient failure exit 0
/// with a warning (retried next run) unless <c>--fail-on transient</c>, and <c>never</c> keeps 0.
/// </summary>
public sealed class FailOnTests : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("gss-fail-on-").FullName;
    private RegistryServer registry = null!;

    public async Task InitializeAsync() => registry = await RegistryServer.StartAsync();

    public async Task DisposeAsync()
    {
        await registry.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData(false, false, "permanent", 0)]
    [InlineData(false, true, "permanent", 0)]
    [InlineData(true, false, "permanent", 1)]
    [InlineData(true, true, "permanent", 1)]
    [InlineData(false, false, "transient", 0)]
    [InlineData(false, true, "transient", 1)]
    [InlineData(true, false, "transient", 1)]
    [InlineData(false, true, "never", 0)]
    [InlineData(true, true, "never", 0)]
    public void The_exit_code_follows_the_kind_of_failure_and_the_choice(bool permanent, bool transient, string failOn, int expected)
    {
        var report = new SyncReport
        {
            Outcome = SyncOutcome.DryRun,
            Location = "repo",
            BaseBranch = "main",
            BaseCommit = "0000000",
            Branch = "gitstreamsync/main",
            Failures = permanent ? [new TagFailure("a.yaml#app", "1.0", "NotFound", "manifest unknown")] : [],
            Deferred = transient ? [new DeferredTag("a.yaml#app", "2.0", "quay.io/app:2.0", new ResolutionFailed(ResolutionFailureKind.Timeout, "timed out"))] : [],
        };

        Assert.Equal(expected, FailOnOption.ExitCodeFor(report, FailOnOption.Parse(failOn)));
    }

    [Fact]
    public void A_file_that_could_not_be_read_is_a_permanent_failure_and_a_warning_is_not()
    {
        var problem = new Problem("a.yaml", new SourceLocation(3, 5), "not an ImageStream");
        var report = new SyncReport { Outcome = SyncOutcome.DryRun, Location = "repo", BaseBranch = "main", BaseCommit = "0", Branch = "b", Problems = [problem] };

        Assert.Equal(1, FailOnOption.ExitCodeFor(report, FailOn.Permanent));
        Assert.Equal(0, FailOnOption.ExitCodeFor(report with { Problems = [problem with { IsWarning = true }] }, FailOn.Permanent));
    }

    [Fact]
    public async Task A_tag_deferred_after_a_transient_failure_exits_0_with_a_warning_unless_fail_on_transient()
    {
        await SeedAsync();
        // Nothing listens on that port: the connection is refused, a transient failure.
        var offline = $"127.0.0.1:{LoopbackPort.Pick()}";
        Write("app.yaml", Stream("app", $"{registry.HostPort}/team/app:1.0"));
        Write("offline.yaml", Stream("offline", $"{offline}/team/offline:1.0"));

        var byDefault = await PlanAsync(["--insecure-registry", offline], actions: true);
        var strict = await PlanAsync(["--insecure-registry", offline, "--fail-on", "transient"]);

        Assert.True(byDefault.ExitCode == 0, byDefault.Out + byDefault.Error);
        Assert.Contains("gitstreamsync: warning: 1 tag deferred after transient registry failures, retried on the next run (--fail-on transient makes this exit 1)\n", byDefault.Error, StringComparison.Ordinal);
        Assert.Contains("::warning title=GitStreamSync::1 tag deferred after transient registry failures", byDefault.Error, StringComparison.Ordinal);
        Assert.Equal(1, strict.ExitCode);
        Assert.DoesNotContain("warning: 1 tag deferred", strict.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tag_that_failed_for_good_exits_1_unless_fail_on_never()
    {
        await SeedAsync();
        Write("app.yaml", Stream("app", $"{registry.HostPort}/team/app:1.0"));
        Write("missing.yaml", Stream("missing", $"{registry.HostPort}/team/missing:1.0"));

        var byDefault = await PlanAsync([]);
        var never = await PlanAsync(["--fail-on", "never"]);

        Assert.Equal(1, byDefault.ExitCode);
        Assert.True(never.ExitCode == 0, never.Out + never.Error);
        Assert.Contains("missing", never.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fail_on_value_that_is_not_one_of_the_three_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync(["plan", folder, "--fail-on", "sometimes"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("gitstreamsync: --fail-on 'sometimes' is not one of transient, permanent, never\n", result.Error);
    }

    private async Task SeedAsync()
    {
        using var seeder = RegistrySeeder.For(registry);
        await seeder.PushImageAsync("team/app", "1.0", ManifestFormat.Oci, Platform.LinuxAmd64);
    }

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(folder, name), text);

    private Task<CliResult> PlanAsync(string[] extra, bool actions = false) =>
        CliRunner.RunAsync(
            ["plan", folder, "--insecure-registry", registry.HostPort, .. extra],
            actions ? new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true" } : null,
            time: new FixedNowClock(CliRunner.FixedNow));

    private static string Stream(string name, string image) =>
        $"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: {name}\nspec:\n  tags:\n  - name: \"1.0\"\n    from:\n      kind: DockerImage\n      name: {image}\n";
}
