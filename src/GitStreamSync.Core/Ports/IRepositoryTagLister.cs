using GitStreamSync.Core.Images;
namespace GitStreamSync.Core.Ports;

/// <summary>
/// Lists the tags of a repository (<c>GET /v2/NAME/tags/list</c>, every page) for
/// <c>spec.dockerImageRepository</c> (Adapters/Registry). A failure is a value for that repository
/// only; only cancellation and run-level faults throw.
/// </summary>
public interface IRepositoryTagLister
{
    Task<IReadOnlyDictionary<TagListRequest, TagListing>> ListTagsAsync(IReadOnlyCollection<TagListRequest> requests, CancellationToken cancellationToken);
}

/// <summary>A repository to list: a reference without tag or digest, and whether plain HTTP / unverified TLS is allowed.</summary>
public sealed record TagListRequest(ImageReference Repository, bool Insecure = false);

/// <summary>
/// The tags a registry listed, in the order it sent them (untrusted: Core checks each name), or why
/// they could not be listed. Exactly one of <see cref="Tags"/> and <see cref="Failure"/> says something.
/// </summary>
public sealed record TagListing(IReadOnlyList<string> Tags, ResolutionFailed? Failure)
{
    public static TagListing Listed(IReadOnlyList<string> tags) => new(tags, null);

    public static TagListing Failed(ResolutionFailed failure) => new([], failure);
}
