
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
namespace GitStreamSync.Adapters.Tests.Git;

/// <summary>Answers (and tag listings) from tables keyed by the reference as written; unknown references and repositories are NotFound.</summary>
internal sealed class FakeDigestResolver : IDigestResolver, IRepositoryTagLister
{
    private readonly Dictionary<string, ResolutionOutcome> answers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> listings = new(StringComparer.Ordinal);

    /// <summary>Runs inside every resolution call: lets a test move a branch "during the run".</summary>
    public Action? DuringResolve { get; set; }

    public int Calls { get; private set; }

    public FakeDigestResolver Answer(string reference, Digest digest)
    {
        answers[reference] = new Resolved(digest, "application/vnd.oci.image.manifest.v1+json");
        return this;
    }

    /// <summary>The tags <c>tags/list</c> names for <paramref name="repository"/> (a spec.dockerImageRepository as written).</summary>
    public FakeDigestResolver Lists(string repository, params string[] tags)
    {
        listings[repository] = tags;
        return this;
    }

    public Task<IReadOnlyDictionary<TagListRequest, TagListing>> ListTagsAsync(IReadOnlyCollection<TagListRequest> requests, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<TagListRequest, TagListing> result = requests.Distinct().ToDictionary(
            r => r,
            r => listings.TryGetValue(r.Repository.ToString(), out var tags)
                ? TagListing.Listed(tags)
                : TagListing.Failed(new ResolutionFailed(ResolutionFailureKind.NotFound, $"{r.Repository}: repository unknown")));
        return Task.FromResult(result);
    }

    public FakeDigestResolver Fail(string reference, ResolutionFailureKind kind, string message)
    {
        answers[reference] = new ResolutionFailed(kind, message);
        return this;
    }

    public Task<IReadOnlyDictionary<ResolveRequest, ResolutionOutcome>> ResolveAllAsync(IReadOnlyCollection<ResolveRequest> requests, CancellationToken cancellationToken)
    {
        Calls++;
        DuringResolve?.Invoke();
        IReadOnlyDictionary<ResolveRequest, ResolutionOutcome> result = requests.Distinct().ToDictionary(
            r => r,
            r => answers.GetValueOrDefault(r.Reference.ToString()) ?? new ResolutionFailed(ResolutionFailureKind.NotFound, $"{r.Reference}: manifest unknown"));
        return Task.FromResult(result);
    }

    public static Digest DigestOf(string seed) => Digest.ComputeSha256(System.Text.Encoding.UTF8.GetBytes(seed));
}
