using GitStreamSync.Core.Images;
using GitStreamSync.Core.Record;
namespace GitStreamSync.Core.Rollback;

/// <summary>The digests rejected per tag, as derived by <see cref="RejectionFinder"/>; ordered by tag key, then digest.</summary>
internal sealed class RejectionSet
{
    private readonly Dictionary<(TagKey Key, Digest Digest), RejectedDigest> byTag = [];

    public RejectionSet(IEnumerable<RejectedDigest> rejected)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        All = rejected
            .OrderBy(r => r.Key.ToString(), StringComparer.Ordinal)
            .ThenBy(r => r.Digest.ToString(), StringComparer.Ordinal)
            .ToList();
        foreach (var r in All)
        {
            byTag.TryAdd((r.Key, r.Digest), r);
        }
    }

    public static RejectionSet Empty { get; } = new([]);

    public IReadOnlyList<RejectedDigest> All { get; }

    public int Count => All.Count;

    public RejectedDigest? Find(TagKey key, Digest digest) => byTag.GetValueOrDefault((key, digest));

    public IEnumerable<RejectedDigest> For(TagKey key) => All.Where(r => r.Key == key);
}
