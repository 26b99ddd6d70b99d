using GitStreamSync.Core.Images;
using GitStreamSync.Cli.Hosting;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Cli.Tests.Hosting;

/// <summary>Schedules end to end: the real loopback registry and Git server, `sync --schedule/--since` and the worker.</summary>
public sealed partial class ScheduledSyncEndToEndTests
{
    private static readonly Platform Amd64 = Platform.Parse("linux/amd64");

    private static string Stream(string name, string image, string? schedule) =>
        $"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: {name}\n"
        + (schedule is null ? "" : $"  annotations:\n    gitstreamsync.io/schedule: \"{schedule}\"\n")
        + $"spec:\n  tags:\n  - name: \"1.0\"\n    from:\n      kind: DockerImage\n      name: {image}\n";

    private static Dictionary<string, string> GitEnvironment(GitHttpServer git) => new()
    {
        ["GITSTREAMSYNC_GIT_USERNAME"] = git.User,
        ["GITSTREAMSYNC_GIT_PASSWORD"] = git.Password,
    };

    [Fact]
    public async Task Sync_with_schedule_resolves_only_the_streams_due_in_the_window_and_since_widens_it()
    {
        await using var registry = await RegistryServer.StartAsync();
        using var seeder = RegistrySeeder.For(registry);
        await seeder.PushImageAsync("team/app", "1.0", ManifestFormat.Oci, Amd64, unique: "app-a");
        await seeder.PushImageAsync("team/base", "1.0", ManifestFormat.Oci, Amd64, unique: "base-a");
        using var git = GitHttpServer.Start();
        const string name = "scheduled-sync";
        var url = git.CreateRepository(name, new Dictionary<string, string>
        {
            ["streams/app.yaml"] = Stream("app", $"{registry.HostPort}/team/app:1.0", "*/15 * * * *"),
            ["streams/base.yaml"] = Stream("base", $"{registry.HostPort}/team/base:1.0", "0 2 * * *"),
            ["streams/bad.yaml"] = Stream("bad", $"{registry.HostPort}/team/app:1.0", "0 25 * * *"),
        });
        var bare = git.RepositoryPath(name);

        // CliRunner's clock says 09:30 UTC: the */15 run's window is (09:15, 09:30].
        var scheduled = await CliRunner.RunAsync(["sync", url, "--schedule", "*/15 * * * *", "--insecure-registry", registry.HostPort], GitEnvironment(git));

        Assert.True(scheduled.ExitCode == 1, $"exit {scheduled.ExitCode}: {scheduled.Error}");
        Assert.Contains("streams/bad.yaml:6:5: gitstreamsync.io/schedule: '0 25 * * *' is not a cron expression", scheduled.Out + scheduled.Error, StringComparison.Ordinal);
        Assert.Equal(["streams/app.yaml"], GitCli.Run(bare, "diff", "--name-only", "main", "gitstreamsync/main").Trim().Split('\n'));

        // --since the start of the day also covers base's 02:00.
        var since = await CliRunner.RunAsync(["sync", url, "--since", "2026-01-15", "--insecure-registry", registry.HostPort], GitEnvironment(git));

        Assert.True(since.ExitCode == 1, $"exit {since.ExitCode}: {since.Error}");
        Assert.Equal(["streams/app.yaml", "streams/base.yaml"], GitCli.Run(bare, "diff", "--name-only", "main", "gitstreamsync/main").Trim().Split('\n'));

        var usage = await CliRunner.RunAsync(["sync", url, "--since", "yesterday"], GitEnvironment(git));
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("--since 'yesterday'", usage.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_without_its_own_schedule_follows_the_settings_file_schedule()
    {
        await using var registry = await RegistryServer.StartAsync();
        using var seeder = RegistrySeeder.For(registry);
        await seeder.PushImageAsync("team/app", "1.0", ManifestFormat.Oci, Amd64, unique: "app-c");
        await seeder.PushImageAsync("team/base", "1.0", ManifestFormat.Oci, Amd64, unique: "base-c");
        using var git = GitHttpServer.Start();
        const string name = "configured-schedule";
        var url = git.CreateRepository(name, new Dictionary<string, string>
        {
            [".gitstreamsync.yaml"] = "schedule: \"0 2 * * *\"\n",
            ["streams/app.yaml"] = Stream("app", $"{registry.HostPort}/team/app:1.0", "*/15 * * * *"),
            ["streams/base.yaml"] = Stream("base", $"{registry.HostPort}/team/base:1.0", schedule: null),
        });
        var bare = git.RepositoryPath(name);

        // 09:30 UTC: the */15 window (09:15, 09:30] holds app's occurrence but not the settings' 02:00.
        var result = await CliRunner.RunAsync(["sync", url, "--schedule", "*/15 * * * *", "--insecure-registry", registry.HostPort], GitEnvironment(git));

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.Contains("status:", GitCli.Show(bare, "gitstreamsync/main", "streams/app.yaml"), StringComparison.Ordinal);
        Assert.DoesNotContain("status:", GitCli.Show(bare, "gitstreamsync/main", "streams/base.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_worker_turns_an_upstream_retag_between_two_occurrences_into_exactly_one_new_commit()
    {
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions { AccessLog = true });
        using var seeder = RegistrySeeder.For(registry);
        var first = await seeder.PushImageAsync("team/app", "1.0", ManifestFormat.Oci, Amd64, unique: "build-1");
        using var git = GitHttpServer.Start();
        using var cache = new TemporaryDirectory("gss-worker-cache");
        const string name = "worker-e2e";
        var url = git.CreateRepository(name, new Dictionary<string, string> { ["streams/app.yaml"] = Stream("app", $"{registry.HostPort}/team/app:1.0", null) });
        var bare = git.RepositoryPath(name);
        var time = new WatchedTime(new DateTimeOffset(2026, 11, 28, 10, 5, 0, TimeSpan.Zero));
        using var stop = new CancellationTokenSource();
        var port = WorkerCommandTests.FreeLoopbackPort();
        var args = new[] { "worker", url, "--insecure-registry", registry.HostPort, "--cache-dir", Path.Combine(cache.Path, "clone"), "--health-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var worker = RunWorkerWithRealSyncAsync(args, time, GitEnvironment(git), stop.Token);

        // Fire the worker's wait, then wait until it waits again: the run in between has finished.
        TimeSpan? pending = null;
        async Task<string?> RunOnceAsync()
        {
            time.Advance(pending ?? await time.NextTimerAsync());
            pending = await time.NextTimerAsync();
            return git.BranchTip(name, "gitstreamsync/main");
        }

        string? afterFirst, afterQuiet, afterRetag, afterNext;
        SeededImage retagged;
        try
        {
            afterFirst = await RunOnceAsync();
            afterQuiet = await RunOnceAsync();
            retagged = await seeder.PushImageAsync("team/app", "1.0", ManifestFormat.Oci, Amd64, unique: "build-2");
            afterRetag = await RunOnceAsync();
            afterNext = await RunOnceAsync();
        }
        catch (TimeoutException)
        {
            await stop.CancelAsync();
            var (_, _, log) = await worker.WaitAsync(TimeSpan.FromSeconds(60));
            throw new TimeoutException("the worker did not wait for its next occurrence; its log:\n" + log);
        }

        string metrics;
        using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) })
        {
            metrics = await http.GetStringAsync(new Uri("metrics", UriKind.Relative));
        }

        await stop.CancelAsync();
        var (exitCode, _, error) = await worker.WaitAsync(TimeSpan.FromSeconds(60));

        // The metrics agree with what the runs logged and with what the registry itself saw, every number counted in this test.
        var runs = RunLine().Matches(error);
        Assert.Equal(4, runs.Count);
        Assert.Contains($"gitstreamsync_runs_total{{outcome=\"succeeded\"}} {runs.Count(r => r.Groups["outcome"].Value == "succeeded")}\n", metrics, StringComparison.Ordinal);
        foreach (var outcome in new[] { "updated", "unchanged", "failed" })
        {
            var tags = runs.Sum(r => int.Parse(r.Groups[outcome].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Contains($"gitstreamsync_tags_total{{outcome=\"{outcome}\"}} {tags}\n", metrics, StringComparison.Ordinal);
        }

        // The registry's own access log, the tool's requests (its User-Agent): each answered one is in the metrics;
        // a request with no answer (status 0: the HTTPS attempt an insecure host gets first) never reached the log.
        var logged = File.ReadLines(registry.LogPath).Count(l => l.Contains(" /v2/", StringComparison.Ordinal) && l.EndsWith("\"gitstreamsync/0.1\"", StringComparison.Ordinal));
        var answered = RequestsMetric().Matches(metrics)
            .Where(m => m.Groups["host"].Value == registry.HostPort && m.Groups["status"].Value != "0")
            .Sum(m => int.Parse(m.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(logged > 0 && answered == logged, $"the registry logged {logged} requests of the tool; the metrics say:\n{metrics}");

        Assert.Equal(0, exitCode);
        Assert.True(afterFirst is not null, "the first run pushed nothing; the worker's log:\n" + error);
        Assert.Equal(afterFirst, afterQuiet);
        Assert.NotEqual(afterQuiet, afterRetag);
        Assert.Equal(afterRetag, afterNext);
        Assert.Equal("1", GitCli.Run(bare, "rev-list", "--count", "main..gitstreamsync/main").Trim());
        var status = GitCli.Show(bare, "gitstreamsync/main", "streams/app.yaml");
        Assert.Contains($"image: {retagged.Digest}", status, StringComparison.Ordinal);
        Assert.NotEqual(first.Digest, retagged.Digest);
        var message = GitCli.Run(bare, "log", "-1", "--format=%B", "gitstreamsync/main");
        Assert.Contains(retagged.Digest.ToString(), message, StringComparison.Ordinal);
        Assert.Contains("Run 1 succeeded", error, StringComparison.Ordinal);
        Assert.Contains("Run 2 succeeded in", error, StringComparison.Ordinal);
        Assert.Contains("1 streams due, 0 tags updated, 1 unchanged, 0 failed, 0 commits", error, StringComparison.Ordinal);
        Assert.Contains("Run 3 succeeded", error, StringComparison.Ordinal);
        Assert.Contains("1 commits; no pull request opened for gitstreamsync/main: the remote is not on GitHub", error, StringComparison.Ordinal);
        Assert.Contains("Worker stopped after 4 runs", error, StringComparison.Ordinal);
        Assert.DoesNotContain(git.Password, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_worker_holds_a_digest_a_person_reverted_until_upstream_publishes_another()
    {
        await using var registry = await RegistryServer.StartAsync();
        using var seeder = RegistrySeeder.For(registry);
        await seeder.PushImageAsync("team/app", "1.0", ManifestFormat.Oci, Amd64, unique: "held-1");
        using var git = GitHttpServer.Start();
        using var cache = new TemporaryDirectory("gss-worker-hold");
        const string name = "worker-hold";
        var url = git.CreateRepository(name, new Dictionary<string, string> { ["streams/app.yaml"] = Stream("app", $"{registry.HostPort}/team/app:1.0", null) });
        var bare = git.RepositoryPath(name);
        var time = new WatchedTime(new DateTimeOffset(2026, 11, 28, 10, 5, 0, TimeSpan.Zero));
        using var stop = new CancellationTokenSource();
        var args = new[] { "worker", url, "--push-to-base", "--insecure-registry", registry.HostPort, "--cache-dir", Path.Combine(cache.Path, "clone") };
        var worker = RunWorkerWithRealSyncAsync(args, time, GitEnvironment(git), stop.Token);

        TimeSpan? pending = null;
        async Task<string?> RunOnceAsync()
        {
            time.Advance(pending ?? await time.NextTimerAsync());
            pending = await time.NextTimerAsync();
            return git.BranchTip(name, "main");
        }

        string? reverted, afterRevert, afterRetag;
        SeededImage fixedImage;
        try
        {
            await RunOnceAsync();
            await seeder.PushImageAsync("team/app", "1.0", ManifestFormat.Oci, Amd64, unique: "held-2");
            var update = await RunOnceAsync();

            // A person reverts the worker's update: the image it set breaks the app.
            using (var person = Testing.Rollback.GitWorkTree.Clone(bare))
            {
                person.Revert(update!);
                person.Push();
                reverted = person.Head;
            }

            afterRevert = await RunOnceAsync();
            fixedImage = await seeder.PushImageAsync("team/app", "1.0", ManifestFormat.Oci, Amd64, unique: "held-3");
            afterRetag = await RunOnceAsync();
        }
        catch (TimeoutException)
        {
            await stop.CancelAsync();
            var (_, _, log) = await worker.WaitAsync(TimeSpan.FromSeconds(60));
            throw new TimeoutException("the worker did not wait for its next occurrence; its log:\n" + log);
        }

        await stop.CancelAsync();
        var (exitCode, _, error) = await worker.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, exitCode);
        Assert.True(reverted == afterRevert, "the worker proposed the reverted digest again; its log:\n" + error);
        Assert.NotEqual(afterRevert, afterRetag);
        Assert.Contains($"image: {fixedImage.Digest}", GitCli.Show(bare, "main", "streams/app.yaml"), StringComparison.Ordinal);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"Run \d+ (?<outcome>\w+) in [0-9.]+s: \d+ streams due, (?<updated>\d+) tags updated, (?<unchanged>\d+) unchanged, (?<failed>\d+) failed")]
    private static partial System.Text.RegularExpressions.Regex RunLine();

    [System.Text.RegularExpressions.GeneratedRegex(@"^gitstreamsync_registry_requests_total\{host=""(?<host>[^""]+)"",status=""(?<status>\d+)""\} (?<count>\d+)$", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex RequestsMetric();

    internal static async Task<(int ExitCode, string Out, string Error)> RunWorkerWithRealSyncAsync(
        string[] args, TimeProvider time, IReadOnlyDictionary<string, string> variables, CancellationToken cancellationToken)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var environment = new CliEnvironment(output, error, variables, time, RepositoryRoot.Path);

        // The registry client's timeouts run on the real clock; only the worker's waits are fake.
        var exitCode = await CliApplication.RunAsync(
            args,
            environment,
            [context => Commands.WorkerCommand.Create(context, (settings, run) => SyncRunBinding.Create(settings, run, TimeProvider.System))],
            cancellationToken);
        return (exitCode, output.ToString(), error.ToString());
    }
}
