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
        status.Finished(start, TimeSpan.FromSeconds(3), new SyncRunOutcome
        {
            Result = RunResult.TagsFailed,
            TagsUpdated = 2,
            TagsFailed = 1,
            RegistryRequests = [new RegistryRequestCount("quay.io", 200, 4), new RegistryRequestCount("odd\"host\\", 0, 1)],
        }, failuresInARow: 0);
        status.Finished(start.AddMinutes(15), TimeSpan.FromSeconds(70), SyncRunOutcome.Failure("boom"), failuresInARow: 1);

        var text = PrometheusText.Render(status.Snapshot());

        Assert.Contains("# TYPE gitstreamsync_runs_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("gitstreamsync_runs_total{outcome=\"tags_failed\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("gitstreamsync_runs_total{outcome=\"failed\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("gitstreamsync_runs_total{outcome=\"succeeded\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("gitstreamsync_tags_total{outcome=\"updated\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("gitstreamsync_tags_total{outcome=\"failed\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("gitstreamsync_registry_requests_total{host=\"odd\\\"host\\\\\",status=\"0\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("gitstreamsync_registry_requests_total{host=\"quay.io\",status=\"200\"} 4\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("gitstreamsync_dockerhub_remaining_pulls", text, StringComparison.Ordinal);
        Assert.Contains("gitstreamsync_run_duration_seconds_bucket{le=\"1\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("gitstreamsync_run_duration_seconds_bucket{le=\"5\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("gitstreamsync_run_duration_seconds_bucket{le=\"60\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("gitstreamsync_run_duration_seconds_bucket{le=\"120\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("gitstreamsync_run_duration_seconds_bucket{le=\"+Inf\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("gitstreamsync_run_duration_seconds_sum 73\n", text, StringComparison.Ordinal);
        Assert.Contains("gitstreamsync_run_duration_seconds_count 2\n", text, StringComparison.Ordinal);
        Assert.Contains("gitstreamsync_consecutive_failed_runs 1\n", text, StringComparison.Ordinal);
        Assert.Contains("gitstreamsync_last_completed_run_timestamp_seconds 1795860900\n", text, StringComparison.Ordinal);

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
