using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace GitStreamSync.Core.Read;

/// <summary>
/// A pure function over the files of a repository, on every core, the results in the input's order.
/// A failure surfaces as itself (the first one), as it would from a loop, not wrapped.
/// </summary>
internal static class InParallel
{
    /// <summary>
    /// Fewer items than this are mapped in a plain loop: for a handful of files the threads cost
    /// more than they save, and a small run (validate of a few files) starts no parallel machinery.
    /// </summary>
    public const int SequentialBelow = 32;

    public static TResult[] Map<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, TResult> map)
    {
        var results = new TResult[items.Count];
        if (items.Count < SequentialBelow)
        {
            for (var index = 0; index < items.Count; index++)
            {
                results[index] = map(items[index]);
            }

            return results;
        }

        MapOnEveryCore(items, map, results);
        return results;
    }

    // Its own method, never inlined: code compiled ahead of time binds every library a method
    // names when the method is first entered, so the loop above alone loads no parallel library.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void MapOnEveryCore<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, TResult> map, TResult[] results)
    {
        try
        {
            Parallel.For(0, items.Count, index => results[index] = map(items[index]));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }
}
