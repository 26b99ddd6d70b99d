using GitStreamSync.Core.Read;
using GitStreamSync.Core.Schedule;
using GitStreamSync.Core.Select;
using GitStreamSync.Cli.Hosting;
using static GitStreamSync.Cli.Tests.Hosting.ScriptedSyncRun;

namespace GitStreamSync.Cli.Tests.Hosting;

public sealed class SyncWorkerTests
{
    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static ImageStreamDocument Stream(string name, string schedule) => new()
    {
        FilePath = "streams.yaml",
        Format = DocumentFormat.Yaml,
        DocumentIndex = 0,
        Name = name,
        Location = new SourceLocation(1, 1),
        Span = new TextSpan(0, 0),
        Annotations = new Dictionary<string, string> { [ScheduleAnnotations.Schedule] = schedule },
    };

    [Fact]
    public async Task Three_occurrences_where_the_second_run_fails_and_the_third_succeeds()
    {
        var run = new ScriptedSyncRun(
            (_, _) => Task.FromResult(Succeeded("streams.yaml#app", "streams.yaml#base")),
            (_, _) => throw new InvalidOperationException("registry answered 502"),
            (_, _) => Task.FromResult(Succeeded("streams.yaml#app")));
        using var fixture = new WorkerFixture(run, "2026-11-28T10:05:00Z");
        await fixture.StartAsync();

        Assert.Equal(Utc("2026-11-28T10:15:00Z"), await fixture.Time.FireNextTimerAsync());
        Assert.Equal(Utc("2026-11-28T10:30:00Z"), await fixture.Time.FireNextTimerAsync());
        Assert.Equal(Utc("2026-11-28T10:45:00Z"), await fixture.Time.FireNextTimerAsync());
        await fixture.Time.NextTimerAsync();

        Assert.Equal([1, 2, 3], run.Requests.Select(r => r.Number));
        Assert.Equal([Utc("2026-11-28T10:15:00Z"), Utc("2026-11-28T10:30:00Z"), Utc("2026-11-28T10:45:00Z")], run.Requests.Select(r => r.Now));
        Assert.False(fixture.Worker.ExecuteTask!.IsCompleted);

        var status = fixture.Status.Snapshot();
        Assert.Equal(RunResult.Succeeded, status.LastResult);
        Assert.Equal(2, status.Runs[RunResult.Succeeded]);
        Assert.Equal(1, status.Runs[RunResult.Failed]);
        Assert.Equal(0, status.ConsecutiveFailures);
        Assert.Equal(Utc("2026-11-28T11:00:00Z"), status.NextRunAt);

        var lines = fixture.Log.Split('\n');
        Assert.Contains(lines, l => l.Contains("Run 1 succeeded in 0s: 2 streams due, 1 tags updated, 2 unchanged, 0 failed, 1 commits", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("fail", StringComparison.Ordinal)
            && l.Contains("Run 2 failed in 0s (1 in a row): unexpected InvalidOperationException: registry answered 502; next run at 2026-11-28T10:45:00Z", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Run 3 succeeded", StringComparison.Ordinal));

        // The failed run checked nothing: the third run still counts from the first run's check.
        var due = DueStreamSelector.Select([Stream("base", "20 10 * * *")], run.Requests[2].Due, ScheduleDefaults.Utc);
        Assert.Equal("fired at 2026-11-28T10:20:00Z in (2026-11-28T10:15:00Z, 2026-11-28T10:45:00Z]", due.Decisions[0].Reason);
        var first = DueStreamSelector.Select([Stream("base", "20 10 * * *")], run.Requests[0].Due, ScheduleDefaults.Utc);
        Assert.Equal("not checked yet by this worker", first.Decisions[0].Reason);

        await fixture.Worker.StopAsync(CancellationToken.None);
        Assert.True(fixture.Worker.ExecuteTask.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_stop_during_a_run_that_has_not_pushed_aborts_it_and_ends_the_loop()
    {
        var run = new ScriptedSyncRun(async (_, token) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
            return Succeeded();
        });
        using var fixture = new WorkerFixture(run, "2026-11-28T10:05:00Z");
        await fixture.StartAsync();
        await fixture.Time.FireNextTimerAsync();
        await run.NextStartAsync();

        await fixture.Worker.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(fixture.Worker.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Single(run.Requests);
        Assert.Equal(RunResult.Cancelled, fixture.Status.Snapshot().LastResult);
        Assert.Equal(0, fixture.Status.Snapshot().ConsecutiveFailures);
        Assert.Contains("Run 1 was stopped before pushing", fixture.Log, StringComparison.Ordinal);
        Assert.Contains("Worker stopped after 1 runs", fixture.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stop_during_a_push_waits_for_the_push_to_finish()
    {
        var pushing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pushDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopSeenDuringPush = false;
        var run = new ScriptedSyncRun(async (_, token) =>
        {
            pushing.SetResult();

            // Past the point of no return the run ignores the token (ISyncRun's contract).
            await pushDone.Task;
            stopSeenDuringPush = token.IsCancellationRequested;
            return Succeeded("streams.yaml#app");
        });
        using var fixture = new WorkerFixture(run, "2026-11-28T10:05:00Z");
        await fixture.StartAsync();
        await fixture.Time.FireNextTimerAsync();
        await pushing.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var stopping = fixture.Worker.StopAsync(CancellationToken.None);
        await Task.Delay(200);
        Assert.False(stopping.IsCompleted);

        pushDone.SetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(fixture.Worker.ExecuteTask!.IsCompletedSuccessfully);
        Assert.True(stopSeenDuringPush);
        var status = fixture.Status.Snapshot();
        Assert.Equal(RunResult.Succeeded, status.LastResult);
        Assert.Equal(1, status.Runs[RunResult.Succeeded]);
        Assert.Single(run.Requests);
        Assert.Contains("Run 1 succeeded", fixture.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_longer_than_the_interval_never_overlaps_the_next_and_skips_the_missed_occurrences()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = new ScriptedSyncRun(
            async (_, _) =>
            {
                await release.Task;
                return Succeeded();
            },
            (_, _) => Task.FromResult(Succeeded()));
        using var fixture = new WorkerFixture(run, "2026-11-28T10:05:00Z");
        await fixture.StartAsync();
        await fixture.Time.FireNextTimerAsync();
        await run.NextStartAsync();

        var timersDuringRun = fixture.Time.TimersCreated;
        for (var minute = 0; minute < 40; minute++)
        {
            fixture.Time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(timersDuringRun, fixture.Time.TimersCreated);
        Assert.Single(run.Requests);
        release.SetResult();

        Assert.Equal(Utc("2026-11-28T11:00:00Z"), await fixture.Time.FireNextTimerAsync());
        await run.NextStartAsync();
        await fixture.Time.NextTimerAsync();

        Assert.Equal(1, run.MaxInFlight);
        Assert.Equal([Utc("2026-11-28T10:15:00Z"), Utc("2026-11-28T11:00:00Z")], run.Requests.Select(r => r.Now));
        Assert.Contains("Run 1 took longer than the schedule's interval: 2 occurrences passed during it", fixture.Log, StringComparison.Ordinal);
        Assert.Contains("Run 1 succeeded in 2400s", fixture.Log, StringComparison.Ordinal);
        await fixture.Worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Repeated_failures_back_off_exponentially_up_to_the_cap_and_a_success_resets_it()
    {
        var steps = Enumerable.Range(0, 5)
            .Select(_ => (Func<SyncRunRequest, CancellationToken, Task<SyncRunOutcome>>)((_, _) => Task.FromResult(SyncRunOutcome.Failure("git push rejected"))))
            .Append((_, _) => Task.FromResult(Succeeded()))
            .ToArray();
        var run = new ScriptedSyncRun(steps);
        using var fixture = new WorkerFixture(run, "2026-11-28T10:00:30Z", "* * * * *", o => o with { FirstBackoff = TimeSpan.FromSeconds(30), MaxBackoff = TimeSpan.FromMinutes(4) });
        await fixture.StartAsync();

        var times = new List<DateTimeOffset>();
        for (var i = 0; i < 7; i++)
        {
            times.Add(await fixture.Time.FireNextTimerAsync());
        }

        Assert.Equal(
            new[] { "10:01", "10:02", "10:04", "10:07", "10:12", "10:17", "10:18" },
            times.Select(t => t.UtcDateTime.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("(5 in a row): git push rejected; next run at 2026-11-28T10:17:00Z", fixture.Log, StringComparison.Ordinal);
        await fixture.Worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Jitter_delays_each_run_by_a_random_part_of_the_jitter()
    {
        var run = new ScriptedSyncRun();
        using var fixture = new WorkerFixture(run, "2026-11-28T10:05:00Z", configure: o => o with { Jitter = TimeSpan.FromMinutes(2) }, random: new FixedRandom(0.5));
        await fixture.StartAsync();

        Assert.Equal(Utc("2026-11-28T10:16:00Z"), await fixture.Time.FireNextTimerAsync());
        Assert.Equal(Utc("2026-11-28T10:31:00Z"), await fixture.Time.FireNextTimerAsync());
        await fixture.Worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_stop_while_waiting_ends_the_loop_without_a_run()
    {
        var run = new ScriptedSyncRun();
        using var fixture = new WorkerFixture(run, "2026-11-28T10:05:00Z");
        await fixture.StartAsync();
        await fixture.Time.NextTimerAsync();

        await fixture.Worker.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(run.Requests);
        Assert.True(fixture.Worker.ExecuteTask!.IsCompletedSuccessfully);
    }

    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }
}
