
using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
namespace GitStreamSync.Core.Propose;

/// <summary>
/// Fills <see cref="PullRequestContent"/> from what a run planned: digest changes become table
/// rows, permanent failures and file problems the problems section, transient failures the
/// deferred section, rejected digests the held section. Status changes that move no digest
/// (conditions cleared, generations, reference events) stay in the commit but not in the table.
/// </summary>
internal static class PullRequestContentBuilder
{
    public static PullRequestContent Build(PullRequestRunFacts run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var keys = run.Changes.GroupBy(c => c.StreamKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (g.First().FilePath, g.First().Stream), StringComparer.Ordinal);
        TagKey KeyOf(string streamKey, string tag)
        {
            var (file, stream) = keys.TryGetValue(streamKey, out var known) ? known : ImageStreamDocument.SplitDisplayName(streamKey);
            return new TagKey(file, stream, tag);
        }

        var changes = new List<PullRequestTagChange>();
        var problems = new List<PullRequestProblem>();
        foreach (var change in run.Changes)
        {
            var key = new TagKey(change.FilePath, change.Stream, change.Tag);
            if (change.Kind is TagChangeKind.Updated or TagChangeKind.New && Digest.TryParse(change.NewImage, out var proposed))
            {
                var old = Digest.TryParse(change.OldImage, out var parsed) ? parsed : null;
                var source = run.Sources.TryGetValue(key, out var from) ? from : NameOf(change.NewReference);
                changes.Add(new PullRequestTagChange(key, source, old, proposed, change.Platform, run.Now)
                {
                    AllPlatforms = change.IndexDigest == proposed,
                    Imported = change.Imported,
                    Provenance = run.Images.Count == 0 ? null : new TagProvenance(old is null ? null : run.Images.GetValueOrDefault(old), run.Images.GetValueOrDefault(proposed)),
                });
            }
            else if (change.Kind == TagChangeKind.ConditionSet && change.Condition is { } condition && !Unverified(run, change.StreamKey, change.Tag))
            {
                problems.Add(new PullRequestProblem(key.FilePath, key.Stream, key.Tag, $"{condition.Reason}: {condition.Message}"));
            }
        }

        foreach (var failure in run.Failures)
        {
            var key = KeyOf(failure.StreamKey, failure.Tag);
            if (!Unverified(run, failure.StreamKey, failure.Tag) && !problems.Any(p => p.FilePath == key.FilePath && p.Stream == key.Stream && p.Tag == key.Tag))
            {
                problems.Add(new PullRequestProblem(key.FilePath, key.Stream, key.Tag, $"{failure.Reason}: {failure.Message}"));
            }
        }

        problems.AddRange(run.Problems.Select(p => new PullRequestProblem(p.FilePath, null, null, $"line {p.Location.Line}: {p.Message}")));
        return new PullRequestContent
        {
            BaseBranch = run.BaseBranch,
            RunId = run.RunId,
            Changes = changes,
            Problems = problems,
            Deferred = [.. run.Deferred.Select(d => new PullRequestDeferredTag(KeyOf(d.StreamKey, d.Tag), d.Failure.Message))],
            Held = [.. run.Held.Select(h => new PullRequestHeldTag(KeyOf(h.StreamKey, h.Tag), h.Digest, h.Source))],
            Waiting = [.. run.Waiting.Select(w => new PullRequestWaitingTag(KeyOf(w.StreamKey, w.Tag), w.Digest, w.Explanation))],
            Unverified = [.. run.Unverified.Select(u => new PullRequestWaitingTag(KeyOf(u.StreamKey, u.Tag), u.Digest, $"{u.Check.Reason}: {u.Check.Message}"))],
        };
    }

    // A digest whose signature did not verify has a section of its own: it is not also a problem.
    private static bool Unverified(PullRequestRunFacts run, string streamKey, string tag) =>
        run.Unverified.Any(u => u.StreamKey == streamKey && u.Tag == tag);

    // "ubuntu@sha256:..." -> "ubuntu": the repository the digest came from, when from.name is unknown.
    private static string NameOf(string? pullSpec)
    {
        if (pullSpec is null)
        {
            return "";
        }

        var at = pullSpec.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? pullSpec : pullSpec[..at];
    }
}

/// <summary>What a run found, in the planner's own types; <see cref="Sources"/> maps a tag to its <c>from.name</c> as written.</summary>
internal sealed record PullRequestRunFacts
{
    public required string BaseBranch { get; init; }
    public required DateTimeOffset Now { get; init; }
    public string? RunId { get; init; }
    public IReadOnlyList<TagChange> Changes { get; init; } = [];
    public IReadOnlyList<TagFailure> Failures { get; init; } = [];
    public IReadOnlyList<DeferredTag> Deferred { get; init; } = [];
    public IReadOnlyList<HeldTag> Held { get; init; } = [];
    public IReadOnlyList<WaitingTag> Waiting { get; init; } = [];
    public IReadOnlyList<UnverifiedDigest> Unverified { get; init; } = [];
    public IReadOnlyList<Problem> Problems { get; init; } = [];
    public IReadOnlyDictionary<TagKey, string> Sources { get; init; } = new Dictionary<TagKey, string>();

    /// <summary>What the old and new images of the changes say about themselves, by digest (empty: not read).</summary>
    public IReadOnlyDictionary<Digest, ImageFacts> Images { get; init; } = new Dictionary<Digest, ImageFacts>();

    /// <summary>The <c>from.name</c> of every DockerImage spec tag of the streams read.</summary>
    public static IReadOnlyDictionary<TagKey, string> SourcesOf(IEnumerable<ImageStreamDocument> streams) =>
        streams
            .SelectMany(s => s.SpecTags.Where(t => t.From is not null).Select(t => (Key: new TagKey(s.FilePath, s.Name, t.Name), t.From!.Name)))
            .GroupBy(x => x.Key)
            .ToDictionary(g => g.Key, g => g.First().Name);

    /// <summary>
    /// <c>items[0].image</c> of every spec tag's status, as the streams hold it: a tag missing here
    /// is no longer followed (or was never imported), which is how a closing comment tells the cases apart.
    /// </summary>
    public static IReadOnlyDictionary<TagKey, Digest> CurrentDigestsOf(IEnumerable<ImageStreamDocument> streams)
    {
        var digests = new Dictionary<TagKey, Digest>();
        foreach (var stream in streams)
        {
            foreach (var tag in stream.SpecTags)
            {
                var items = stream.Status?.Tags.FirstOrDefault(t => t.Tag == tag.Name)?.Items;
                if (items is { Count: > 0 } && Digest.TryParse(items[0].Image, out var digest))
                {
                    digests.TryAdd(new TagKey(stream.FilePath, stream.Name, tag.Name), digest);
                }
            }
        }

        return digests;
    }
}
