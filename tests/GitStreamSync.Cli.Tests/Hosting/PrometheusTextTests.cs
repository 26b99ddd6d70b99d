using GitStreamSync.Adapters.Secrets;
using GitStreamSync.Cli.Hosting;

namespace GitStreamSync.Cli.Tests.Hosting;

public sealed class PrometheusTextTests
{
    [Fact]
    public void Renders_counters_gauges_and_a_cumulative_histogram_with_escaped_labels()
    {
        var status = new WorkerStatus();
        var start = new DateTimeOffset(2026, 11, 28, 10, 15, 0, TimeSpan.Zero);
        var completed = new SyncRunOutcome
        {
            Result = RunResult.TagsFailed,
            TagsUpdated = 2,
            TagsFailed = 1,
            RegistryRequests = [new RegistryRequestCount("quay.io", 200, 4), new RegistryRequestCount("odd\"host\\", 0, 1)],
        };
        TimeSpan[] durations = [TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(70)];
        status.Finished(start, durations[0], completed, failuresInARow: 0);
        status.Finished(start.AddMinutes(15), durations[1], SyncRunOutcome.Failure("boom"), failuresInARow: 1);

        var text = PrometheusText.Render(status.Snapshot());

        // Every expected number comes from the runs recorded above.
        Assert.Contains("# TYPE gitstreamsync_runs_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("gitstreamsync_runs_total{outcome=\"tags_failed\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("gitstreamsync_runs_total{outcome=\"failed\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("gitstreamsync_runs_total{outcome=\"succeeded\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains($"gitstreamsync_tags_total{{outcome=\"updated\"}} {completed.TagsUpdated}\n", text, StringComparison.Ordinal);
        Assert.Contains($"gitstreamsync_tags_total{{outcome=\"failed\"}} {completed.TagsFailed}\n", text, StringComparison.Ordinal);
        Assert.Contains($"gitstreamsync_tags_total{{outcome=\"unchanged\"}} {completed.TagsUnchanged}\n", text, StringComparison.Ordinal);
        Assert.Contains("gitstreamsync_registry_requests_total{host=\"odd\\\"host\\\\\",status=\"0\"} 1\n", text, StringComparison.Ordinal);
        foreach (var request in completed.RegistryRequests)
        {
            var host = request.Host.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
            Assert.Contains($"gitstreamsync_registry_requests_total{{host=\"{host}\",status=\"{request.Status}\"}} {request.Count}\n", text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("gitstreamsync_dockerhub_remaining_pulls", text, StringComparison.Ordinal);
        foreach (var bound in WorkerStatus.DurationBuckets)
        {
            var within = durations.Count(d => d.TotalSeconds <= bound);
            Assert.Contains($"gitstreamsync_run_duration_seconds_bucket{{le=\"{bound.ToString(System.Globalization.CultureInfo.InvariantCulture)}\"}} {within}\n", text, StringComparison.Ordinal);
        }

        Assert.Contains($"gitstreamsync_run_duration_seconds_bucket{{le=\"+Inf\"}} {durations.Length}\n", text, StringComparison.Ordinal);
        Assert.Contains($"gitstreamsync_run_duration_seconds_sum {durations.Sum(d => d.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture)}\n", text, StringComparison.Ordinal);
        Assert.Contains($"gitstreamsync_run_duration_seconds_count {durations.Length}\n", text, StringComparison.Ordinal);
        Assert.Contains("gitstreamsync_consecutive_failed_runs 1\n", text, StringComparison.Ordinal);
        Assert.Contains($"gitstreamsync_last_run_timestamp_seconds {start.AddMinutes(15).ToUnixTimeSeconds()}\n", text, StringComparison.Ordinal);
        Assert.Contains($"gitstreamsync_last_completed_run_timestamp_seconds {start.ToUnixTimeSeconds()}\n", text, StringComparison.Ordinal);

        // Every line is a comment or "name{labels} value": what a Prometheus scrape accepts.
        Assert.All(text.Split('\n', StringSplitOptions.RemoveEmptyEntries), line =>
            Assert.Matches(@"^(# (HELP|TYPE) \w+ .+|\w+(\{.+\})? -?[0-9.e+]+)$", line));
    }

    [Fact]
    public void Secret_values_and_url_credentials_are_masked()
    {
        var masker = SecretSanitizer.FromEnvironment(new Dictionary<string, string>
        {
            ["GITSTREAMSYNC_REGISTRY_AUTH_QUAY_IO"] = "robot+bot:quaypassword",
            ["GITSTREAMSYNC_GITHUB_APP_PRIVATE_KEY"] = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n",
            ["GH_TOKEN"] = "abc",
            ["HOME"] = "/root",
        });

        Assert.Equal("auth *** failed", masker.Mask("auth robot+bot:quaypassword failed"));
        Assert.Equal("key line *** leaked", masker.Mask("key line MIIEpAIBAAKCAQEA leaked"));
        Assert.Equal("git clone ssh://***@host/repo and https://***@h/x", masker.Mask("git clone ssh://git:pw@host/repo and https://user@h/x"));
        Assert.Equal("abc stays: too short to be a token; /root is not a secret", masker.Mask("abc stays: too short to be a token; /root is not a secret"));
    }
}
