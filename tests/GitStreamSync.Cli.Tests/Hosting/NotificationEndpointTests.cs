using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using GitStreamSync.Cli.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitStreamSync.Cli.Tests.Hosting;

/// <summary>
/// The worker's listener answers requests side by side, a bounded number at once, and drops a
/// client that does not send its request in time: one sender that stalls holds up no push
/// notification or health probe, and a stop lets the answers under way finish.
/// </summary>
public sealed class NotificationEndpointTests
{
    private const string Secret = "n0tify-endpoint-Secret";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static readonly string Notification =
        "{\"events\":[{\"action\":\"push\",\"target\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"repository\":\"team/app\",\"url\":\"http://registry.example:5000/v2/team/app/manifests/sha256:00\",\"tag\":\"1.0\"}}]}";

    [Fact]
    public async Task A_client_that_sends_headers_and_no_body_holds_up_neither_the_health_probe_nor_a_notification()
    {
        var trigger = new PushTrigger();
        await using var server = await Listening.StartAsync(trigger, new ListenerLimits(4, TimeSpan.FromMinutes(5)));

        // A sender that announces a body and never sends it (or a registry whose request was cut off mid-way).
        using var stalled = await server.SendHeadersAsync(contentLength: 4096, bodyStart: "{");
        await WaitUntilAsync(() => server.Health.Answering == 1, "the listener to take the stalled request");

        using var http = new HttpClient { Timeout = Bound };
        using var health = await http.GetAsync(new Uri($"{server.Root}healthz"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{server.Root}{PushNotifications.RegistryPath.TrimStart('/')}")) { Content = new StringContent(Notification, Encoding.UTF8, PushNotifications.DistributionMediaType) };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Secret);
        using var answer = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        Assert.Equal(["registry.example:5000/team/app"], trigger.Take().Images);

        // The stalled request is still held, and still holds only its own place.
        await WaitUntilAsync(() => server.Health.Answering == 1, "the listener to let go of the answered requests");
    }

    [Fact]
    public async Task A_client_that_never_finishes_its_headers_holds_no_place()
    {
        // One place only: were a client still sending its headers to hold it, the probe would wait.
        await using var server = await Listening.StartAsync(new PushTrigger(), new ListenerLimits(1, TimeSpan.FromMinutes(5)));
        using var partial = new TcpClient();
        await partial.ConnectAsync(IPAddress.Loopback, server.Port);
        await partial.GetStream().WriteAsync(Encoding.ASCII.GetBytes($"POST {PushNotifications.RegistryPath} HTTP/1.1\r\nHost: 127.0.0.1\r\n"));

        using var http = new HttpClient { Timeout = Bound };
        using var health = await http.GetAsync(new Uri($"{server.Root}healthz"));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        await WaitUntilAsync(() => server.Health.Answering == 0, "the listener to let go of the probe");
    }

    [Fact]
    public async Task Clients_that_never_finish_are_dropped_at_the_deadline_and_never_more_are_answered_at_once_than_the_bound()
    {
        await using var server = await Listening.StartAsync(new PushTrigger(), new ListenerLimits(2, TimeSpan.FromMilliseconds(300)));

        var stalled = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                stalled.Add(await server.SendHeadersAsync(contentLength: 4096, bodyStart: "{\"events\":"));
            }

            // Each connection ends from the listener's side: the client reads the end of the stream (or a reset).
            foreach (var client in stalled)
            {
                await ReadUntilClosedAsync(client);
            }
        }
        finally
        {
            stalled.ForEach(c => c.Dispose());
        }

        await WaitUntilAsync(() => server.Health.Answering == 0, "the listener to let go of every dropped request");
        Assert.InRange(server.Health.PeakAnswering, 1, 2);

        // The listener still answers after the crowd.
        using var http = new HttpClient { Timeout = Bound };
        using var health = await http.GetAsync(new Uri($"{server.Root}healthz"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task A_stop_lets_a_notification_that_is_being_received_finish_and_be_answered()
    {
        var trigger = new PushTrigger();
        await using var server = await Listening.StartAsync(trigger, new ListenerLimits(4, TimeSpan.FromMinutes(5)));
        var body = Encoding.UTF8.GetBytes(Notification);
        using var slow = await server.SendHeadersAsync(contentLength: body.Length, bodyStart: "");
        await slow.GetStream().WriteAsync(body.AsMemory(0, 10));
        await WaitUntilAsync(() => server.Health.Answering == 1, "the listener to take the request");

        var stop = server.Health.StopAsync(CancellationToken.None);
        Assert.False(stop.IsCompleted, "the stop waits for the answer under way");
        await slow.GetStream().WriteAsync(body.AsMemory(10));
        var answer = await ReadUntilClosedAsync(slow);
        await stop.WaitAsync(Bound);

        Assert.StartsWith("HTTP/1.1 202", answer, StringComparison.Ordinal);
        Assert.Equal(["registry.example:5000/team/app"], trigger.Take().Images);
    }

    [Fact]
    public async Task A_body_larger_than_the_limit_is_refused_without_being_read_to_its_end()
    {
        var trigger = new PushTrigger();
        await using var server = await Listening.StartAsync(trigger, ListenerLimits.Default);

        // Chunked, so no Content-Length announces the size: the listener counts what it reads.
        using var http = new HttpClient { Timeout = Bound };
        using var content = new StreamContent(new MemoryStream(new byte[PushNotifications.MaxBodyBytes + 1]));
        content.Headers.TryAddWithoutValidation("Content-Type", PushNotifications.DistributionMediaType);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{server.Root}{PushNotifications.RegistryPath.TrimStart('/')}")) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Secret);
        HttpStatusCode? status;
        try
        {
            using var answer = await http.SendAsync(request);
            status = answer.StatusCode;
        }
        catch (HttpRequestException)
        {
            // The listener may close the connection before the client has sent the rest.
            status = null;
        }

        Assert.True(status is null or HttpStatusCode.RequestEntityTooLarge, $"answered {status}");
        Assert.Empty(trigger.Take().Images);
    }

    private static async Task<string> ReadUntilClosedAsync(TcpClient client)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await client.GetStream().ReadAsync(buffer).AsTask().WaitAsync(Bound)) > 0)
            {
                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (IOException)
        {
            // A reset is an end too.
        }

        return text.ToString();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > Bound)
            {
                throw new TimeoutException($"waited {Bound.TotalSeconds} s for {what}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>A started listener on a free loopback port, stopped (bounded) at the end of the test.</summary>
    private sealed class Listening : IAsyncDisposable
    {
        private Listening(HealthServer health, int port)
        {
            Health = health;
            Port = port;
        }

        public HealthServer Health { get; }

        public int Port { get; }

        public string Root => $"http://127.0.0.1:{Port}/";

        public static async Task<Listening> StartAsync(PushTrigger trigger, ListenerLimits limits)
        {
            var port = WorkerCommandTests.FreeLoopbackPort();
            var health = new HealthServer(new HealthEndpointOptions("127.0.0.1", port, "repo", "0 0 1 1 *"), new WorkerStatus(), NullLogger<HealthServer>.Instance, new PushNotificationEndpoint(Secret, trigger), limits);
            await health.StartAsync(CancellationToken.None);
            return new Listening(health, port);
        }

        /// <summary>A raw connection that has sent a notification's headers and the start of its body.</summary>
        public async Task<TcpClient> SendHeadersAsync(int contentLength, string bodyStart)
        {
            var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var headers = $"POST {PushNotifications.RegistryPath} HTTP/1.1\r\nHost: 127.0.0.1:{Port}\r\nAuthorization: Bearer {Secret}\r\nContent-Type: {PushNotifications.DistributionMediaType}\r\nContent-Length: {contentLength}\r\nConnection: close\r\n\r\n{bodyStart}";
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(headers));
            return client;
        }

        public async ValueTask DisposeAsync()
        {
            using var bounded = new CancellationTokenSource(Bound);
            await Health.StopAsync(bounded.Token).WaitAsync(Bound);
            Health.Dispose();
        }
    }
}
