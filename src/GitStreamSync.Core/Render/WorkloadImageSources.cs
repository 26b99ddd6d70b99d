using GitStreamSync.Core.Read;

namespace GitStreamSync.Core.Render;

/// <summary>The reviewed tags a workload may name, by <c>STREAM:TAG</c> and namespace.</summary>
internal sealed class WorkloadImageSources(IReadOnlyList<ReviewedTag> reviewed, IReadOnlySet<ImageStreamDocument> localLookup)
{
    /// <summary>
    /// The reviewed tag named <paramref name="streamTag"/> in <paramref name="ns"/>; a stream or a
    /// workload without a namespace matches any, as a repository often leaves the namespace to the deploy.
    /// </summary>
    public ReviewedTag? Find(string streamTag, string? ns, bool requireLocalLookup) =>
        reviewed.FirstOrDefault(r => r.Name == streamTag
            && (ns is null || r.Stream.Namespace is null || r.Stream.Namespace == ns)
            && (!requireLocalLookup || localLookup.Contains(r.Stream)));

    /// <summary>True when <paramref name="image"/> is <c>STREAM:TAG</c> of a stream with local lookup (reviewed or not).</summary>
    public bool NamesLocalStreamTag(string image, string? ns)
    {
        var colon = image.LastIndexOf(':');
        if (colon <= 0 || image.Contains('/', StringComparison.Ordinal) || image.Contains('@', StringComparison.Ordinal))
        {
            return false;
        }

        var stream = image[..colon];
        return localLookup.Any(s => s.Name == stream && (ns is null || s.Namespace is null || s.Namespace == ns));
    }
}
