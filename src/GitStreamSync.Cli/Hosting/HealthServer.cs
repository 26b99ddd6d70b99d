using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Cli.Hosting;

/// <summary>Where <c>--health-port</c> listens and what /healthz says about the worker.</summary>
internal sealed record HealthEndpointOptions(string Address, int Port, string Repository, string Schedule)
{
    /// <summary>The HttpListener prefix; <c>0.0.0.0</c>, <c>*</c> and <c>+</c> mean every interface.</summary>
    public string Prefix => Address is "0.0.0.0" or "*" or "+" or "::"
        ? $"http://+:{Port}/"
        : $"http://{(Address.Contains(':', StringComparison.Ordinal) ? $"[{Address}]" : Address)}:{Port}/";
}

/// <summary>
/// Serves GET /healthz (JSON: last run time and outcome, next run) and GET /metrics (Prometheus
/// text) from the worker's <see cref="WorkerStatus"/>. /healthz answers 200 while the worker loop
/// lives, whatever the last run did: a failing registry must not make Kubernetes restart the pod;
/// alert on <c>gitstreamsync_consecutive_failed_runs</c> instead.
/// </summary>
internal sealed class HealthServer(HealthEndpointOptions options, WorkerStatus status, ILogger<HealthServer> logger) : IHostedService, IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private readonly HttpListener listener = new();
    private Task? serving;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        listener.Prefixes.Add(options.Prefix);
        listener.Start();
        WorkerLog.HealthListening(logger, options.Prefix);
        serving = Task.Run(ServeAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (listener.IsListening)
        {
            listener.Stop();
        }

        if (serving is not null)
        {
            await serving.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => ((IDisposable)listener).Dispose();

    public static string HealthJson(WorkerSnapshot snapshot, string repository, string schedule)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var body = new
        {
            Status = snapshot.LastResult == RunResult.Failed ? "failing" : "ok",
            Repository = repository,
            Schedule = schedule,
            Running = snapshot.Running,
            LastRunAt = snapshot.LastRunAt?.UtcDateTime,
            LastOutcome = snapshot.LastResult is { } result ? PrometheusText.Outcome(result) : null,
            LastMessage = snapshot.LastMessage,
            LastCompletedRunAt = snapshot.LastSuccessAt?.UtcDateTime,
            NextRunAt = snapshot.NextRunAt?.UtcDateTime,
            snapshot.ConsecutiveFailures,
        };
        return JsonSerializer.Serialize(body, Json);
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                await AnswerAsync(context).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is HttpListenerException or IOException or ObjectDisposedException)
            {
                // A scraper that hangs up early is its own problem, not the worker's.
                WorkerLog.HealthRequestFailed(logger, exception.Message);
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var response = context.Response;
        var path = context.Request.Url?.AbsolutePath.TrimEnd('/') ?? "";
        (int Status, string ContentType, string Body) answer = (context.Request.HttpMethod, path) switch
        {
            ("GET" or "HEAD", "/healthz") => (200, "application/json; charset=utf-8", HealthJson(status.Snapshot(), options.Repository, options.Schedule) + "\n"),
            ("GET" or "HEAD", "/metrics") => (200, PrometheusText.ContentType, PrometheusText.Render(status.Snapshot())),
            ("GET" or "HEAD", _) => (404, "text/plain; charset=utf-8", "not found: try /healthz or /metrics\n"),
            _ => (405, "text/plain; charset=utf-8", "method not allowed\n"),
        };
        var bytes = Encoding.UTF8.GetBytes(answer.Body);
        response.StatusCode = answer.Status;
        response.ContentType = answer.ContentType;
        response.ContentLength64 = bytes.Length;
        if (context.Request.HttpMethod != "HEAD")
        {
            await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        }

        response.Close();
    }
}
