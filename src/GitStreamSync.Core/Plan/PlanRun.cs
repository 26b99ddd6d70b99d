using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Select;
namespace GitStreamSync.Core.Plan;

/// <summary>
/// One evaluation of <see cref="PlanInput"/>: every spec tag of every due stream, each at most once,
/// aliases after their sources (depth-first, memoised), cycles reported instead of followed.
/// </summary>
internal sealed partial class PlanRun
{
    private readonly PlanInput input;
    private readonly DateTimeOffset now;
    private readonly IReadOnlyList<ImageStreamDocument> streams;
    private readonly bool[] planned;
    private readonly long[] generations;
    private readonly Dictionary<string, NamedTagEventList>[] current;
    private readonly Dictionary<string, SpecTag>[] specTags;
    private readonly Dictionary<(string Stream, string Tag, string Digest), string> held = [];
    private readonly Dictionary<(string Stream, string Tag, string Digest), WaitingDigest> waiting = [];
    private readonly Dictionary<(string Stream, string Tag, string Digest), UnverifiedDigest> unverified = [];
    private readonly StreamLookup lookup;
    private readonly Dictionary<(int Stream, string Tag), TagOutcome> done = [];

    public PlanRun(PlanInput input)
    {
        this.input = input;
        streams = input.Streams;
        now = TruncateToSeconds(input.Now);
        lookup = new StreamLookup(streams);
        planned = new bool[streams.Count];
        generations = new long[streams.Count];
        current = new Dictionary<string, NamedTagEventList>[streams.Count];
        specTags = new Dictionary<string, SpecTag>[streams.Count];
        for (var i = 0; i < streams.Count; i++)
        {
            var stream = streams[i];
            planned[i] = input.DueStreams is null || input.DueStreams.Contains(stream.DisplayName);
            generations[i] = StreamGeneration.Next(stream);
            current[i] = [];
            foreach (var entry in stream.Status?.Tags ?? [])
            {
                current[i].TryAdd(entry.Tag, entry);
            }

            specTags[i] = [];
            foreach (var tag in stream.SpecTags)
            {
                specTags[i].TryAdd(tag.Name, tag);
            }
        }

        foreach (var h in input.Held)
        {
            held.TryAdd((h.StreamKey, h.Tag, h.Digest.ToString()), h.Source);
        }

        foreach (var w in input.Waiting)
        {
            waiting.TryAdd((w.StreamKey, w.Tag, w.Digest.ToString()), w);
        }

        foreach (var u in input.Unverified)
        {
            unverified.TryAdd((u.StreamKey, u.Tag, u.Digest.ToString()), u);
        }
    }

    /// <summary>RFC 3339 with second precision in UTC, as OpenShift writes <c>created</c>.</summary>
    public static DateTimeOffset TruncateToSeconds(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    public SyncPlan Run()
    {
        var plans = new List<StreamPlan>();
        for (var i = 0; i < streams.Count; i++)
        {
            if (!planned[i])
            {
                continue;
            }

            var outcomes = specTags[i].Values.Select(tag => (tag, Evaluate(i, tag))).ToList();
            plans.Add(StreamPlanAssembler.Assemble(streams[i], generations[i], outcomes));
        }

        return new SyncPlan(now, plans);
    }

    private TagOutcome Evaluate(int s, SpecTag tag)
    {
        var key = (s, tag.Name);
        if (done.TryGetValue(key, out var finished))
        {
            return finished;
        }

        inProgress.Add(key);
        var outcome = tag.From switch
        {
            null => Unchanged(s, tag.Name),
            { Kind: TagSourceKind.DockerImage } when tag.Reference => EvaluateReference(s, tag),
            { Kind: TagSourceKind.DockerImage } => EvaluateDockerImage(s, tag),
            { Kind: TagSourceKind.ImageStreamTag } => EvaluateStreamTag(s, tag),
            { Kind: TagSourceKind.ImageStreamImage } => EvaluateStreamImage(s, tag),
            _ => Unchanged(s, tag.Name),
        };
        inProgress.RemoveAt(inProgress.Count - 1);
        if (cycleMembers.Contains(key))
        {
            // A tag on a cycle has no source to follow: it keeps its status as read.
            outcome = Unchanged(s, tag.Name);
            if (cycleProblems.Remove(key, out var problem))
            {
                outcome.Problems.Add(problem);
            }
        }

        done[key] = outcome;
        return outcome;
    }

    private TagOutcome Unchanged(int s, string tag) => new(current[s].GetValueOrDefault(tag));

    /// <summary>reference: true never contacts a registry: from.name exactly as written, image "" (semantics 2.5).</summary>
    private TagOutcome EvaluateReference(int s, SpecTag tag)
    {
        var next = new TagEvent(now, tag.From!.Name, "", generations[s]);
        return ApplyEvent(s, tag, next, TagChangeKind.Reference, resolved: null);
    }

    private TagOutcome EvaluateDockerImage(int s, SpecTag tag)
    {
        var stream = streams[s];
        if (DueTagSelector.SelectTag(stream.DisplayName, stream, tag, input.Settings) is not { } due)
        {
            return Unchanged(s, tag.Name);
        }

        ResolutionOutcome outcome = due.Failure
            ?? input.Resolutions.GetValueOrDefault(due.Request!)
            ?? new ResolutionFailed(ResolutionFailureKind.Deferred, "not resolved in this run");
        if (outcome is Resolved resolved)
        {
            var reference = due.Reference!.WithDigest(resolved.Digest).ToString();
            var next = new TagEvent(now, reference, resolved.Digest.ToString(), generations[s]);
            return ApplyEvent(s, tag, next, kind: null, resolved, specChanged: due.Reason == DueReason.SpecChanged);
        }

        var failure = outcome as ResolutionFailed ?? new ResolutionFailed(ResolutionFailureKind.Deferred, $"unexpected answer {outcome.GetType().Name}");
        if (!failure.IsPermanent)
        {
            return new TagOutcome(current[s].GetValueOrDefault(tag.Name))
            {
                Deferred = new DeferredTag(stream.DisplayName, tag.Name, tag.From!.Name, failure),
            };
        }

        return ApplyFailure(s, tag, failure, due);
    }

    private TagOutcome ApplyFailure(int s, SpecTag tag, ResolutionFailed failure, DueTag due)
    {
        var stream = streams[s];
        var existing = current[s].GetValueOrDefault(tag.Name);
        var condition = FailureConditions.Build(failure, due.Reference, now, generations[s]);
        var outcome = new TagOutcome(existing)
        {
            Failure = new TagFailure(stream.DisplayName, tag.Name, condition.Reason!, condition.Message!),
        };
        outcome.Problems.Add(new Problem(stream.FilePath, tag.Location, $"tag \"{tag.Name}\": {condition.Reason}: {condition.Message}"));
        if (TagHistory.ApplyFailure(existing, tag.Name, condition) is { } entry)
        {
            var head = existing?.Items.Count > 0 ? existing.Items[0] : null;
            outcome.Entry = entry;
            outcome.Change = NewChange(s, tag.Name, TagChangeKind.ConditionSet, head, head) with { Condition = condition };
        }

        return outcome;
    }

    /// <summary>
    /// Merges a successful event unless its digest is held for this tag. <paramref name="kind"/> forces
    /// the change kind (reference events); otherwise it follows the merge outcome.
    /// </summary>
    /// <param name="specChanged">
    /// The pinned tag's source changed since its status was written: OpenShift gives the tag the new
    /// generation (semantics 2.4, 2.7), so the same image again still moves <c>items[0].generation</c>,
    /// which also records that the new source was resolved.
    /// </param>
    private TagOutcome ApplyEvent(int s, SpecTag tag, TagEvent next, TagChangeKind? kind, Resolved? resolved, bool specChanged = false)
    {
        var stream = streams[s];
        var existing = current[s].GetValueOrDefault(tag.Name);
        var head = existing?.Items.Count > 0 ? existing.Items[0] : null;
        if (next.Image != head?.Image
            && !input.Settings.IncludeRejected
            && held.TryGetValue((stream.DisplayName, tag.Name, next.Image), out var source))
        {
            return new TagOutcome(existing) { Held = new HeldTag(stream.DisplayName, tag.Name, resolved?.Digest ?? Images.Digest.Parse(next.Image), source) };
        }

        if (next.Image != head?.Image && unverified.TryGetValue((stream.DisplayName, tag.Name, next.Image), out var bad))
        {
            return Unverified(s, tag, bad);
        }

        if (next.Image != head?.Image && waiting.TryGetValue((stream.DisplayName, tag.Name, next.Image), out var wait))
        {
            // Too young: the tag stays where it is, or on what its open pull request already proposes.
            var waitingTag = new WaitingTag(stream.DisplayName, tag.Name, wait.Digest, wait.Until, wait.Basis);
            if (wait.Instead is { } instead && Images.ImageReference.TryParse(next.DockerImageReference, out var pullSpec))
            {
                var kept = ApplyEvent(s, tag, next with { DockerImageReference = pullSpec.WithDigest(instead).ToString(), Image = instead.ToString() }, kind, resolved: null, specChanged);
                kept.Waiting = waitingTag;
                return kept;
            }

            return new TagOutcome(existing) { Waiting = waitingTag };
        }

        var (entry, merge) = TagHistory.ApplySuccess(existing, tag.Name, next, specChanged ? generations[s] : StreamGeneration.SpecTagOnCluster(tag.Generation, generations[s]), input.Settings.HistoryLimit);
        var outcome = new TagOutcome(entry);
        if (merge == MergeOutcome.Unchanged)
        {
            return outcome;
        }

        var changeKind = kind ?? TagHistory.ChangeKindOf(merge);
        outcome.Change = NewChange(s, tag.Name, changeKind, head, entry.Items[0]) with
        {
            Platform = resolved?.Platform,
            IndexDigest = resolved?.IndexDigest,
        };
        return outcome;
    }

    /// <summary>
    /// A digest whose signature did not verify is not proposed: an <c>ImportSuccess: "False"</c> condition
    /// (reason <c>SignatureMissing</c> or <c>SignatureInvalid</c>) keeps the tag's items, as a failed import
    /// would; when the registry could not be asked the tag is deferred instead.
    /// </summary>
    private TagOutcome Unverified(int s, SpecTag tag, UnverifiedDigest bad)
    {
        var stream = streams[s];
        var existing = current[s].GetValueOrDefault(tag.Name);
        if (bad.Check.Verdict == Images.SignatureVerdict.Unknown)
        {
            return new TagOutcome(existing)
            {
                Deferred = new DeferredTag(stream.DisplayName, tag.Name, tag.From!.Name, new ResolutionFailed(ResolutionFailureKind.Unreachable, $"signature not checked: {bad.Check.Message}")),
            };
        }

        var condition = new TagEventCondition(TagHistory.ImportSuccess, "False", now, bad.Check.Reason, bad.Check.Message, generations[s]);
        var outcome = new TagOutcome(existing)
        {
            Failure = new TagFailure(stream.DisplayName, tag.Name, bad.Check.Reason, bad.Check.Message),
            Unverified = bad,
        };
        if (TagHistory.ApplyFailure(existing, tag.Name, condition) is { } entry)
        {
            var head = existing?.Items.Count > 0 ? existing.Items[0] : null;
            outcome.Entry = entry;
            outcome.Change = NewChange(s, tag.Name, TagChangeKind.ConditionSet, head, head) with { Condition = condition };
        }

        return outcome;
    }

    private TagChange NewChange(int s, string tag, TagChangeKind kind, TagEvent? before, TagEvent? after)
    {
        var stream = streams[s];
        return new TagChange(
            stream.DisplayName,
            stream.FilePath,
            stream.Name,
            tag,
            kind,
            before?.DockerImageReference,
            before?.Image,
            after?.DockerImageReference,
            after?.Image)
        {
            Imported = stream.SpecTags.Any(t => t.Imported && t.Name == tag),
        };
    }
}
