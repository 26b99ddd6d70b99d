using GitStreamSync.Core.Ports;
using System.Globalization;
using Microsoft.Extensions.Logging;
using GitStreamSync.Adapters.Resilience;
using Octokit;
using Polly;
using Polly.Retry;

namespace GitStreamSync.Adapters.GitHub;

/// <summary>
/// Runs one GitHub call, waits out rate limits a bounded number of times, and turns every other
/// Octokit failure into a <see cref="PullRequestPublishException"/> that says what to fix.
/// Secondary rate limits answer 403 or 429 with <c>Retry-After</c> (seconds); primary ones answer
/// with <c>x-ratelimit-remaining: 0</c> and <c>x-ratelimit-reset</c> (epoch seconds). The waits go
/// through the same retry pipeline as registry calls (<see cref="TransientRetry"/>) with
/// <see cref="RetryLimits.GitHub"/>: a wait longer than its cap is not attempted, and the run stops
/// and says when to run again. Other failures are not retried: a pull request created twice would
/// be a second pull request.
/// </summary>
internal sealed class GitHubRetryPolicy
{
    // GitHub's guidance when a secondary limit names no wait: at least one minute.
    private static readonly TimeSpan DefaultSecondaryWait = TimeSpan.FromSeconds(60);

    private static readonly ResiliencePropertyKey<string> Operation = new("gitstreamsync.github.operation");

    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly ResiliencePipeline<object?> pipeline;

    public GitHubRetryPolicy(TimeProvider time, ILogger logger, RetryLimits? limits = null)
    {
        this.time = time;
        this.logger = logger;
        pipeline = TransientRetry.Build<object?>(limits ?? RetryLimits.GitHub, time, Transient, LogRetry);
    }

    public async Task<T> RunAsync<T>(string operation, GitHubTarget target, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var attempts = 0;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(Operation, operation);
        try
        {
            return (T)(await pipeline.ExecuteAsync(
                async c =>
                {
                    c.CancellationToken.ThrowIfCancellationRequested();
                    attempts++;
                    return (object?)await call().WaitAsync(c.CancellationToken).ConfigureAwait(false);
                },
                context).ConfigureAwait(false))!;
        }
        catch (ApiException ex) when (RateLimitWait(ex) is { } wait)
        {
            throw new PullRequestPublishException(PullRequestFailureKind.RateLimited,
                $"GitHub's rate limit stopped {operation} on {target.FullName} ({GitHubFailures.Answer(ex)}) after {attempts} attempts; " +
                $"GitHub asks to wait {Seconds(wait)}. The branch is pushed: run again after that, or lower the run frequency or pullRequests.maxOpen.", ex);
        }
        catch (ApiException ex)
        {
            throw GitHubFailures.Explain(ex, operation, target);
        }
        catch (HttpRequestException ex)
        {
            throw GitHubFailures.Unreachable(ex, operation, target);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw GitHubFailures.Unreachable(ex, operation, target);
        }
        catch (GitHubAnswerException ex)
        {
            throw GitHubFailures.NotAnApiAnswer(ex, operation, target);
        }
        catch (Exception ex) when (ex is System.Runtime.Serialization.SerializationException or FormatException or InvalidCastException or OverflowException)
        {
            // Octokit could not read the answer (a proxy's page, truncated or wrong-typed JSON).
            throw GitHubFailures.NotAnApiAnswer(ex, operation, target);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private TransientFault? Transient(Outcome<object?> outcome) =>
        outcome.Exception is ApiException ex && RateLimitWait(ex) is { } wait ? new TransientFault(wait) : null;

    private ValueTask LogRetry(OnRetryArguments<object?> retrying)
    {
        logger.LogWarning("GitHub rate limit on {Operation}: waiting {Seconds} before attempt {Attempt}",
            retrying.Context.Properties.GetValue(Operation, "a call"), Seconds(retrying.RetryDelay), retrying.AttemptNumber + 2);
        return default;
    }

    private TimeSpan? RateLimitWait(ApiException ex)
    {
        var status = (int)ex.StatusCode;
        var headers = ex.HttpResponse?.Headers;
        var retryAfter = Header(headers, "Retry-After");
        if (status is 403 or 429 && retryAfter is not null && int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(Math.Max(seconds, 1));
        }

        if (status is 403 or 429 && Header(headers, "x-ratelimit-remaining") == "0"
            && long.TryParse(Header(headers, "x-ratelimit-reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var reset))
        {
            var wait = DateTimeOffset.FromUnixTimeSeconds(reset) - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait + TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(1);
        }

        return ex is SecondaryRateLimitExceededException || status == 429 ? DefaultSecondaryWait : null;
    }

    private static string? Header(IReadOnlyDictionary<string, string>? headers, string name) =>
        headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static string Seconds(TimeSpan wait) => $"{Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s";
}
