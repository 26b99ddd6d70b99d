using GitStreamSync.Core.Read;
namespace GitStreamSync.Core.Plan;

/// <summary>
/// The generation G written on this run's events and conditions in one stream: what OpenShift's
/// import would use, <c>metadata.generation + 1</c> of the stream as the cluster holds it (semantics
/// 2.3, 2.7). The cluster's generation is read from the file:
/// <list type="bullet">
/// <item><c>metadata.generation</c> when written (a stream read back from a cluster);</item>
/// <item>without it (or 0), 1: <c>oc apply</c> creates the stream at generation 1, so its first
/// import writes 2, as a stream created and then imported by the controller ends at 2;</item>
/// <item>at least the largest generation of the status already in the file: each import that
/// wrote an item or a condition raised <c>metadata.generation</c> to that value. The tool writes
/// status only and never bumps metadata, so this keeps G increasing across its own runs.</item>
/// </list>
/// Spec tag generations are not used: the server replaces any value a client sends other than 0
/// by its stored one and sets them all to 1 on create (2.7), so a value written in a file says
/// nothing about the cluster. One G per stream per run; it is written only where the stream changes.
/// </summary>
internal static class StreamGeneration
{
    /// <summary>The generation a stream gets when <c>oc apply</c> creates it (2.7).</summary>
    public const long OnCreate = 1;

    public static long Next(ImageStreamDocument stream)
    {
        var current = stream.Generation is { } written && written > 0 ? written : OnCreate;
        foreach (var entry in stream.Status?.Tags ?? [])
        {
            foreach (var item in entry.Items)
            {
                current = Math.Max(current, item.Generation);
            }

            foreach (var condition in entry.Conditions)
            {
                current = Math.Max(current, condition.Generation);
            }
        }

        return current + 1;
    }

    /// <summary>
    /// A spec tag's generation as the cluster holds it, for the "spec generation above the last
    /// import" test (2.3 step 1): the written value when it can be a stored one (below this run's
    /// <paramref name="next"/>, i.e. at most the stream's generation). A larger value is one the
    /// server replaces by its stored value on update and by 1 on create (2.7), so it asks for no import.
    /// </summary>
    public static long? SpecTagOnCluster(long? written, long next) =>
        written is { } generation && generation < next ? generation : null;
}
