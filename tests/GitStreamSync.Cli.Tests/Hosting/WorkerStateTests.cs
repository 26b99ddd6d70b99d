using System.Text.Json;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Schedule;
using GitStreamSync.Core.Select;
using GitStreamSync.Cli.Hosting;
using GitStreamSync.Testing.Git;
using static GitStreamSync.Cli.Tests.Hosting.ScriptedSyncRun;

namespace GitStreamSync.Cli.Tests.Hosting;

/// <summary>The worker's state file: when each stream was last checked, across restarts.</summary>
public sealed class WorkerStateTests
{
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

    private static IReadOnlyList<ImageStreamDocument> Streams { get; } = [Stream("nightly", "0 3 * * *"), Stream("often", "*/15 * * * *")];

    [Fact]
    public async Task A_restarted_worker_goes_on_from_the_last_checks_instead_of_resolving_everything()
    {
        using var folder = new TemporaryDirectory("worker-state");
        var file = Path.Combine(folder.Path, "worker-state.json");
        await RunOnceAsync(file, "2026-11-28T10:05:00Z", "streams.yaml#nightly", "streams.yaml#often");

        var (request, _) = await RunOnceAsync(file, "2026-11-28T10:20:00Z", "streams.yaml#often");

        var due = DueStreamSelector.Select(Streams, request.Due, ScheduleDefaults.Utc);
        Assert.False(due.Decisions.Single(d => d.StreamKey == "streams.yaml#nightly").Due);
        Assert.Equal("fired at 2026-11-28T10:30:00Z in (2026-11-28T10:15:00Z, 2026-11-28T10:30:00Z]", due.Decisions.Single(d => d.StreamKey == "streams.yaml#often").Reason);
        Assert.Equal(["streams.yaml#nightly", "streams.yaml#often"], Stored(file).Keys.Order(StringComparer.Ordinal));
        Assert.Equal("2026-11-28T10:30:00.0000000+00:00", Stored(file)["streams.yaml#often"]);
        Assert.Empty(Directory.EnumerateFiles(folder.Path, "*.tmp"));
    }

    [Theory]
    [InlineData("truncated", "is damaged")]
    [InlineData("lost", "No worker state")]
    [InlineData("wrong shape", "is damaged")]
    public async Task A_truncated_or_lost_state_file_makes_every_stream_due_once_and_is_written_whole_again(string damage, string logged)
    {
        using var folder = new TemporaryDirectory("worker-state");
        var file = Path.Combine(folder.Path, "worker-state.json");
        await RunOnceAsync(file, "2026-11-28T10:05:00Z", "streams.yaml#nightly", "streams.yaml#often");
        var whole = await File.ReadAllTextAsync(file);
        switch (damage)
        {
            case "truncated":
                await File.WriteAllTextAsync(file, whole[..(whole.Length / 2)]);
                break;
            case "lost":
                File.Delete(file);
                break;
            default:
                await File.WriteAllTextAsync(file, "{\"streams\": [\"streams.yaml#often\"]}");
                break;
        }

        // A temporary file of a write that was killed half-way is never read and goes away.
        await File.WriteAllTextAsync(file + ".0123456789abcdef0123456789abcdef.tmp", whole[..10]);

        var (request, log) = await RunOnceAsync(file, "2026-11-28T10:20:00Z", "streams.yaml#nightly", "streams.yaml#often");

        var due = DueStreamSelector.Select(Streams, request.Due, ScheduleDefaults.Utc);
        Assert.All(due.Decisions, d => Assert.Equal("not checked yet by this worker", d.Reason));
        Assert.Contains(logged, log, StringComparison.Ordinal);
        Assert.Equal("2026-11-28T10:30:00.0000000+00:00", Stored(file)["streams.yaml#nightly"]);
        Assert.Empty(Directory.EnumerateFiles(folder.Path, "*.tmp"));
    }

    /// <summary>Starts a worker with the state file, lets it run once, stops it; returns what it was asked and its log.</summary>
    private static async Task<(SyncRunRequest Request, string Log)> RunOnceAsync(string file, string start, params string[] checkedStreams)
    {
        var run = new ScriptedSyncRun((_, _) => Task.FromResult(Succeeded(checkedStreams)));
        using var fixture = new WorkerFixture(run, start, stateFile: file);
        await fixture.StartAsync();
        await fixture.Time.FireNextTimerAsync();
        var request = await run.NextStartAsync();
        await fixture.Time.NextTimerAsync();
        await fixture.Worker.StopAsync(CancellationToken.None);
        return (request, fixture.Log);
    }

    private static Dictionary<string, string> Stored(string file) =>
        JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetProperty("streams").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
}
