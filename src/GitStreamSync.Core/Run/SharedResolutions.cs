using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;

namespace GitStreamSync.Core.Run;

/// <summary>
/// One run over many repositories asks each distinct reference once: the first repository that
/// needs it asks its registry, every other one (at the same time or later in the run) takes that
/// answer. Answers are keyed by the request alone (reference, import mode, platform preference,
/// insecure): a mirror serves the digest of its source, and credentials belong to the process, so
/// which repository asked changes nothing. Failures are shared too: a registry that refused or
/// timed out for one repository is not asked again for the next in the same run.
/// </summary>
public sealed class SharedResolutions
{
    private readonly Dictionary<ResolveRequest, Task<ResolutionOutcome>> answers = [];
    private readonly Lock gate = new();

    /// <summary>How many distinct requests went to a registry.</summary>
    public int Asked { get; private set; }

    /// <summary>How many requests were answered from what another repository (or an earlier one) asked.</summary>
    public int Shared { get; private set; }

    /// <summary>The resolver of one repository, answering through this run's shared answers.</summary>
    public IDigestResolver Through(IDigestResolver registries)
    {
        ArgumentNullException.ThrowIfNull(registries);
        return new Resolver(this, registries);
    }

    private sealed class Resolver(SharedResolutions shared, IDigestResolver registries) : IDigestResolver, IImageFactsReader, ISignatureReader, IRepositoryTagLister
    {
        // Repository listings are per stream's repository and cheap to repeat: they pass straight through.
        public Task<IReadOnlyDictionary<TagListRequest, TagListing>> ListTagsAsync(IReadOnlyCollection<TagListRequest> requests, CancellationToken cancellationToken) =>
            registries is IRepositoryTagLister lister ? lister.ListTagsAsync(requests, cancellationToken)
            : Task.FromResult<IReadOnlyDictionary<TagListRequest, TagListing>>(new Dictionary<TagListRequest, TagListing>());

        // Image labels and signatures are per digest and cached by the client: they pass straight through.
        public Task<IReadOnlyDictionary<ImageFactsRequest, ImageFacts>> ReadAllAsync(IReadOnlyCollection<ImageFactsRequest> requests, CancellationToken cancellationToken) =>
            registries is IImageFactsReader facts ? facts.ReadAllAsync(requests, cancellationToken)
            : Task.FromResult<IReadOnlyDictionary<ImageFactsRequest, ImageFacts>>(new Dictionary<ImageFactsRequest, ImageFacts>());

        public Task<IReadOnlyDictionary<SignatureRequest, SignatureMaterial>> ReadSignaturesAsync(IReadOnlyCollection<SignatureRequest> requests, CancellationToken cancellationToken) =>
            registries is ISignatureReader signatures ? signatures.ReadSignaturesAsync(requests, cancellationToken)
            : Task.FromResult<IReadOnlyDictionary<SignatureRequest, SignatureMaterial>>(new Dictionary<SignatureRequest, SignatureMaterial>());

        public async Task<IReadOnlyDictionary<ResolveRequest, ResolutionOutcome>> ResolveAllAsync(
            IReadOnlyCollection<ResolveRequest> requests,
            CancellationToken cancellationToken)
        {
            var mine = new Dictionary<ResolveRequest, TaskCompletionSource<ResolutionOutcome>>();
            var waiting = new Dictionary<ResolveRequest, Task<ResolutionOutcome>>();
            lock (shared.gate)
            {
                foreach (var request in requests.Distinct())
                {
                    if (shared.answers.TryGetValue(request, out var known))
                    {
                        waiting[request] = known;
                        shared.Shared++;
                        continue;
                    }

                    var claim = new TaskCompletionSource<ResolutionOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
                    mine[request] = claim;
                    shared.answers[request] = claim.Task;
                    shared.Asked++;
                }
            }

            if (mine.Count > 0)
            {
                try
                {
                    var answered = await registries.ResolveAllAsync(mine.Keys, cancellationToken).ConfigureAwait(false);
                    foreach (var (request, claim) in mine)
                    {
                        claim.SetResult(answered.TryGetValue(request, out var outcome)
                            ? outcome
                            : new ResolutionFailed(ResolutionFailureKind.Deferred, $"{request.Reference}: not answered in this run"));
                    }
                }
                catch (Exception exception)
                {
                    // Not answered: the next repository that needs these asks again.
                    lock (shared.gate)
                    {
                        foreach (var (request, claim) in mine)
                        {
                            shared.answers.Remove(request);
                            shared.Asked--;
                            claim.TrySetException(exception);
                        }
                    }

                    throw;
                }
            }

            var result = new Dictionary<ResolveRequest, ResolutionOutcome>();
            foreach (var (request, claim) in mine)
            {
                result[request] = await claim.Task.ConfigureAwait(false);
            }

            foreach (var (request, task) in waiting)
            {
                result[request] = await WaitAsync(task, request, cancellationToken).ConfigureAwait(false);
            }

            return result;
        }

        /// <summary>Another repository's ask that failed as a whole (say it was cancelled) defers the tag here rather than failing this repository.</summary>
        private static async Task<ResolutionOutcome> WaitAsync(Task<ResolutionOutcome> task, ResolveRequest request, CancellationToken cancellationToken)
        {
            try
            {
                return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return new ResolutionFailed(ResolutionFailureKind.Deferred, $"{request.Reference}: the repository that asked for it stopped: {exception.Message}");
            }
        }
    }
}
