using GitStreamSync.Core.Read;
namespace GitStreamSync.Core.Plan;

/// <summary>
/// The generation written on this run's events and conditions in one stream. OpenShift uses
/// <c>metadata.generation + 1</c> and bumps <c>metadata.generation</c> and the spec tag's generation
/// with it (semantics 2.3, 2.7). The tool never writes spec or metadata, so it takes one more than the
/// largest generation the file already shows anywhere: metadata, spec tags, status items and
/// conditions. That keeps generations increasing across runs, makes the changed test
/// <c>spec generation &gt; items[0].generation</c> settle after one write, and depends only on the
/// file, so the same input gives the same value. One G per stream per run; it is written only where
/// the stream changes.
/// </summary>
internal static class StreamGeneration
{
    public static long Next(ImageStreamDocument stream)
    {
        var max = Math.Max(0, stream.Generation ?? 0);
        foreach (var tag in stream.SpecTags)
        {
            max = Math.Max(max, tag.Generation ?? 0);
        }

        foreach (var entry in stream.Status?.Tags ?? [])
        {
            foreach (var item in entry.Items)
            {
                max = Math.Max(max, item.Generation);
            }

            foreach (var condition in entry.Conditions)
            {
                max = Math.Max(max, condition.Generation);
            }
        }

        return max + 1;
    }
}
