using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Select;

namespace GitStreamSync.Core.Run;

/// <summary>
/// Reads what the images of a plan's digest changes say about themselves: the new digest of every
/// changed tag and the old one it replaces (a reviewer compares them), each digest once. Nothing is
/// read when the plan moves no digest or the resolver cannot read image configs.
/// </summary>
internal static class ImageFactsStep
{
    public static async Task<IReadOnlyDictionary<Digest, ImageFacts>> ReadAsync(IImageFactsReader? reader, SyncPlan plan, DueTagSelection selection, CancellationToken cancellationToken)
    {
        var requests = reader is null ? [] : Requests(plan, selection);
        if (requests.Count == 0)
        {
            return new Dictionary<Digest, ImageFacts>();
        }

        var answers = await reader!.ReadAllAsync(requests, cancellationToken).ConfigureAwait(false);
        var facts = new Dictionary<Digest, ImageFacts>();
        foreach (var request in requests)
        {
            if (answers.TryGetValue(request, out var answer))
            {
                facts.TryAdd(answer.Digest, answer);
            }
        }

        return facts;
    }

    /// <summary>One request per distinct digest of a change that moves a resolved tag to another image (old and new).</summary>
    public static IReadOnlyList<ImageFactsRequest> Requests(SyncPlan plan, DueTagSelection selection)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(selection);
        var asked = selection.Tags
            .Where(t => t.Request is not null)
            .GroupBy(t => (t.StreamKey, t.Tag.Name))
            .ToDictionary(g => g.Key, g => g.First().Request!);
        var requests = new List<ImageFactsRequest>();
        var seen = new HashSet<Digest>();
        foreach (var change in plan.Changes.Where(c => c.Kind is TagChangeKind.Updated or TagChangeKind.New))
        {
            // Only a tag this run resolved by tag name: a tag that copies another stream's image
            // (ImageStreamTag, ImageStreamImage) shows it where that image is resolved, and a digest
            // a person pinned was reviewed when it was written, and may be one no registry the run
            // may contact still serves.
            if (asked.GetValueOrDefault((change.StreamKey, change.Tag)) is not { Reference.Digest: null } resolve)
            {
                continue;
            }

            Add(change.NewReference, change.IndexDigest);
            Add(change.OldReference, null);

            void Add(string? pullSpec, Digest? index)
            {
                if (ImageReference.TryParse(pullSpec, out var image) && image.Digest is { IsSha256: true } digest && seen.Add(digest))
                {
                    requests.Add(new ImageFactsRequest(image, index, resolve.Platform, resolve.Insecure));
                }
            }
        }

        return requests;
    }
}
