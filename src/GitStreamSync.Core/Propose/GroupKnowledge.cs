using GitStreamSync.Core.Record;
using System.Globalization;

namespace GitStreamSync.Core.Propose;

/// <summary>What the run does with a group's open pull request.</summary>
internal enum GroupDecision
{
    /// <summary>No open pull request: push what is known and open one, as always.</summary>
    Open,

    /// <summary>Push the group's branch and update its pull request: everything it proposes is known.</summary>
    Update,

    /// <summary>Close it: the run knows every change of the group and none is left.</summary>
    Close,

    /// <summary>Leave branch and pull request exactly as they are: the run does not know enough.</summary>
    Keep,
}

/// <summary>
/// Never close what is still wanted. A group (one pull request's worth: the run, or one ImageStream
/// name) is known completely when every tag of the group that was due was resolved, and every tag
/// its open pull request proposes (the marker's entries) is known in this run: resolved, held on a
/// rejected digest, failed for good, pinned, made a reference or removed. A deferred tag (a 503, a
/// rate limit) or a tag whose stream was not due says nothing about what upstream holds now, so:
/// <list type="bullet">
/// <item>an open pull request is closed only when the group is known completely and nothing is left;</item>
/// <item>it is pushed and updated only when every tag it proposes is known, so no proposal is lost to a
/// registry blip (a deferred tag it does not propose takes nothing from it);</item>
/// <item>otherwise branch and pull request stay exactly as they are, and the report says why.</item>
/// </list>
/// </summary>
internal sealed record GroupKnowledge(IReadOnlyList<string> DeferredInGroup, IReadOnlyList<string> UnknownProposed, IReadOnlyList<string> NotDueProposed)
{
    /// <summary>Every due tag of the group resolved and every proposed tag known.</summary>
    public bool Complete => DeferredInGroup.Count == 0 && ProposedKnown;

    /// <summary>Every tag the open pull request proposes is known in this run.</summary>
    public bool ProposedKnown => UnknownProposed.Count == 0 && NotDueProposed.Count == 0;

    /// <param name="open">The group's open pull request's marker; null when there is none.</param>
    /// <param name="deferredInGroup">The group's due tags that were not resolved, as <c>REFERENCE (why)</c>.</param>
    /// <param name="facts">What the run learned about a tag; null: the repository no longer has it.</param>
    public static GroupKnowledge Of(PullRequestMarker? open, IReadOnlyList<string> deferredInGroup, Func<TagKey, TagFacts?> facts)
    {
        ArgumentNullException.ThrowIfNull(deferredInGroup);
        ArgumentNullException.ThrowIfNull(facts);
        var unknown = new List<string>();
        var notDue = new List<string>();
        foreach (var entry in open?.Entries ?? [])
        {
            switch (facts(entry.Key))
            {
                case { Standing: TagStanding.Deferred } deferred:
                    unknown.Add(deferred.Deferral ?? entry.Key.ToString());
                    break;
                case { Standing: TagStanding.NotDue }:
                    notDue.Add($"{entry.Key.Stream}:{entry.Key.Tag}");
                    break;
            }
        }

        return new GroupKnowledge(deferredInGroup, unknown, notDue);
    }

    /// <param name="hasOpen">The group has an open pull request of the tool.</param>
    /// <param name="hasChanges">The run has changes to propose for the group.</param>
    public GroupDecision Decide(bool hasOpen, bool hasChanges) =>
        !hasOpen ? GroupDecision.Open
        : hasChanges ? (ProposedKnown ? GroupDecision.Update : GroupDecision.Keep)
        : Complete ? GroupDecision.Close
        : GroupDecision.Keep;

    /// <summary>Why a kept pull request was left as it is: <c>1 tag deferred: docker.io/library/ubuntu:16.04 (rate limited)</c>.</summary>
    public string Why
    {
        get
        {
            // The tags a registry answered about (a rate limit, an error) say why the run stopped
            // asking; the ones it then left unasked follow them, each kind in its own order.
            var deferred = UnknownProposed.Concat(DeferredInGroup).Distinct(StringComparer.Ordinal)
                .OrderBy(item => item.EndsWith($"({TagFacts.NotAttempted})", StringComparison.Ordinal))
                .ToList();
            var parts = new List<string>();
            if (deferred.Count > 0)
            {
                parts.Add($"{Tags(deferred.Count)} deferred: {List(deferred)}");
            }

            if (NotDueProposed.Count > 0)
            {
                parts.Add($"{Tags(NotDueProposed.Count)} it proposes not due in this run: {List(NotDueProposed)}");
            }

            return parts.Count == 0 ? "nothing new is known" : string.Join("; ", parts);
        }
    }

    private static string Tags(int count) => count.ToString(CultureInfo.InvariantCulture) + (count == 1 ? " tag" : " tags");

    // A long outage defers hundreds of tags: the line names the first few.
    private static string List(IReadOnlyList<string> items) =>
        items.Count <= 5 ? string.Join(", ", items) : string.Join(", ", items.Take(5)) + $" and {items.Count - 5} more";
}
