using System.Diagnostics.CodeAnalysis;
using Polly;
using Polly.Retry;

namespace GitStreamSync.Adapters.Resilience;

/// <summary>
/// What one failed attempt says about trying again: it is transient, and the server named a wait
/// (<see cref="Wait"/>: <c>Retry-After</c> or a rate-limit reset) or left it to the backoff (null).
/// </summary>
internal readonly record struct TransientFault(TimeSpan? Wait);

/// <summary>
/// The one retry pipeline of registry and GitHub calls (Polly): attempts, exponential backoff with
/// jitter, a server's wait honoured up to the cap, and the delays taken from the given
/// <see cref="TimeProvider"/>, so that a test clock decides how long a retry waits. Each caller says
/// which outcomes are transient and what wait they name; anything else is returned or thrown at once.
/// </summary>
internal static class TransientRetry
{
    /// <param name="classify">A transient fault for an outcome worth trying again, else null.</param>
    /// <param name="onRetry">Told before each wait (to log it).</param>
    // Polly's retry asks trimming to keep every member of the result type: the result types here are
    // the tool's own small ones, kept whole at no cost, and a trimmed or Native AOT build stays free of warnings.
    public static ResiliencePipeline<T> Build<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>(
        RetryLimits limits,
        TimeProvider time,
        Func<Outcome<T>, TransientFault?> classify,
        Func<OnRetryArguments<T>, ValueTask>? onRetry = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(classify);
        if (limits.MaxAttempts <= 1)
        {
            return ResiliencePipeline<T>.Empty;
        }

        var options = new RetryStrategyOptions<T>
        {
            MaxRetryAttempts = limits.MaxAttempts - 1,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = limits.BaseDelay,
            // A server that asks for a longer wait than the cap gets its answer returned now: the
            // caller reports it (rate limited, run again later) instead of holding the run.
            ShouldHandle = args => ValueTask.FromResult(classify(args.Outcome) is { } fault && !(fault.Wait > limits.MaxRetryAfter)),
            DelayGenerator = args => ValueTask.FromResult(
                classify(args.Outcome)?.Wait is { } wait ? (TimeSpan?)(wait > TimeSpan.Zero ? wait : TimeSpan.Zero) : null),
            OnRetry = args => onRetry?.Invoke(args) ?? default,
        };
        return new ResiliencePipelineBuilder<T> { TimeProvider = time }.AddRetry(options).Build();
    }
}
