using System.Net;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using GitStreamSync.Core.Read;

namespace GitStreamSync.Cli.Hosting;

/// <summary>Where <c>--health-port</c> listens and what /healthz says about the worker.</summary>
internal sealed record HealthEndpointOptions(string Address, int Port, string Repository, string Schedule)
{
    /// <summary>The HttpListener prefix; <c>0.0.0.0</c>, <c>*</c> and <c>+</c> mean every interface.</summary>
    public string Prefix => PrefixOf(Address, Port);

    /// <summary><c>--listen</c> when it names another address or port than the health endpoint: the same listener serves both.</summary>
    public (string Address, int Port)? Listen { get; init; }

    public static string PrefixOf(string address, int port) => address is "0.0.0.0" or "*" or "+" or "::"
        ? $"http://+:{port}/"
        : $"http://{(address.Contains(':', StringComparison.Ordinal) ? $"[{address}]" : address)}:{port}/";
}

/// <summary>Where push notifications go once accepted, and the secret that authenticates them (never printed).</summary>
internal sealed class PushNotificationEndpoint(string secret, PushTrigger trigger)
{
    public string Secret => secret;

    public PushTrigger Trigger => trigger;

    public override string ToString() => "PushNotificationEndpoint { Secret = *** }";
}

/// <summary>
/// Serves GET /healthz (JSON: last run time and outcome, next run) and GET /metrics (Prometheus
/// text) from the worker's <see cref="WorkerStatus"/>. /healthz answers 200 while the worker loop
/// lives, whatever the last run did: a failing registry must not make Kubernetes restart the pod;
/// alert on <c>gitstreamsync_consecutive_failed_runs</c> instead. With <c>--listen</c> it also takes
/// registry push notifications (<see cref="PushNotifications"/>) and hands them to the worker loop.
/// </summary>
internal sealed class HealthServer(
    HealthEndpointOptions options,
    WorkerStatus status,
    ILogger<HealthServer> logger,
    PushNotificationEndpoint? notifications = null,
    ListenerLimits? limits = null) : IHostedService, IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ListenerLimits limits = limits ?? ListenerLimits.Default;
    private readonly SemaphoreSlim places = new((limits ?? ListenerLimits.Default).MaxConnections);
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock gate = new();
    private readonly HashSet<Task> answering = [];
    private int active;
    private int peak;
    private Task? serving;

    /// <summary>Requests being answered now (each holds one of <see cref="ListenerLimits.MaxConnections"/> until it is let go).</summary>
    internal int Answering
    {
        get
        {
            lock (gate)
            {
                return active;
            }
        }
    }

    /// <summary>The most requests answered at once since the start.</summary>
    internal int PeakAnswering
    {
        get
        {
            lock (gate)
            {
                return peak;
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        listener.Prefixes.Add(options.Prefix);
        if (options.Listen is { } listen && HealthEndpointOptions.PrefixOf(listen.Address, listen.Port) is var other && other != options.Prefix)
        {
            listener.Prefixes.Add(other);
        }

        listener.Start();
        foreach (var prefix in listener.Prefixes)
        {
            WorkerLog.HealthListening(logger, prefix);
        }
        serving = Task.Run(ServeAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Lets the answers under way finish (each ends by its deadline) unless the host's stop timeout
    /// comes first, then drops what is left and stops listening. A notification half-received when
    /// the worker stops is lost either way: the sender sees no answer and sends it again.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(Snapshot()).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The host will not wait longer: cut the answers still reading or writing.
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        if (listener.IsListening)
        {
            listener.Stop();
        }

        if (serving is not null)
        {
            await serving.ConfigureAwait(false);
        }

        // Answers begun while the first ones finished; after the cancellation they end at once.
        await Task.WhenAll(Snapshot()).ConfigureAwait(false);
    }

    public void Dispose()
    {
        // Abort, not Dispose: on Linux and macOS, disposing a listener that has already stopped
        // removes its prefixes a second time, and removing a prefix whose port it no longer holds
        // binds that port again for a moment, failing with "Address already in use" when another
        // program took it since. Abort closes a listener that is still started the same way as
        // Dispose, and one that has stopped without touching the port.
        listener.Abort();
        stopping.Dispose();
        places.Dispose();
    }

    public static string HealthJson(WorkerSnapshot snapshot, string repository, string schedule)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var body = new Dictionary<string, object?>
        {
            ["status"] = Status(snapshot.LastResult),
            ["repository"] = repository,
            ["schedule"] = schedule,
            ["running"] = snapshot.Running,
            ["lastRunAt"] = snapshot.LastRunAt?.UtcDateTime,
            ["lastOutcome"] = snapshot.LastResult is { } result ? PrometheusText.Outcome(result) : null,
            ["lastMessage"] = snapshot.LastMessage,
            ["lastCompletedRunAt"] = snapshot.LastSuccessAt?.UtcDateTime,
            ["nextRunAt"] = snapshot.NextRunAt?.UtcDateTime,
            ["consecutiveFailures"] = snapshot.ConsecutiveFailures,
        };

        // A worker over several repositories: the status above is the least well repository's; each says its own.
        if (snapshot.Repositories.Count > 0)
        {
            body["repositories"] = snapshot.Repositories.Select(r => new Dictionary<string, object?>
            {
                ["repository"] = r.Repository,
                ["status"] = Status(r.LastResult),
                ["running"] = r.Running,
                ["lastRunAt"] = r.LastRunAt?.UtcDateTime,
                ["lastOutcome"] = r.LastResult is { } outcome ? PrometheusText.Outcome(outcome) : null,
                ["lastMessage"] = r.LastMessage,
                ["lastCompletedRunAt"] = r.LastSuccessAt?.UtcDateTime,
                ["consecutiveFailures"] = r.ConsecutiveFailures,
            }).ToList();
        }

        return JsonTree.ToText(body, indented: false);
    }

    // degraded: the run went through but some tags (a registry host that fails) got no answer.
    private static string Status(RunResult? result) => result switch
    {
        RunResult.Failed => "failing",
        RunResult.TagsFailed => "degraded",
        _ => "ok",
    };

    private Task[] Snapshot()
    {
        lock (gate)
        {
            return [.. answering];
        }
    }

    private async Task ServeAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await places.WaitAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                places.Release();
                return;
            }

            // Each request on its own, so the loop is back at the door at once.
            // Counted and tracked together, so a stop that sees it counted also waits for it.
            Task answer;
            lock (gate)
            {
                peak = Math.Max(peak, ++active);
                answer = Task.Run(() => AnswerOneAsync(context), CancellationToken.None);
                answering.Add(answer);
            }

            _ = answer.ContinueWith(
                done =>
                {
                    lock (gate)
                    {
                        answering.Remove(done);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    /// <summary>Answers one request within the deadline; never throws, whatever the client does.</summary>
    private async Task AnswerOneAsync(HttpListenerContext context)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
        deadline.CancelAfter(limits.RequestDeadline);
        try
        {
            await AnswerAsync(context, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            WorkerLog.HealthRequestFailed(logger, stopping.IsCancellationRequested
                ? "the worker stopped before the request was answered"
                : $"the client did not send its request and take the answer within {limits.RequestDeadline.TotalSeconds:0.#} s; dropped");
            Drop(context);
        }
#pragma warning disable CA1031 // One client's broken connection, whatever the listener throws for it, must not end the listener.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            // A scraper that hangs up early is its own problem, not the worker's.
            WorkerLog.HealthRequestFailed(logger, exception.Message);
            Drop(context);
        }
        finally
        {
            lock (gate)
            {
                active--;
            }

            places.Release();
        }
    }

    private static void Drop(HttpListenerContext context)
    {
        try
        {
            context.Response.Abort();
        }
#pragma warning disable CA1031 // The connection may be gone already; there is nothing left to close.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>Waits for an operation on the client's connection until <paramref name="cancellationToken"/>; the listener's streams do not honour it themselves.</summary>
    private static async Task Within(Task operation, CancellationToken cancellationToken)
    {
        try
        {
            await operation.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The connection is dropped next, which ends the operation; its failure is expected.
            _ = operation.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }
    }

    private async Task AnswerAsync(HttpListenerContext context, CancellationToken cancellationToken)
    {
        var response = context.Response;
        var path = context.Request.Url?.AbsolutePath.TrimEnd('/') ?? "";
        (int Status, string ContentType, string Body) answer = (context.Request.HttpMethod, path) switch
        {
            ("POST", PushNotifications.RegistryPath or PushNotifications.GitHubPath) when notifications is not null => await NotificationAsync(context.Request, path, notifications, cancellationToken).ConfigureAwait(false),
            ("GET" or "HEAD", "/healthz") => (200, "application/json; charset=utf-8", HealthJson(status.Snapshot(), options.Repository, options.Schedule) + "\n"),
            ("GET" or "HEAD", "/metrics") => (200, PrometheusText.ContentType, PrometheusText.Render(status.Snapshot())),
            ("GET" or "HEAD", _) => (404, "text/plain; charset=utf-8", "not found: try /healthz or /metrics\n"),
            ("POST", _) when notifications is not null => (404, "text/plain; charset=utf-8", $"not found: notifications go to {PushNotifications.RegistryPath} or {PushNotifications.GitHubPath}\n"),
            _ => (405, "text/plain; charset=utf-8", "method not allowed\n"),
        };
        var bytes = Encoding.UTF8.GetBytes(answer.Body);
        response.StatusCode = answer.Status;
        response.ContentType = answer.ContentType;
        response.ContentLength64 = bytes.Length;
        if (context.Request.HttpMethod != "HEAD")
        {
            await Within(response.OutputStream.WriteAsync(bytes, CancellationToken.None).AsTask(), cancellationToken).ConfigureAwait(false);
        }

        response.Close();
    }

    private async Task<(int Status, string ContentType, string Body)> NotificationAsync(HttpListenerRequest request, string path, PushNotificationEndpoint endpoint, CancellationToken cancellationToken)
    {
        if (request.ContentLength64 > PushNotifications.MaxBodyBytes)
        {
            return (413, "text/plain; charset=utf-8", "notification too large\n");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var reading = request.InputStream.ReadAsync(chunk, 0, chunk.Length, CancellationToken.None);
            await Within(reading, cancellationToken).ConfigureAwait(false);
            var read = await reading.ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            if (buffer.Length + read > PushNotifications.MaxBodyBytes)
            {
                return (413, "text/plain; charset=utf-8", "notification too large\n");
            }

            buffer.Write(chunk, 0, read);
        }

        var body = buffer.ToArray();
        var answer = path == PushNotifications.RegistryPath
            ? PushNotifications.FromRegistry(request.Headers["Authorization"], request.ContentType, body, endpoint.Secret)
            : PushNotifications.FromGitHub(request.Headers["X-Hub-Signature-256"], request.Headers["X-GitHub-Event"], body, endpoint.Secret);
        if (answer.Status >= 400)
        {
            WorkerLog.NotificationRefused(logger, path, answer.Status, answer.Message);
        }
        else if (answer.Images.Count > 0)
        {
            endpoint.Trigger.Add(answer.Images, answer.Tags);
            WorkerLog.NotificationAccepted(logger, path, string.Join(", ", answer.Images));
        }

        return (answer.Status, "text/plain; charset=utf-8", answer.Message + "\n");
    }
}
