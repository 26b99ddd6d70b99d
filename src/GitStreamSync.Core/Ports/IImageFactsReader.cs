using GitStreamSync.Core.Images;
namespace GitStreamSync.Core.Ports;

/// <summary>
/// Reads what a reviewer asks about an image beyond its digest (Adapters/Registry): the provenance
/// labels of its config, its creation time and, for an index, the platforms it offers. Only digests
/// a run is about to propose are read, each once; the answers are cached by digest, since a digest's
/// content never changes. A digest that cannot be read is a value (<see cref="ImageFacts.Unreadable"/>).
/// </summary>
public interface IImageFactsReader
{
    Task<IReadOnlyDictionary<ImageFactsRequest, ImageFacts>> ReadAllAsync(IReadOnlyCollection<ImageFactsRequest> requests, CancellationToken cancellationToken);
}

/// <summary>
/// One digest to read: <see cref="Image"/> is the repository with the digest (<c>ubuntu@sha256:…</c>);
/// <see cref="IndexDigest"/> the index it was chosen from (its platform list is shown); for an index kept
/// whole the child of <see cref="Platform"/> is read. <see cref="Insecure"/> as in <see cref="ResolveRequest"/>.
/// </summary>
public sealed record ImageFactsRequest(ImageReference Image, Digest? IndexDigest, PlatformPreference Platform, bool Insecure = false);

/// <summary>
/// What is known about one image digest. <see cref="Labels"/> holds only the OCI keys of
/// <see cref="ProvenanceLabels.Shown"/> (config labels, overridden by manifest annotations), each cut
/// to <see cref="ProvenanceLabels.MaxValueCharacters"/>. <see cref="Created"/> is the config's
/// <c>created</c>; <see cref="FirstSeen"/> when this tool first read the digest (kept with the cache).
/// </summary>
public sealed record ImageFacts(Digest Digest)
{
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public DateTimeOffset? Created { get; init; }
    public DateTimeOffset? FirstSeen { get; init; }

    /// <summary>The platforms of the index the digest belongs to, in the index's order; empty for a plain manifest.</summary>
    public IReadOnlyList<Platform> Platforms { get; init; } = [];

    /// <summary>The platform whose config was read (the chosen child of an index).</summary>
    public Platform? Chosen { get; init; }

    /// <summary>Why nothing could be read (the registry's answer, naming the image); null when read.</summary>
    public string? Unreadable { get; init; }

    public bool Equals(ImageFacts? other) =>
        other is not null && Digest == other.Digest && Created == other.Created && FirstSeen == other.FirstSeen
        && Chosen == other.Chosen && Unreadable == other.Unreadable
        && Platforms.SequenceEqual(other.Platforms)
        && Labels.Count == other.Labels.Count && Labels.All(l => other.Labels.TryGetValue(l.Key, out var v) && v == l.Value);

    public override int GetHashCode() => HashCode.Combine(Digest, Created, Labels.Count);
}

/// <summary>The OCI annotation keys a reviewer reads (image-spec annotations.md), in the order they are shown.</summary>
public static class ProvenanceLabels
{
    public const string Version = "org.opencontainers.image.version";
    public const string Revision = "org.opencontainers.image.revision";
    public const string Source = "org.opencontainers.image.source";
    public const string Created = "org.opencontainers.image.created";
    public const string BaseName = "org.opencontainers.image.base.name";
    public const string BaseDigest = "org.opencontainers.image.base.digest";

    /// <summary>Longer values are cut: they come from whoever built the image.</summary>
    public const int MaxValueCharacters = 200;

    public static IReadOnlyList<string> Shown { get; } = [Version, Revision, Source, Created, BaseName, BaseDigest];

    /// <summary><paramref name="value"/>, cut to <see cref="MaxValueCharacters"/> with an ellipsis when longer.</summary>
    public static string Bounded(string value) =>
        value.Length <= MaxValueCharacters ? value : value[..MaxValueCharacters] + "…";
}
