using GitStreamSync.Core.Read;
namespace GitStreamSync.Core.Plan;

internal enum MergeOutcome
{
    Unchanged,
    New,
    Updated,
    ConditionCleared,
    GenerationUpdated,
}

/// <summary>OpenShift's rules for one status tag: the changed test, the history merge and failure conditions.</summary>
internal static class TagHistory
{
    public const string ImportSuccess = "ImportSuccess";

    /// <summary>How a merge that changed the tag is reported.</summary>
    public static TagChangeKind ChangeKindOf(MergeOutcome merge) => merge switch
    {
        MergeOutcome.New => TagChangeKind.New,
        MergeOutcome.ConditionCleared => TagChangeKind.ConditionCleared,
        MergeOutcome.GenerationUpdated => TagChangeKind.GenerationUpdated,
        _ => TagChangeKind.Updated,
    };

    /// <summary>
    /// A successful resolution (semantics 2.3 step 1 and 2.3.1). Unlike OpenShift, a spec tag without a
    /// written generation is not "changed": users rarely write one and the tool never writes spec, so
    /// treating nil as a change would rewrite every file on every run.
    /// </summary>
    public static (NamedTagEventList Entry, MergeOutcome Outcome) ApplySuccess(
        NamedTagEventList? current, string tag, TagEvent next, long? specGeneration, int historyLimit)
    {
        if (current is null || current.Items.Count == 0)
        {
            return (new NamedTagEventList { Tag = tag, Items = [next] }, MergeOutcome.New);
        }

        var head = current.Items[0];
        var sameRef = head.DockerImageReference == next.DockerImageReference;
        var sameImage = head.Image == next.Image;
        var changed = !sameRef || !sameImage || specGeneration > head.Generation || current.Conditions.Count > 0;
        if (!changed)
        {
            return (current, MergeOutcome.Unchanged);
        }

        // 2.3.1: in-place updates keep created; only a new ref and a new image prepend.
        List<TagEvent> items = [.. current.Items];
        var outcome = MergeOutcome.Updated;
        if (sameRef && sameImage)
        {
            items[0] = head with { Generation = next.Generation };
            outcome = current.Conditions.Count > 0 ? MergeOutcome.ConditionCleared : MergeOutcome.GenerationUpdated;
        }
        else if (sameRef)
        {
            items[0] = head with { Image = next.Image, Generation = next.Generation };
        }
        else if (sameImage)
        {
            items[0] = head with { DockerImageReference = next.DockerImageReference, Generation = next.Generation };
        }
        else
        {
            items.Insert(0, next);
        }

        if (historyLimit > 0 && items.Count > historyLimit)
        {
            items.RemoveRange(historyLimit, items.Count - historyLimit);
        }

        // Any change clears the tag's conditions.
        return (new NamedTagEventList { Tag = tag, Items = items, Conditions = [] }, outcome);
    }

    /// <summary>
    /// A permanent failure (semantics 2.3 <c>setFailureCondition</c>): items are kept, the conditions are
    /// replaced by one <c>ImportSuccess: "False"</c>. Null when an identical condition is already there
    /// (same type, status, reason and message), so a repeated failure writes nothing.
    /// </summary>
    public static NamedTagEventList? ApplyFailure(NamedTagEventList? current, string tag, TagEventCondition condition)
    {
        if (current is not null && current.Conditions.Any(c =>
                c.Type == condition.Type && c.Status == condition.Status && c.Reason == condition.Reason && c.Message == condition.Message))
        {
            return null;
        }

        return new NamedTagEventList { Tag = tag, Items = current?.Items ?? [], Conditions = [condition] };
    }
}
