using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
namespace GitStreamSync.Core.Plan;

public enum TagChangeKind
{
    /// <summary><c>items[0]</c> moved to another image or pull spec (prepended or replaced in place).</summary>
    Updated,

    /// <summary>The tag had no image before; its first item is written.</summary>
    New,

    /// <summary>A permanent failure wrote an <c>ImportSuccess: "False"</c> condition; items are kept.</summary>
    ConditionSet,

    /// <summary>The same image resolved again after a failure: the condition is cleared, the generation updated.</summary>
    ConditionCleared,

    /// <summary>A <c>reference: true</c> event was written (from.name as written, <c>image: ""</c>).</summary>
    Reference,

    /// <summary>Only <c>items[0].generation</c> moved, because the spec tag's generation asked for it.</summary>
    GenerationUpdated,
}

/// <summary>One status change the plan proposes; old values are null when the tag had no item.</summary>
public sealed record TagChange(
    string StreamKey,
    string FilePath,
    string Stream,
    string Tag,
    TagChangeKind Kind,
    string? OldReference,
    string? OldImage,
    string? NewReference,
    string? NewImage)
{
    /// <summary>The platform chosen from an index (Legacy), when the registry answered with one.</summary>
    public Platform? Platform { get; init; }

    /// <summary>The index digest, when the reference named a multi-platform index.</summary>
    public Digest? IndexDigest { get; init; }

    /// <summary>The condition written, for <see cref="TagChangeKind.ConditionSet"/>.</summary>
    public TagEventCondition? Condition { get; init; }

    /// <summary>
    /// The tag is one the stream imports from the listing of its <c>spec.dockerImageRepository</c>, not
    /// one of its <c>spec.tags</c>: a reviewer finds it in no spec, so the reports say where it came from.
    /// </summary>
    public bool Imported { get; init; }
}

/// <summary>A tag not changed because of a transient failure (timeout, 5xx, 429, DNS...); retried next run.</summary>
public sealed record DeferredTag(string StreamKey, string Tag, string Reference, ResolutionFailed Failure)
{
    /// <summary>The reference and why it was deferred, naming the reference once: resolver messages already start with it.</summary>
    public string Explanation => Failure.Message.StartsWith(Reference, StringComparison.Ordinal)
        ? Failure.Message
        : $"{Reference}: {Failure.Message}";
}

/// <summary>A tag whose resolved digest was rejected in Git history, so no change is proposed.</summary>
public sealed record HeldTag(string StreamKey, string Tag, Digest Digest, string Source);

/// <summary>A permanent failure for one tag (also written as a condition when it differs from the last one).</summary>
public sealed record TagFailure(string StreamKey, string Tag, string Reason, string Message);

/// <summary>The plan for one stream.</summary>
public sealed record StreamPlan
{
    public required ImageStreamDocument Stream { get; init; }
    public string StreamKey => Stream.DisplayName;

    /// <summary>The status to write, or null when nothing changed (the file must stay byte-identical).</summary>
    public ImageStreamStatus? NewStatus { get; init; }

    /// <summary><see cref="NewStatus"/> when changed, else the status as read (null when the stream has none).</summary>
    public ImageStreamStatus? ResultStatus => NewStatus ?? Stream.Status;

    public bool IsChanged => NewStatus is not null;

    /// <summary>The generation used for this run's events and conditions in this stream.</summary>
    public long Generation { get; init; }

    public IReadOnlyList<TagChange> Changes { get; init; } = [];
    public IReadOnlyList<TagFailure> Failures { get; init; } = [];
    public IReadOnlyList<DeferredTag> Deferred { get; init; } = [];
    public IReadOnlyList<HeldTag> Held { get; init; } = [];
    public IReadOnlyList<WaitingTag> Waiting { get; init; } = [];
    public IReadOnlyList<UnverifiedDigest> Unverified { get; init; } = [];
    public IReadOnlyList<Problem> Problems { get; init; } = [];

    // Value equality over the lists, so two plans of the same inputs compare equal (determinism).
    public bool Equals(StreamPlan? other) =>
        other is not null
        && ReferenceEquals(Stream, other.Stream)
        && Equals(NewStatus, other.NewStatus)
        && Generation == other.Generation
        && Changes.SequenceEqual(other.Changes)
        && Failures.SequenceEqual(other.Failures)
        && Deferred.SequenceEqual(other.Deferred)
        && Held.SequenceEqual(other.Held)
        && Waiting.SequenceEqual(other.Waiting)
        && Unverified.SequenceEqual(other.Unverified)
        && Problems.SequenceEqual(other.Problems);

    public override int GetHashCode() => HashCode.Combine(Stream.DisplayName, Generation, Changes.Count);
}

/// <summary>The whole run's plan: one entry per planned (due) stream, in input order.</summary>
public sealed record SyncPlan(DateTimeOffset Now, IReadOnlyList<StreamPlan> Streams)
{
    public bool Equals(SyncPlan? other) => other is not null && Now == other.Now && Streams.SequenceEqual(other.Streams);

    public override int GetHashCode() => HashCode.Combine(Now, Streams.Count);

    public IEnumerable<StreamPlan> ChangedStreams => Streams.Where(s => s.IsChanged);
    public IEnumerable<TagChange> Changes => Streams.SelectMany(s => s.Changes);
    public IEnumerable<Problem> Problems => Streams.SelectMany(s => s.Problems);
}
