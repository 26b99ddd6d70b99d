using GitStreamSync.Core.Ports;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Octokit;

namespace GitStreamSync.Adapters.GitHub;

/// <summary>
/// Runs one GitHub call, waits out rate limits a bounded number of times, and turns every other
/// Octokit failure into a <see cref="PullRequestPublishException"/> that says what to fix.
/// Secondary rate limits answer 403 or 429 with <c>Retry-After</c> (seconds); primary ones answer
/// with <c>x-ratelimit-remaining: 0</c> and <c>x-ratelimit-reset</c> (epoch seconds). A wait
/// longer than <see cref="MaxWait"/> is not attempted: the run stops and says when to run again.
/// </summary>
internal sealed class GitHubRetryPolicy(TimeProvider time, ILogger logger, Func<TimeSpan, CancellationToken, Task>? delay = null)
{
    // GitHub's guidance when a secondary limit names no wait: at least one minute.
    private static readonly TimeSpan DefaultSecondaryWait = TimeSpan.FromSeconds(60);

    public int MaxRetries { get; init; } = 3;
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromSeconds(90);

    private readonly Func<TimeSpan, CancellationToken, Task> _delay = delay ?? ((wait, ct) => Task.Delay(wait, time, ct));

    public async Task<T> RunAsync<T>(string operation, GitHubTarget target, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return await call().WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException ex) when (RateLimitWait(ex) is { } wait)
            {
                if (attempt >= MaxRetries || wait > MaxWait)
                {
                    throw new PullRequestPublishException(PullRequestFailureKind.RateLimited,
                        $"GitHub's rate limit stopped {operation} on {target.FullName} ({GitHubFailures.Answer(ex)}) after {attempt + 1} attempts; " +
                        $"GitHub asks to wait {Seconds(wait)}. The branch is pushed: run again after that, or lower the run frequency or pullRequests.maxOpen.", ex);
                }

                logger.LogWarning("GitHub rate limit on {Operation}: waiting {Seconds} before attempt {Attempt}", operation, Seconds(wait), attempt + 2);
                await _delay(wait, cancellationToken).ConfigureAwait(false);
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
        }
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
