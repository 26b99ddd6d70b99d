using System.Runtime.ExceptionServices;

namespace GitStreamSync.Core.Read;

/// <summary>
/// A pure function over the files of a repository, on every core, the results in the input's order.
/// A failure surfaces as itself (the first one), as it would from a loop, not wrapped.
/// </summary>
internal static class InParallel
{
    public static TResult[] Map<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, TResult> map)
    {
        var results = new TResult[items.Count];
        try
        {
            Parallel.For(0, items.Count, index => results[index] = map(items[index]));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        return results;
    }
}
