using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using GitStreamSync.Cli.Commands;
using GitStreamSync.Cli.Hosting;
using static GitStreamSync.Cli.Tests.Hosting.ScriptedSyncRun;

namespace GitStreamSync.Cli.Tests.Hosting;

public sealed class WorkerCommandTests
{
    private const string Token = "ghp_Sup3rS3cretT0kenValue";
    private const string Password = "hunter2-but-longer";

    [Theory]
    [InlineData("--schedule", "61 * * * *", "'61 * * * *' is not a cron expression")]
    [InlineData("--schedule", "every day", "found 2 fields")]
    [InlineData("--time-zone", "Mars/Olympus_Mons", "--time-zone 'Mars/Olympus_Mons' is not a known time zone")]
    [InlineData("--jitter", "soon", "--jitter 'soon' is not a duration")]
    [InlineData("--shutdown-timeout", "-5m", "--shutdown-timeout '-5m' is not a duration")]
    [InlineData("--health-port", "70000", "--health-port 70000 is not a TCP port")]
    public async Task Bad_worker_options_are_usage_errors_before_anything_runs(string option, string value, string message)
    {
        var run = new ScriptedSyncRun();
        var (exitCode, _, error) = await RunWorkerAsync(["worker", option, value], run, new WatchedTime(DateTimeOffset.UnixEpoch), CancellationToken.None);

        Assert.Equal(2, exitCode);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Empty(run.Requests);
    }

    [Fact]
    public async Task A_cron_macro_is_a_schedule_not_a_response_file()
    {
        var run = new ScriptedSyncRun();
        var time = new WatchedTime(new DateTimeOffset(2026, 11, 28, 10, 5, 0, TimeSpan.Zero));
        using var stop = new CancellationTokenSource();
        var worker = RunWorkerAsync(["worker", "--schedule", "@daily"], run, time, stop.Token);

        Assert.Equal(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero), await time.FireNextTimerAsync());
        await run.NextStartAsync();
        await time.NextTimerAsync();
        await stop.CancelAsync();

        Assert.Equal(0, (await worker.WaitAsync(TimeSpan.FromSeconds(60))).ExitCode);
    }

    [Fact]
    public async Task The_worker_runs_on_schedule_serves_health_and_metrics_logs_json_without_secrets_and_exits_0_when_stopped()
    {
        var succeeded = Succeeded("streams.yaml#app") with { PullRequest = "pull request #7 opened: https://github.example/o/r/pull/7" };
        var run = new ScriptedSyncRun(
            (_, _) => throw new InvalidOperationException($"push to https://x-access-token:{Token}@github.example/o/r.git failed: token {Token} rejected"),
            (_, _) => Task.FromResult(succeeded));
        var time = new WatchedTime(new DateTimeOffset(2026, 3, 28, 23, 50, 0, TimeSpan.Zero));
        var port = FreeLoopbackPort();
        using var stop = new CancellationTokenSource();
        var variables = new Dictionary<string, string> { ["GITHUB_TOKEN"] = Token, ["GITSTREAMSYNC_GIT_PASSWORD"] = Password };

        var worker = RunWorkerAsync(
            ["worker", $"https://bot:{Password}@git.example/streams.git", "--schedule", "0 1 * * *", "--time-zone", "Europe/Berlin", "--health-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--log-format", "json", "--log-level", "debug"],
            run,
            time,
            stop.Token,
            variables);

        // 01:00 Berlin on 29 March (still CET) is 00:00 UTC; on 30 March (CEST) it is 23:00 UTC the day before.
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 0, 0, 0, TimeSpan.Zero), await time.FireNextTimerAsync());
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 23, 0, 0, TimeSpan.Zero), await time.FireNextTimerAsync());
        await time.NextTimerAsync();

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        var health = await http.GetAsync(new Uri("healthz", UriKind.Relative));
        var healthBody = await health.Content.ReadAsStringAsync();
        var metrics = await http.GetStringAsync(new Uri("metrics", UriKind.Relative));
        var missing = await http.GetAsync(new Uri("nothing", UriKind.Relative));

        await stop.CancelAsync();
        var (exitCode, output, error) = await worker.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, exitCode);
        Assert.Equal("", output);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using (var json = JsonDocument.Parse(healthBody))
        {
            Assert.Equal("ok", json.RootElement.GetProperty("status").GetString());
            Assert.Equal("succeeded", json.RootElement.GetProperty("lastOutcome").GetString());
            Assert.Equal("2026-03-29T23:00:00Z", json.RootElement.GetProperty("lastRunAt").GetString());
            Assert.Equal("2026-03-30T23:00:00Z", json.RootElement.GetProperty("nextRunAt").GetString());
            Assert.Equal("https://***@git.example/streams.git", json.RootElement.GetProperty("repository").GetString());
            Assert.Equal("0 1 * * * (Europe/Berlin)", json.RootElement.GetProperty("schedule").GetString());
        }

        Assert.Contains("gitstreamsync_runs_total{outcome=\"failed\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("gitstreamsync_runs_total{outcome=\"succeeded\"} 1\n", metrics, StringComparison.Ordinal);
        // The scripted run's own counts, as the worker recorded them.
        var requests = Assert.Single(succeeded.RegistryRequests);
        Assert.Contains($"gitstreamsync_registry_requests_total{{host=\"{requests.Host}\",status=\"{requests.Status}\"}} {requests.Count}\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"gitstreamsync_dockerhub_remaining_pulls {succeeded.DockerHubRemainingPulls}\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"gitstreamsync_tags_total{{outcome=\"updated\"}} {succeeded.TagsUpdated}\n", metrics, StringComparison.Ordinal);

        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var messages = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("message").GetString()!).ToList();
        Assert.Single(messages, m => m.StartsWith("Run 1 failed in 0s (1 in a row): unexpected InvalidOperationException: push to https://***@github.example/o/r.git failed: token *** rejected", StringComparison.Ordinal));
        Assert.Single(messages, m => m.StartsWith("Run 2 succeeded in 0s: 1 streams due, 1 tags updated, 2 unchanged, 0 failed, 1 commits; pull request #7 opened: https://github.example/o/r/pull/7", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Run 1 failure detail: System.InvalidOperationException", StringComparison.Ordinal));
        Assert.Contains(messages, m => m == "Worker stopped after 2 runs");

        foreach (var text in new[] { error, healthBody, metrics })
        {
            Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        }
    }

    internal static async Task<(int ExitCode, string Out, string Error)> RunWorkerAsync(
        string[] args,
        ISyncRun run,
        TimeProvider time,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? variables = null)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var environment = new CliEnvironment(output, error, variables ?? new Dictionary<string, string>(), time, RepositoryRoot.Path);
        var exitCode = await CliApplication.RunAsync(args, environment, [context => WorkerCommand.Create(context, (_, _) => run)], cancellationToken);
        return (exitCode, output.ToString(), error.ToString());
    }

    internal static int FreeLoopbackPort() => Testing.Git.LoopbackPort.Pick();
}
