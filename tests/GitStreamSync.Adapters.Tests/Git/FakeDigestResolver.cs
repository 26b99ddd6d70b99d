
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
namespace GitStreamSync.Adapters.Tests.Git;

/// <summary>Answers from a table keyed by the reference as written; unknown references are NotFound.</summary>
internal sealed class FakeDigestResolver : IDigestResolver
{
    private readonly Dictionary<string, ResolutionOutcome> answers = new(StringComparer.Ordinal);

    /// <summary>Runs inside every resolution call: lets a test move a branch "during the run".</summary>
    public Action? DuringResolve { get; set; }

    public int Calls { get; private set; }

    public FakeDigestResolver Answer(string reference, Digest digest)
    {
        answers[reference] = new Resolved(digest, "application/vnd.oci.image.manifest.v1+json");
        return this;
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
