using System.Globalization;
using System.Text;

namespace GitStreamSync.Cli.Hosting;

/// <summary>
/// Renders the worker's metrics in the Prometheus text exposition format (version 0.0.4): HELP
/// and TYPE lines, one sample per line, label values escaped. Hand-written on purpose: five
/// metric families do not justify a metrics library with its own global registry (README, Schedules).
/// </summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Render(WorkerSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var text = new StringBuilder();

        Family(text, "gitstreamsync_runs_total", "counter", "Sync runs by outcome.");
        foreach (var (result, count) in snapshot.Runs.OrderBy(r => r.Key))
        {
            Sample(text, "gitstreamsync_runs_total", count, ("outcome", Outcome(result)));
        }

        Family(text, "gitstreamsync_tags_total", "counter", "Due tags resolved, by outcome.");
        foreach (var (outcome, count) in snapshot.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            Sample(text, "gitstreamsync_tags_total", count, ("outcome", outcome));
        }

        Family(text, "gitstreamsync_registry_requests_total", "counter", "Registry HTTP requests by host and status (0 = no response).");
        foreach (var request in snapshot.RegistryRequests)
        {
            Sample(text, "gitstreamsync_registry_requests_total", request.Count, ("host", request.Host), ("status", request.Status.ToString(CultureInfo.InvariantCulture)));
        }

        if (snapshot.DockerHubRemainingPulls is { } remaining)
        {
            Family(text, "gitstreamsync_dockerhub_remaining_pulls", "gauge", "Docker Hub ratelimit-remaining as last reported.");
            Sample(text, "gitstreamsync_dockerhub_remaining_pulls", remaining);
        }

        Family(text, "gitstreamsync_run_duration_seconds", "histogram", "Duration of sync runs.");
        for (var i = 0; i < WorkerStatus.DurationBuckets.Length; i++)
        {
            Sample(text, "gitstreamsync_run_duration_seconds_bucket", snapshot.DurationBucketCounts[i], ("le", Number(WorkerStatus.DurationBuckets[i])));
        }

        Sample(text, "gitstreamsync_run_duration_seconds_bucket", snapshot.DurationCount, ("le", "+Inf"));
        Sample(text, "gitstreamsync_run_duration_seconds_sum", snapshot.DurationSum);
        Sample(text, "gitstreamsync_run_duration_seconds_count", snapshot.DurationCount);

        Family(text, "gitstreamsync_consecutive_failed_runs", "gauge", "Failed runs in a row; 0 after a run that completed.");
        Sample(text, "gitstreamsync_consecutive_failed_runs", snapshot.ConsecutiveFailures);
        if (snapshot.LastRunAt is { } last)
        {
            Family(text, "gitstreamsync_last_run_timestamp_seconds", "gauge", "Start of the last finished run, Unix time.");
            Sample(text, "gitstreamsync_last_run_timestamp_seconds", last.ToUnixTimeSeconds());
        }

        if (snapshot.LastSuccessAt is { } success)
        {
            Family(text, "gitstreamsync_last_completed_run_timestamp_seconds", "gauge", "Start of the last run that completed (succeeded or tags failed), Unix time.");
            Sample(text, "gitstreamsync_last_completed_run_timestamp_seconds", success.ToUnixTimeSeconds());
        }

        if (snapshot.Repositories.Count > 0)
        {
            RenderRepositories(text, snapshot.Repositories);
        }

        return text.ToString();
    }

    public static string Outcome(RunResult result) => result switch
    {
        RunResult.Succeeded => "succeeded",
        RunResult.TagsFailed => "tags_failed",
        RunResult.Failed => "failed",
        _ => "cancelled",
    };

    /// <summary>A worker over several repositories: each one's runs, failures in a row and last completed run, labelled with the repository.</summary>
    private static void RenderRepositories(StringBuilder text, IReadOnlyList<RepositoryStatus> repositories)
    {
        Family(text, "gitstreamsync_repository_runs_total", "counter", "Sync runs of each repository by outcome.");
        foreach (var repository in repositories)
        {
            foreach (var result in Enum.GetValues<RunResult>())
            {
                Sample(text, "gitstreamsync_repository_runs_total", repository.Runs.GetValueOrDefault(result), ("repository", repository.Repository), ("outcome", Outcome(result)));
            }
        }

        Family(text, "gitstreamsync_repository_consecutive_failed_runs", "gauge", "Failed runs in a row of each repository.");
        foreach (var repository in repositories)
        {
            Sample(text, "gitstreamsync_repository_consecutive_failed_runs", repository.ConsecutiveFailures, ("repository", repository.Repository));
        }

        Family(text, "gitstreamsync_repository_last_completed_run_timestamp_seconds", "gauge", "Start of each repository's last run that completed, Unix time.");
        foreach (var repository in repositories.Where(r => r.LastSuccessAt is not null))
        {
            Sample(text, "gitstreamsync_repository_last_completed_run_timestamp_seconds", repository.LastSuccessAt!.Value.ToUnixTimeSeconds(), ("repository", repository.Repository));
        }
    }

    private static void Family(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder text, string name, double value, params (string Name, string Value)[] labels)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{');
            for (var i = 0; i < labels.Length; i++)
            {
                text.Append(i == 0 ? "" : ",").Append(labels[i].Name).Append("=\"").Append(Escape(labels[i].Value)).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(Number(value)).Append('\n');
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal);
}
