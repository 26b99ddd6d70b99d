using System.Text.Json.Serialization;

namespace GitStreamSync.Adapters.Registry;

/// <summary>
/// The on-disk cache's documents (an index's entries, a pack of indexes, an image's config facts), serialized by
/// code generated at build time rather than by reflection: nothing to discover on each run's first
/// cache access, and the cache works in a build without run-time reflection or code generation
/// (trimmed, Native AOT). Property names as written by earlier versions, so their caches stay valid.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(List<IndexCacheEntry>))]
[JsonSerializable(typeof(List<IndexPackEntry>))]
[JsonSerializable(typeof(CachedImageFacts))]
internal sealed partial class RegistryCacheJson : JsonSerializerContext;

/// <summary>One entry of an index as the index cache stores it; every member may be missing from a damaged file.</summary>
internal sealed record IndexCacheEntry(string? Digest, string? MediaType, string? Os, string? Architecture, string? Variant);

/// <summary>One index in a pack file of the index cache: its digest and its entries; members may be missing from a damaged file.</summary>
internal sealed record IndexPackEntry(string? Index, List<IndexCacheEntry>? Entries);
