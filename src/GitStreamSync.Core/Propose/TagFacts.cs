using GitStreamSync.Core.Record;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Select;

namespace GitStreamSync.Core.Propose;

/// <summary>What a run learned about one tag, as the propose stage needs it.</summary>
internal enum TagStanding
{
    /// <summary>Due and resolved: the run knows what upstream holds, and the plan proposes it or it is on the base.</summary>
    Resolved,

    /// <summary>Due and resolved to a digest that was rejected: the tag stays on the base's digest.</summary>
    Held,

    /// <summary>Due and answered with a permanent failure (not found, unauthorized...): a condition, no digest.</summary>
    Failed,

    /// <summary>Due, but not resolved in this run (transient failure, rate limit, budget): nothing is known.</summary>
    Deferred,

    /// <summary>Followed, but its stream was not due in this run (per-stream schedule): nothing is known.</summary>
    NotDue,

    /// <summary>No longer in the streams the run read: the tag or its stream was removed.</summary>
    Removed,

    /// <summary>Pinned: <c>importPolicy.scheduled: false</c> or a digest in <c>from.name</c>, already resolved; the tool no longer follows it.</summary>
    Pinned,

    /// <summary><c>reference: true</c>: never resolved from a registry.</summary>
    Reference,

    /// <summary>Due and resolved to a digest younger than its minimum age: the tag stays, or keeps what its pull request proposes.</summary>
    Waiting,
}

/// <summary>
/// One tag's standing in this run, the digest the base holds (<c>items[0].image</c>), and for a held,
/// failed or deferred tag the words that say why (the rejected digest's source, the registry's answer).
/// </summary>
internal sealed record TagFacts(TagStanding Standing, Digest? OnBase)
{
    /// <summary>For <see cref="TagStanding.Held"/>: the rejected digest upstream points at.</summary>
    public Digest? Rejected { get; init; }

    /// <summary>Held: what rejected it (<c>closed pull request #12</c>, <c>reverted in 1a2b3c4 (...)</c>); failed or deferred: the registry's answer.</summary>
    public string? Detail { get; init; }

    /// <summary>For a deferred tag: the reference and the short kind of failure, e.g. <c>docker.io/library/ubuntu:16.04 (rate limited)</c>.</summary>
    public string? Deferral { get; init; }

    /// <summary>The words of <see cref="Deferral"/> for a tag the run did not ask about, once a registry had said to wait.</summary>
    public const string NotAttempted = "not attempted this run";

    /// <summary>Whether the run knows what this tag wants (everything but deferred and not-due tags).</summary>
    public bool Known => Standing is not (TagStanding.Deferred or TagStanding.NotDue);

    /// <summary>
    /// Every spec tag of the streams read, with its standing in this run. A key missing from the
    /// result is a tag the repository no longer has (<see cref="TagStanding.Removed"/>).
    /// </summary>
    public static IReadOnlyDictionary<TagKey, TagFacts> Of(
        IReadOnlyList<ImageStreamDocument> streams,
        IReadOnlySet<string>? dueStreams,
        DueTagSelection selection,
        SyncPlan plan)
    {
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(plan);
        var selected = selection.Tags.Select(t => (t.StreamKey, t.Tag.Name)).ToHashSet();
        var deferred = plan.Streams.SelectMany(s => s.Deferred).GroupBy(d => (d.StreamKey, d.Tag)).ToDictionary(g => g.Key, g => g.First());
        var held = plan.Streams.SelectMany(s => s.Held).GroupBy(h => (h.StreamKey, h.Tag)).ToDictionary(g => g.Key, g => g.First());
        var waiting = plan.Streams.SelectMany(s => s.Waiting).GroupBy(w => (w.StreamKey, w.Tag)).ToDictionary(g => g.Key, g => g.First());
        var failed = plan.Streams.SelectMany(s => s.Failures).GroupBy(f => (f.StreamKey, f.Tag)).ToDictionary(g => g.Key, g => g.First());
        var facts = new Dictionary<TagKey, TagFacts>();
        foreach (var stream in streams)
        {
            var due = dueStreams is null || dueStreams.Contains(stream.DisplayName);
            foreach (var tag in stream.SpecTags)
            {
                var at = (stream.DisplayName, tag.Name);
                var items = stream.Status?.Tags.FirstOrDefault(t => t.Tag == tag.Name)?.Items;
                var onBase = items is { Count: > 0 } && Digest.TryParse(items[0].Image, out var digest) ? digest : null;
                var fact = tag.Reference ? new TagFacts(TagStanding.Reference, onBase)
                    : !due ? new TagFacts(TagStanding.NotDue, onBase)
                    : deferred.TryGetValue(at, out var d) ? new TagFacts(TagStanding.Deferred, onBase) { Detail = d.Explanation, Deferral = $"{d.Reference} ({Words(d.Failure.Kind)})" }
                    : held.TryGetValue(at, out var h) ? new TagFacts(TagStanding.Held, onBase) { Rejected = h.Digest, Detail = h.Source }
                    : waiting.TryGetValue(at, out var w) ? new TagFacts(TagStanding.Waiting, onBase) { Detail = w.Explanation }
                    : failed.TryGetValue(at, out var f) ? new TagFacts(TagStanding.Failed, onBase) { Detail = $"{f.Reason}: {f.Message}" }
                    : tag.From is { Kind: TagSourceKind.DockerImage } && !selected.Contains(at) ? new TagFacts(TagStanding.Pinned, onBase)
                    : new TagFacts(TagStanding.Resolved, onBase);
                facts.TryAdd(new TagKey(stream.FilePath, stream.Name, tag.Name), fact);
            }
        }

        return facts;
    }

    private static string Words(ResolutionFailureKind kind) => kind switch
    {
        ResolutionFailureKind.RateLimited => "rate limited",
        ResolutionFailureKind.Unreachable => "registry unreachable",
        ResolutionFailureKind.Timeout => "timed out",
        ResolutionFailureKind.ServerError => "registry error",
        ResolutionFailureKind.InvalidResponse => "invalid registry answer",
        ResolutionFailureKind.Deferred => NotAttempted,
        _ => kind.ToString(),
    };
}
