using System.Globalization;
using System.Text.Json;
using GitStreamSync.Cli.Tests.Sync;
using GitStreamSync.Testing.Git;

namespace GitStreamSync.Cli.Tests.Hosting;

/// <summary>
/// The worker over a settings file's <c>repositories:</c>, on a fake clock, against the loopback Git
/// server and a real registry whose access log is counted: two repositories that name the same
/// images ask the registry what one asks, a repository that cannot be cloned fails on its own, and
/// /healthz and the state file say how each repository is doing.
/// </summary>
public sealed class SeveralRepositoriesWorkerEndToEndTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private ExampleServers servers = null!;

    public async Task InitializeAsync() => servers = await ExampleServers.StartAsync("worker-many");

    public async Task DisposeAsync() => await servers.DisposeAsync();

    [Fact]
    public async Task Two_repositories_sharing_images_are_resolved_once_per_round_and_a_missing_one_fails_alone()
    {
        var git = servers.Git;
        git.CreateRepositoryFromFolder("alone", ExampleServers.Example);
        var teamA = git.CreateRepositoryFromFolder("team-a", ExampleServers.Example);
        var teamB = git.CreateRepositoryFromFolder("team-b", ExampleServers.Example);
        var missing = git.Url("missing");
        var fleet = Path.Combine(servers.Work.Path, "fleet.yaml");
        File.WriteAllText(fleet, $"repositories:\n  - {teamA}\n  - url: {teamB}\n    branch: images/worker\n  - {missing}\n");
        var cache = Path.Combine(servers.Work.Path, "worker-cache");
        var port = WorkerCommandTests.FreeLoopbackPort();

        var before = servers.TagRequests();
        await servers.RunAsync(["sync", git.Url("alone"), "--no-pull-request"], "cache-alone");
        var one = servers.TagRequests() - before;

        var time = new WatchedTime(new DateTimeOffset(2026, 11, 28, 10, 5, 0, TimeSpan.Zero));
        using var stop = new CancellationTokenSource();
        string[] args = ["worker", "--config", fleet, "--cache-dir", cache, "--no-pull-request", "--parallel-repositories", "2", "--health-port", port.ToString(CultureInfo.InvariantCulture), .. servers.MirrorOptions()];
        var worker = ScheduledSyncEndToEndTests.RunWorkerWithRealSyncAsync(args, time, servers.Environment("cache-worker"), stop.Token);

        int firstRound, secondRound;
        string health;
        try
        {
            var start = servers.TagRequests();
            time.Advance(await time.NextTimerAsync());
            var pending = await time.NextTimerAsync();
            firstRound = servers.TagRequests() - start;
            using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
            {
                health = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/healthz"));
            }

            // 15 minutes on: no stream's schedule fired since it was checked, and the missing repository tries again.
            time.Advance(pending);
            await time.NextTimerAsync();
            secondRound = servers.TagRequests() - start - firstRound;
        }
        catch (TimeoutException)
        {
            await stop.CancelAsync();
            var (_, _, log) = await worker.WaitAsync(TimeSpan.FromSeconds(60));
            throw new TimeoutException("the worker did not wait for its next occurrence; its log:\n" + log);
        }

        await stop.CancelAsync();
        var (exitCode, _, error) = await worker.WaitAsync(TimeSpan.FromSeconds(60));

        output.WriteLine($"tag requests in the registry's access log: one repository {one}, the worker's first round over two sharing its images {firstRound}, its second round {secondRound}");
        Assert.True(exitCode == 0, $"exit code {exitCode}; the worker's log:\n{error}");
        Assert.True(one > 0);
        Assert.True(one == firstRound, $"one repository asked {one} tags, the worker's two asked {firstRound}; its log:\n{error}");
        Assert.Equal(0, secondRound);
        // Both written in the round at 10:15 from the same answers: the same tree, each on its own branch.
        Assert.Equal(servers.Tree("team-a"), servers.Tree("team-b", "images/worker"));
        Assert.Contains("created: \"2026-11-28T10:15:00Z\"", GitCli.Show(git.RepositoryPath("team-a"), "gitstreamsync/main", "imagestreams/myubuntu.yaml"), StringComparison.Ordinal);
        Assert.Contains($"Run 1 of {missing} failed", error, StringComparison.Ordinal);
        Assert.Contains($"Run 2 of {missing} failed", error, StringComparison.Ordinal);
        Assert.Contains($"Run 1 of {teamA} succeeded", error, StringComparison.Ordinal);
        Assert.Contains($"Run 2 of {teamB} succeeded in", error, StringComparison.Ordinal);
        Assert.DoesNotContain(servers.Git.Password, error, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(health);
        Assert.Equal("failing", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("3 repositories", json.RootElement.GetProperty("repository").GetString());
        var each = json.RootElement.GetProperty("repositories").EnumerateArray().ToDictionary(r => r.GetProperty("repository").GetString()!, r => r.GetProperty("status").GetString());
        Assert.Equal(new Dictionary<string, string?> { [teamA] = "ok", [teamB] = "ok", [missing] = "failing" }, each);

        // One state file beside the clones, each repository's checks under its URL; none yet for the one never read.
        using var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(cache, "worker-state.json")));
        var repositories = state.RootElement.GetProperty("repositories");
        Assert.Equal([missing, teamA, teamB], repositories.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.True(repositories.GetProperty(teamA).GetProperty("streams").EnumerateObject().Any());
        Assert.Empty(repositories.GetProperty(missing).GetProperty("streams").EnumerateObject());
        Assert.True(Directory.Exists(Path.Combine(cache, Commands.GitCacheFolders.Name(teamA))));
        Assert.True(Directory.Exists(Path.Combine(cache, Commands.GitCacheFolders.Name(teamB))));
    }
}
