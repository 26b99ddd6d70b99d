using GitStreamSync.Cli.Hosting;
using static GitStreamSync.Cli.Tests.Hosting.ScriptedSyncRun;

namespace GitStreamSync.Cli.Tests.Hosting;

/// <summary>
/// A registry may notify a push before it has moved the tag: a pushed run that was answered
/// another digest than the notification named asks once more after the settle time, on the
/// worker's clock, and never more than once.
/// </summary>
public sealed class PushSettleTests
{
    private const string Repository = "https://git.example/streams.git";
    private const string Image = "registry.example/team/app";
    private static readonly TagDigest Named = new(Image, "1.0", "sha256:" + new string('b', 64));
    private static readonly TagDigest Old = Named with { Digest = "sha256:" + new string('a', 64) };

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static Func<SyncRunRequest, CancellationToken, Task<SyncRunOutcome>> Answering(params TagDigest[] resolved) =>
        (_, _) => Task.FromResult(Succeeded() with { Resolved = resolved });

    [Fact]
    public async Task A_pushed_tag_answered_with_the_old_digest_is_asked_once_more_after_the_settle_time_and_not_again()
    {
        var run = new ScriptedSyncRun(Answering(Old), Answering(Old), Answering(Named));
        var pushes = new PushTrigger();
        using var fixture = new WorkerFixture([new WorkerRepository(Repository, run)], "2026-11-28T10:05:00Z", schedule: "0 3 * * *", pushes: pushes);
        await fixture.StartAsync();
        await fixture.Time.NextTimerAsync();

        pushes.Add([Image], [Named]);
        await run.NextStartAsync();
        var settle = await fixture.Time.NextTimerAsync();
        fixture.Time.Advance(settle);
        var again = await run.NextStartAsync();
        var afterRecheck = await fixture.Time.NextTimerAsync();

        Assert.Equal(fixture.Options.PushSettle, settle);
        Assert.Equal(Utc("2026-11-28T10:05:05Z"), again.Now);
        Assert.Equal(Image + " was pushed", Reason(again));

        // The recheck was answered the old digest again: it stands, and the worker waits for its schedule.
        Assert.Equal(Utc("2026-11-29T03:00:00Z") - fixture.Time.GetUtcNow(), afterRecheck);
        Assert.Equal(2, run.Requests.Count);
        Assert.Contains($"Run 1 was answered another digest than the notification named for {Named}; the registry may not have moved the tag yet: asking once more at 2026-11-28T10:05:05Z", fixture.Log, StringComparison.Ordinal);
        Assert.Contains($"Run 2 starts now to ask once more for pushed images: {Image}", fixture.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("Run 2 was answered another digest", fixture.Log, StringComparison.Ordinal);
        await fixture.Worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_run_answered_the_named_digest_or_not_asked_for_the_named_tag_asks_nothing_more()
    {
        // The event names 1.0 (answered as named) and 2.0, which no stream follows: no tag to settle.
        var run = new ScriptedSyncRun(Answering(Named, Old with { Tag = "latest" }));
        var pushes = new PushTrigger();
        using var fixture = new WorkerFixture([new WorkerRepository(Repository, run)], "2026-11-28T10:05:00Z", schedule: "0 3 * * *", pushes: pushes);
        await fixture.StartAsync();
        await fixture.Time.NextTimerAsync();

        pushes.Add([Image], [Named, Named with { Tag = "2.0" }]);
        await run.NextStartAsync();
        var next = await fixture.Time.NextTimerAsync();

        Assert.Equal(Utc("2026-11-29T03:00:00Z") - fixture.Time.GetUtcNow(), next);
        Assert.Single(run.Requests);
        Assert.DoesNotContain("asking once more", fixture.Log, StringComparison.Ordinal);
        await fixture.Worker.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_notification_during_the_settle_time_runs_at_once_and_the_recheck_still_comes_once()
    {
        var run = new ScriptedSyncRun(Answering(Old), Answering(Old), Answering(Old));
        var pushes = new PushTrigger();
        using var fixture = new WorkerFixture([new WorkerRepository(Repository, run)], "2026-11-28T10:05:00Z", schedule: "0 3 * * *", pushes: pushes);
        await fixture.StartAsync();
        await fixture.Time.NextTimerAsync();

        pushes.Add([Image], [Named]);
        await run.NextStartAsync();
        Assert.Equal(fixture.Options.PushSettle, await fixture.Time.NextTimerAsync());
        fixture.Time.Advance(TimeSpan.FromSeconds(2));

        // A second notification for the same tag: its run comes at once; the recheck keeps its time.
        pushes.Add([Image], [Named]);
        await run.NextStartAsync();
        var left = await fixture.Time.NextTimerAsync();
        fixture.Time.Advance(left);
        await run.NextStartAsync();
        var afterRecheck = await fixture.Time.NextTimerAsync();

        Assert.Equal(fixture.Options.PushSettle - TimeSpan.FromSeconds(2), left);
        Assert.Equal(Utc("2026-11-29T03:00:00Z") - fixture.Time.GetUtcNow(), afterRecheck);
        Assert.Equal(3, run.Requests.Count);
        await fixture.Worker.StopAsync(CancellationToken.None);
    }

    private static string Reason(SyncRunRequest request)
    {
        var stream = new Core.Read.ImageStreamDocument
        {
            FilePath = "a.yaml",
            Format = Core.Read.DocumentFormat.Yaml,
            DocumentIndex = 0,
            Name = "app",
            Location = new Core.Read.SourceLocation(1, 1),
            Span = new Core.Read.TextSpan(0, 0),
            SpecTags = [new Core.Read.SpecTag { Name = "1.0", From = new Core.Read.TagSource(Core.Read.TagSourceKind.DockerImage, Image + ":1.0"), Location = new Core.Read.SourceLocation(1, 1) }],
        };
        return Core.Select.DueStreamSelector.Select([stream], request.Due, Core.Schedule.ScheduleDefaults.Utc).Decisions[0].Reason;
    }
}
