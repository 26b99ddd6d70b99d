using System.Text.Json;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Schedule;
using GitStreamSync.Core.Select;
using GitStreamSync.Cli.Hosting;
using GitStreamSync.Testing.Git;
using static GitStreamSync.Cli.Tests.Hosting.ScriptedSyncRun;

namespace GitStreamSync.Cli.Tests.Hosting;

/// <summary>A worker over several repositories, on a watched fake clock: rounds, backoff, concurrency, state and pushes per repository.</summary>
public sealed class SeveralRepositoriesWorkerTests
{
    private const string A = "https://git.example/a.git";
    private const string B = "https://git.example/b.git";
    private const string C = "https://git.example/c.git";

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static ImageStreamDocument Stream(string file, string name, string schedule) => new()
    {
        FilePath = file,
        Format = DocumentFormat.Yaml,
        DocumentIndex = 0,
        Name = name,
        Location = new SourceLocation(1, 1),
        Span = new TextSpan(0, 0),
        Annotations = new Dictionary<string, string> { [ScheduleAnnotations.Schedule] = schedule },
    };

    private static string Reason(SyncRunRequest request, ImageStreamDocument stream) =>
        DueStreamSelector.Select([stream], request.Due, ScheduleDefaults.Utc).Decisions[0].Reason;

    private static Func<SyncRunRequest, CancellationToken, Task<SyncRunOutcome>>[] Always(int count, Func<SyncRunRequest, CancellationToken, Task<SyncRunOutcome>> step) =>
        [.. Enumerable.Repeat(step, count)];

    [Fact]
    public async Task Every_repository_runs_at_each_occurrence_with_its_own_checks_and_a_failing_one_backs_off_alone()
    {
        var a = new ScriptedSyncRun(Always(5, (_, _) => Task.FromResult(Succeeded("a.yaml#app"))));
        var b = new ScriptedSyncRun(Always(5, (_, _) => throw new InvalidOperationException("registry answered 502")));
        var c = new ScriptedSyncRun(Always(5, (_, _) => Task.FromResult(Succeeded("c.yaml#web"))));
        using var fixture = new WorkerFixture(
            [new WorkerRepository(A, a), new WorkerRepository(B, b), new WorkerRepository(C, c)],
            "2026-11-28T10:05:00Z",
            configure: o => o with { FirstBackoff = TimeSpan.FromMinutes(20) });
        await fixture.StartAsync();

        Assert.Equal(Utc("2026-11-28T10:15:00Z"), await fixture.Time.FireNextTimerAsync());
        Assert.Equal(Utc("2026-11-28T10:30:00Z"), await fixture.Time.FireNextTimerAsync());
        Assert.Equal(Utc("2026-11-28T10:45:00Z"), await fixture.Time.FireNextTimerAsync());
        await fixture.Time.NextTimerAsync();

        // b failed at 10:15 and waits 20 minutes: it sits out 10:30 and fails again at 10:45; the others run every time.
        Assert.Equal([Utc("2026-11-28T10:15:00Z"), Utc("2026-11-28T10:30:00Z"), Utc("2026-11-28T10:45:00Z")], a.Requests.Select(r => r.Now));
        Assert.Equal([Utc("2026-11-28T10:15:00Z"), Utc("2026-11-28T10:45:00Z")], b.Requests.Select(r => r.Now));
        Assert.Equal(3, c.Requests.Count);

        // One round shares one set of registry answers; the next round asks again.
        Assert.NotNull(a.Requests[0].Shared);
        Assert.Same(a.Requests[0].Shared, b.Requests[0].Shared);
        Assert.Same(a.Requests[0].Shared, c.Requests[0].Shared);
        Assert.NotSame(a.Requests[0].Shared, a.Requests[1].Shared);

        // Each repository's streams count from its own checks.
        Assert.Equal("fired at 2026-11-28T10:40:00Z in (2026-11-28T10:30:00Z, 2026-11-28T10:45:00Z]", Reason(a.Requests[2], Stream("a.yaml", "app", "40 10 * * *")));
        Assert.Equal("not checked yet by this worker", Reason(c.Requests[2], Stream("a.yaml", "app", "40 10 * * *")));

        var status = fixture.Status.Snapshot();
        Assert.Equal(RunResult.Failed, status.LastResult);
        Assert.Equal(2, status.ConsecutiveFailures);
        Assert.Equal([A, B, C], status.Repositories.Select(r => r.Repository));
        Assert.Equal(2, status.Repositories[1].ConsecutiveFailures);
        Assert.Equal(0, status.Repositories[0].ConsecutiveFailures);
        Assert.Equal(3, status.Repositories[2].Runs[RunResult.Succeeded]);

        using var health = JsonDocument.Parse(HealthServer.HealthJson(status, "3 repositories", "*/15 * * * *"));
        Assert.Equal("failing", health.RootElement.GetProperty("status").GetString());
        var each = health.RootElement.GetProperty("repositories").EnumerateArray().ToDictionary(r => r.GetProperty("repository").GetString()!, r => r.GetProperty("status").GetString());
        Assert.Equal(new Dictionary<string, string?> { [A] = "ok", [B] = "failing", [C] = "ok" }, each);

        var metrics = PrometheusText.Render(status);
        Assert.Contains($"gitstreamsync_repository_consecutive_failed_runs{{repository=\"{B}\"}} 2\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"gitstreamsync_repository_runs_total{{repository=\"{A}\",outcome=\"succeeded\"}} 3\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"gitstreamsync_repository_last_completed_run_timestamp_seconds{{repository=\"{C}\"}} ", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain($"gitstreamsync_repository_last_completed_run_timestamp_seconds{{repository=\"{B}\"}}", metrics, StringComparison.Ordinal);

        Assert.Contains($"Run 1 of {B} failed in 0s (1 in a row): unexpected InvalidOperationException: registry answered 502; its next run at 2026-11-28T10:45:00Z", fixture.Log, StringComparison.Ordinal);
        Assert.Contains($"Run 2 of {A} succeeded", fixture.Log, StringComparison.Ordinal);
        Assert.DoesNotContain($"Run 2 of {B}", fixture.Log, StringComparison.Ordinal);
        await fixture.Worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task No_more_repositories_than_asked_run_at_once()
    {
        var inFlight = 0;
        var most = 0;
        var bothIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<SyncRunOutcome> StepAsync(SyncRunRequest request, CancellationToken token)
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            if (now == 2)
            {
                bothIn.TrySetResult();
            }

            // Two are let in together before any leaves: the bound is reached, never passed.
            await bothIn.Task.WaitAsync(TimeSpan.FromSeconds(30), token);
            Interlocked.Decrement(ref inFlight);
            return Succeeded();
        }

        var runs = Enumerable.Range(0, 5).Select(i => new WorkerRepository($"https://git.example/r{i}.git", new ScriptedSyncRun(StepAsync))).ToList();
        using var fixture = new WorkerFixture(runs, "2026-11-28T10:05:00Z", configure: o => o with { ParallelRepositories = 2 });
        await fixture.StartAsync();
        await fixture.Time.FireNextTimerAsync();
        await fixture.Time.NextTimerAsync();

        Assert.Equal(2, most);
        Assert.All(runs, r => Assert.Single(((ScriptedSyncRun)r.Run).Requests));
        await fixture.Worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_push_runs_only_the_repositories_that_follow_the_pushed_image()
    {
        static SyncRunOutcome Following(string image) => Succeeded() with { FollowedImages = new HashSet<string>(StringComparer.Ordinal) { image } };
        var a = new ScriptedSyncRun(Always(4, (_, _) => Task.FromResult(Following("registry.example/team/app"))));
        var b = new ScriptedSyncRun(Always(4, (_, _) => Task.FromResult(Following("registry.example/team/other"))));
        var pushes = new PushTrigger();
        using var fixture = new WorkerFixture([new WorkerRepository(A, a), new WorkerRepository(B, b)], "2026-11-28T10:05:00Z", schedule: "0 3 * * *", pushes: pushes);
        await fixture.StartAsync();

        // Before any run the worker cannot know who follows what: the first push goes to every repository.
        await fixture.Time.NextTimerAsync();
        pushes.Add(["registry.example/team/app"]);
        await a.NextStartAsync();
        await b.NextStartAsync();
        await fixture.Time.NextTimerAsync();

        pushes.Add(["registry.example/team/app"]);
        var pushed = await a.NextStartAsync();
        await fixture.Time.NextTimerAsync();

        pushes.Add(["registry.example/team/nobody"]);
        await fixture.Time.NextTimerAsync();

        Assert.Equal(2, a.Requests.Count);
        Assert.Single(b.Requests);
        Assert.Equal("registry.example/team/app was pushed", DueStreamSelector.Select(
            [new ImageStreamDocument
            {
                FilePath = "a.yaml", Format = DocumentFormat.Yaml, DocumentIndex = 0, Name = "app", Location = new SourceLocation(1, 1), Span = new TextSpan(0, 0),
                SpecTags = [new SpecTag { Name = "1.0", From = new TagSource(TagSourceKind.DockerImage, "registry.example/team/app:1.0"), Location = new SourceLocation(1, 1) }],
            }],
            pushed.Due,
            ScheduleDefaults.Utc).Decisions[0].Reason);
        Assert.Contains("No repository follows the pushed images registry.example/team/nobody: nothing to run", fixture.Log, StringComparison.Ordinal);
        await fixture.Worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task One_state_file_keeps_every_repository_s_checks_across_a_restart()
    {
        using var folder = new TemporaryDirectory("worker-state-many");
        var file = Path.Combine(folder.Path, "worker-state.json");
        await RunOnceAsync(file, "2026-11-28T10:05:00Z", (A, "a.yaml#nightly"), (B, "b.yaml#nightly"));

        var (requests, _) = await RunOnceAsync(file, "2026-11-28T10:20:00Z", (A, "a.yaml#nightly"), (B, "b.yaml#nightly"));

        // Checked at 10:15 by the first worker: the nightly schedule has not fired since, in either repository.
        Assert.Equal("next at 2026-11-29T03:00:00Z", Reason(requests[A], Stream("a.yaml", "nightly", "0 3 * * *")));
        Assert.Equal("next at 2026-11-29T03:00:00Z", Reason(requests[B], Stream("b.yaml", "nightly", "0 3 * * *")));
        Assert.Equal("not checked yet by this worker", Reason(requests[A], Stream("b.yaml", "nightly", "0 3 * * *")));
        using var stored = JsonDocument.Parse(File.ReadAllText(file));
        Assert.Equal(
            "2026-11-28T10:30:00.0000000+00:00",
            stored.RootElement.GetProperty("repositories").GetProperty(B).GetProperty("streams").GetProperty("b.yaml#nightly").GetString());
        Assert.Empty(Directory.EnumerateFiles(folder.Path, "*.tmp"));
    }

    [Fact]
    public async Task A_file_of_one_repository_is_read_by_its_worker_and_a_worker_of_several_starts_afresh()
    {
        using var folder = new TemporaryDirectory("worker-state-upgrade");
        var file = Path.Combine(folder.Path, "worker-state.json");
        await File.WriteAllTextAsync(file, "{\n  \"streams\": {\n    \"a.yaml#nightly\": \"2026-11-28T10:00:00.0000000+00:00\"\n  }\n}");

        var (alone, _) = await RunOnceAsync(file, "2026-11-28T10:05:00Z", (A, "a.yaml#nightly"));
        await File.WriteAllTextAsync(file, "{\n  \"streams\": {\n    \"a.yaml#nightly\": \"2026-11-28T10:00:00.0000000+00:00\"\n  }\n}");
        var (several, log) = await RunOnceAsync(file, "2026-11-28T10:05:00Z", (A, "a.yaml#nightly"), (B, "b.yaml#nightly"));

        Assert.Equal("next at 2026-11-29T03:00:00Z", Reason(alone[A], Stream("a.yaml", "nightly", "0 3 * * *")));
        Assert.Equal("not checked yet by this worker", Reason(several[A], Stream("a.yaml", "nightly", "0 3 * * *")));
        Assert.Contains("is of one repository and this worker serves 2: every stream is due once", log, StringComparison.Ordinal);

        // And back: the file of several is read by a worker of one of them.
        var (back, _) = await RunOnceAsync(file, "2026-11-28T10:20:00Z", (B, "b.yaml#nightly"));
        Assert.Equal("next at 2026-11-29T03:00:00Z", Reason(back[B], Stream("b.yaml", "nightly", "0 3 * * *")));
    }

    /// <summary>Starts a worker of the given repositories with the state file, lets it run one round, stops it.</summary>
    private static async Task<(Dictionary<string, SyncRunRequest> Requests, string Log)> RunOnceAsync(string file, string start, params (string Repository, string Stream)[] repositories)
    {
        var runs = repositories.ToDictionary(r => r.Repository, r => new ScriptedSyncRun((_, _) => Task.FromResult(Succeeded(r.Stream))), StringComparer.Ordinal);
        using var fixture = new WorkerFixture([.. runs.Select(r => new WorkerRepository(r.Key, r.Value))], start, stateFile: file);
        await fixture.StartAsync();
        await fixture.Time.FireNextTimerAsync();
        var requests = new Dictionary<string, SyncRunRequest>(StringComparer.Ordinal);
        foreach (var (repository, run) in runs)
        {
            requests[repository] = await run.NextStartAsync();
        }

        await fixture.Time.NextTimerAsync();
        await fixture.Worker.StopAsync(CancellationToken.None);
        return (requests, fixture.Log);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        do
        {
            seen = target;
        }
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) != seen);
    }
}
