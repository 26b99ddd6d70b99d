using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using GitStreamSync.Cli.Hosting;
using GitStreamSync.Core.Images;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Cli.Tests.Hosting;

/// <summary>
/// The real docker-registry posts its push notifications to the worker's <c>--listen</c> endpoint:
/// a push is resolved within seconds although the worker's schedule fires once a year; forged
/// notifications are refused and start nothing.
/// </summary>
public sealed class PushNotificationEndToEndTests
{
    private const string Secret = "n0tify-E2E-Secret-value";
    private static readonly Platform Amd64 = Platform.Parse("linux/amd64");
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static string Stream(string name, string image) =>
        $"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: {name}\nspec:\n  tags:\n  - name: \"1.0\"\n    from:\n      kind: DockerImage\n      name: {image}\n";

    [Fact]
    public async Task A_push_to_the_registry_starts_a_run_for_its_streams_and_a_forged_notification_changes_nothing()
    {
        var listenPort = WorkerCommandTests.FreeLoopbackPort();
        var endpoint = new Uri($"http://127.0.0.1:{listenPort}{PushNotifications.RegistryPath}");
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions { Notifications = (endpoint, "Bearer " + Secret) });
        using var seeder = RegistrySeeder.For(registry);
        using var git = GitHttpServer.Start();
        using var cache = new TemporaryDirectory("gss-notify-cache");
        const string name = "notified";
        var url = git.CreateRepository(name, new Dictionary<string, string>
        {
            ["streams/app.yaml"] = Stream("app", $"{registry.HostPort}/team/app:1.0"),
            ["streams/other.yaml"] = Stream("other", $"{registry.HostPort}/team/other:1.0"),
        });
        var bare = git.RepositoryPath(name);
        var variables = new Dictionary<string, string>
        {
            ["GITSTREAMSYNC_GIT_USERNAME"] = git.User,
            ["GITSTREAMSYNC_GIT_PASSWORD"] = git.Password,
            [PushNotifications.SecretVariable] = Secret,
            ["GITSTREAMSYNC_CACHE_DIR"] = Path.Combine(cache.Path, "registry"),
        };
        var time = new WatchedTime(new DateTimeOffset(2026, 11, 28, 10, 5, 0, TimeSpan.Zero));
        using var stop = new CancellationTokenSource();
        string[] args = ["worker", url, "--schedule", "0 0 1 1 *", "--listen", $"127.0.0.1:{listenPort}", "--no-pull-request", "--insecure-registry", registry.HostPort, "--cache-dir", Path.Combine(cache.Path, "git")];
        var worker = ScheduledSyncEndToEndTests.RunWorkerWithRealSyncAsync(args, time, variables, stop.Token);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var settling = FireSettleTimersAsync(time, stop.Token);

        SeededImage pushed, retagged;
        string afterPush;
        try
        {
            await WaitUntilAsync(async () => (await TryGetAsync(http, $"http://127.0.0.1:{listenPort}/healthz")) == HttpStatusCode.OK, "the worker to listen");

            // Forged: no secret, a wrong secret, a body that is not JSON, a GitHub event without its signature.
            var forged = $"{{\"events\":[{{\"action\":\"push\",\"target\":{{\"mediaType\":\"{RegistrySeeder.OciManifest}\",\"repository\":\"team/other\",\"url\":\"http://{registry.HostPort}/v2/team/other/manifests/sha256:00\",\"tag\":\"1.0\"}}}}]}}";
            Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(http, endpoint, forged, authorization: null));
            Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(http, endpoint, forged, authorization: "Bearer guessed"));
            Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(http, endpoint, "{\"events\":[", authorization: "Bearer " + Secret));
            Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(http, new Uri($"http://127.0.0.1:{listenPort}{PushNotifications.GitHubPath}"), "{\"registry_package\":{}}", authorization: null));

            pushed = await seeder.PushImageAsync("team/app", "1.0", ManifestFormat.Oci, Amd64, unique: "notified-1");
            afterPush = await WaitForBranchAsync(bare, pushed.Digest);
            retagged = await seeder.PushImageAsync("team/app", "1.0", ManifestFormat.Oci, Amd64, unique: "notified-2");
            await WaitForBranchAsync(bare, retagged.Digest);
        }
        catch (Exception exception) when (exception is TimeoutException or Xunit.Sdk.XunitException)
        {
            await stop.CancelAsync();
            var (_, _, log) = await worker.WaitAsync(Bound);
            throw new InvalidOperationException($"{exception.Message}\nthe worker's log:\n{log}", exception);
        }

        await stop.CancelAsync();
        var (exitCode, _, error) = await worker.WaitAsync(Bound);
        await settling.WaitAsync(Bound);

        Assert.Equal(0, exitCode);
        Assert.Contains($"image: {pushed.Digest}", afterPush, StringComparison.Ordinal);
        Assert.DoesNotContain("status:", GitCli.Show(bare, "gitstreamsync/main", "streams/other.yaml"), StringComparison.Ordinal);
        var runs = error.Split('\n').Where(l => l.Contains("starts now for pushed images", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(runs);
        Assert.All(runs, l => Assert.Contains($"pushed images: {registry.HostPort}/team/app", l, StringComparison.Ordinal));
        Assert.All(runs, l => Assert.DoesNotContain("team/other", l, StringComparison.Ordinal));
        Assert.Contains("refused with 401", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_of_several_repositories_sends_a_push_only_to_the_repositories_that_follow_the_image()
    {
        var listenPort = WorkerCommandTests.FreeLoopbackPort();
        var endpoint = new Uri($"http://127.0.0.1:{listenPort}{PushNotifications.RegistryPath}");
        await using var registry = await RegistryServer.StartAsync(new RegistryServerOptions { Notifications = (endpoint, "Bearer " + Secret) });
        using var seeder = RegistrySeeder.For(registry);
        using var git = GitHttpServer.Start();
        using var cache = new TemporaryDirectory("gss-notify-many");
        var follower = git.CreateRepository("follower", new Dictionary<string, string> { ["streams/app.yaml"] = Stream("app", $"{registry.HostPort}/team/app:1.0") });
        var bystander = git.CreateRepository("bystander", new Dictionary<string, string> { ["streams/other.yaml"] = Stream("other", $"{registry.HostPort}/team/other:1.0") });
        var variables = new Dictionary<string, string>
        {
            ["GITSTREAMSYNC_GIT_USERNAME"] = git.User,
            ["GITSTREAMSYNC_GIT_PASSWORD"] = git.Password,
            [PushNotifications.SecretVariable] = Secret,
            ["GITSTREAMSYNC_CACHE_DIR"] = Path.Combine(cache.Path, "registry"),
        };
        var time = new WatchedTime(new DateTimeOffset(2026, 11, 28, 10, 5, 0, TimeSpan.Zero));
        using var stop = new CancellationTokenSource();
        string[] args = ["worker", follower, bystander, "--schedule", "0 0 1 1 *", "--listen", $"127.0.0.1:{listenPort}", "--no-pull-request", "--insecure-registry", registry.HostPort, "--cache-dir", Path.Combine(cache.Path, "git")];
        var worker = ScheduledSyncEndToEndTests.RunWorkerWithRealSyncAsync(args, time, variables, stop.Token);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var settling = FireSettleTimersAsync(time, stop.Token);

        SeededImage retagged;
        try
        {
            await WaitUntilAsync(async () => (await TryGetAsync(http, $"http://127.0.0.1:{listenPort}/healthz")) == HttpStatusCode.OK, "the worker to listen");

            // Before a repository has been read the worker cannot tell what it follows: the first push goes to both.
            var pushed = await seeder.PushImageAsync("team/app", "1.0", ManifestFormat.Oci, Amd64, unique: "fan-out-1");
            await WaitForBranchAsync(git.RepositoryPath("follower"), pushed.Digest);
            await WaitUntilAsync(async () => BothCompleted(await http.GetStringAsync(new Uri($"http://127.0.0.1:{listenPort}/healthz"))), "both repositories to finish their first run");

            retagged = await seeder.PushImageAsync("team/app", "1.0", ManifestFormat.Oci, Amd64, unique: "fan-out-2");
            await WaitForBranchAsync(git.RepositoryPath("follower"), retagged.Digest);
        }
        catch (Exception exception) when (exception is TimeoutException or Xunit.Sdk.XunitException)
        {
            await stop.CancelAsync();
            var (_, _, log) = await worker.WaitAsync(Bound);
            throw new InvalidOperationException($"{exception.Message}\nthe worker's log:\n{log}", exception);
        }

        await stop.CancelAsync();
        var (exitCode, _, error) = await worker.WaitAsync(Bound);
        await settling.WaitAsync(Bound);

        Assert.Equal(0, exitCode);
        var lines = error.Split('\n');
        Assert.Single(lines, l => l.Contains($" of {bystander} succeeded", StringComparison.Ordinal));
        Assert.True(lines.Count(l => l.Contains($" of {follower} succeeded", StringComparison.Ordinal)) >= 2, error);
        Assert.Null(git.BranchTip("bystander", "gitstreamsync/main"));
    }

    [Fact]
    public async Task A_notification_that_comes_before_the_registry_moves_the_tag_is_resolved_again_after_the_settle_time()
    {
        // The registry sends no notifications of its own: the test sends the one it would, at the
        // moment it would, after storing the manifest and before moving the tag.
        var listenPort = WorkerCommandTests.FreeLoopbackPort();
        var endpoint = new Uri($"http://127.0.0.1:{listenPort}{PushNotifications.RegistryPath}");
        await using var registry = await RegistryServer.StartAsync();
        using var seeder = RegistrySeeder.For(registry);
        using var git = GitHttpServer.Start();
        using var cache = new TemporaryDirectory("gss-notify-settle");
        var old = await seeder.PushImageAsync("team/app", "1.0", ManifestFormat.Oci, Amd64, unique: "settle-old");
        var url = git.CreateRepository("settle", new Dictionary<string, string> { ["streams/app.yaml"] = Stream("app", $"{registry.HostPort}/team/app:1.0") });
        var variables = new Dictionary<string, string>
        {
            ["GITSTREAMSYNC_GIT_USERNAME"] = git.User,
            ["GITSTREAMSYNC_GIT_PASSWORD"] = git.Password,
            [PushNotifications.SecretVariable] = Secret,
            ["GITSTREAMSYNC_CACHE_DIR"] = Path.Combine(cache.Path, "registry"),
        };
        var time = new WatchedTime(new DateTimeOffset(2026, 11, 28, 10, 5, 0, TimeSpan.Zero));
        using var stop = new CancellationTokenSource();
        string[] args = ["worker", url, "--schedule", "0 0 1 1 *", "--listen", $"127.0.0.1:{listenPort}", "--no-pull-request", "--insecure-registry", registry.HostPort, "--cache-dir", Path.Combine(cache.Path, "git")];
        var worker = ScheduledSyncEndToEndTests.RunWorkerWithRealSyncAsync(args, time, variables, stop.Token);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        string beforeTagMoved, afterSettle;
        SeededImage fresh;
        try
        {
            await time.NextTimerAsync();

            // The new manifest is stored (under another tag, so the registry keeps it); 1.0 still names the old one.
            fresh = await seeder.PushImageAsync("team/app", "staging", ManifestFormat.Oci, Amd64, unique: "settle-new");
            var notification = $"{{\"events\":[{{\"action\":\"push\",\"target\":{{\"mediaType\":\"{RegistrySeeder.OciManifest}\",\"digest\":\"{fresh.Digest}\",\"repository\":\"team/app\",\"url\":\"http://{registry.HostPort}/v2/team/app/manifests/{fresh.Digest}\",\"tag\":\"1.0\"}},\"request\":{{\"host\":\"{registry.HostPort}\",\"method\":\"PUT\"}}}}]}}";
            Assert.Equal(HttpStatusCode.Accepted, await PostAsync(http, endpoint, notification, authorization: "Bearer " + Secret));

            // The pushed run resolves 1.0 to the old digest; the worker then waits for the settle time.
            Assert.Equal(TimeSpan.FromSeconds(5), await time.NextTimerAsync());
            beforeTagMoved = GitCli.Show(git.RepositoryPath("settle"), "gitstreamsync/main", "streams/app.yaml");

            // The registry moves the tag; only the worker's second look can see it before the schedule's next year.
            await seeder.CopyToTagAsync("team/app", fresh.Digest, "1.0");
            time.Advance(TimeSpan.FromSeconds(5));
            afterSettle = await WaitForBranchAsync(git.RepositoryPath("settle"), fresh.Digest);
        }
        catch (Exception exception) when (exception is TimeoutException or Xunit.Sdk.XunitException)
        {
            await stop.CancelAsync();
            var (_, _, log) = await worker.WaitAsync(Bound);
            throw new InvalidOperationException($"{exception.Message}\nthe worker's log:\n{log}", exception);
        }

        await stop.CancelAsync();
        var (exitCode, _, error) = await worker.WaitAsync(Bound);

        Assert.Equal(0, exitCode);
        Assert.Contains($"image: {old.Digest}", beforeTagMoved, StringComparison.Ordinal);
        Assert.Contains($"image: {fresh.Digest}", afterSettle, StringComparison.Ordinal);
        Assert.Contains($"was answered another digest than the notification named for {registry.HostPort}/team/app:1.0 ({fresh.Digest})", error, StringComparison.Ordinal);
        Assert.Contains($"starts now to ask once more for pushed images: {registry.HostPort}/team/app", error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Fires each short wait of the worker (the settle time after a pushed run, when the registry
    /// answered another digest than its notification named) and leaves its schedule's long waits alone.
    /// </summary>
    private static async Task FireSettleTimersAsync(WatchedTime time, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            TimeSpan delay;
            try
            {
                delay = await time.NextTimerAsync().WaitAsync(stop);
            }
            catch (TimeoutException)
            {
                continue;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (delay <= TimeSpan.FromMinutes(1))
            {
                time.Advance(delay);
            }
        }
    }

    /// <summary>/healthz of a worker of several repositories: each has finished a run and none is running.</summary>
    private static bool BothCompleted(string health)
    {
        using var json = System.Text.Json.JsonDocument.Parse(health);
        return json.RootElement.TryGetProperty("repositories", out var repositories)
            && repositories.GetArrayLength() == 2
            && repositories.EnumerateArray().All(r => r.GetProperty("lastOutcome").GetString() == "succeeded" && !r.GetProperty("running").GetBoolean());
    }

    private static async Task<string> WaitForBranchAsync(string bare, Digest digest)
    {
        var text = "";
        await WaitUntilAsync(
            () =>
            {
                text = GitCli.RevParse(bare, "refs/heads/gitstreamsync/main") is null ? "" : GitCli.Show(bare, "gitstreamsync/main", "streams/app.yaml");
                return Task.FromResult(text.Contains($"image: {digest}", StringComparison.Ordinal));
            },
            $"a run to propose {digest}");
        return text;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > Bound)
            {
                throw new TimeoutException($"waited {Bound.TotalSeconds} s for {what}");
            }

            await Task.Delay(100);
        }
    }

    private static async Task<HttpStatusCode?> TryGetAsync(HttpClient http, string url)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(url));
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, Uri url, string body, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(PushNotifications.DistributionMediaType);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
