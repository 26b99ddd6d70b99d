using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
namespace GitStreamSync.Core.Select;

/// <summary>Why a tag is resolved in this run.</summary>
public enum DueReason
{
    /// <summary>Followed on every due run (the default; <c>scheduled: true</c> in strict mode).</summary>
    Scheduled,

    /// <summary>A pinned tag without a successful resolution yet.</summary>
    NotYetResolved,

    /// <summary>A pinned tag whose <c>from</c> no longer matches <c>items[0]</c>, or whose spec generation asks for it.</summary>
    SourceChanged,

    /// <summary>
    /// A pinned tag whose <c>from</c> (name or namespace) or <c>importPolicy.importMode</c> differs from
    /// what it was when its status was written (Git history): OpenShift's tag change (semantics 2.4).
    /// </summary>
    SpecChanged,
}

/// <summary>
/// One DockerImage tag to resolve. Exactly one of <see cref="Request"/> and <see cref="Failure"/> is
/// set: an unparseable <c>from.name</c> is a permanent InvalidReference failure, not an exception.
/// </summary>
public sealed record DueTag(
    string StreamKey,
    ImageStreamDocument Stream,
    SpecTag Tag,
    DueReason Reason,
    ImageReference? Reference,
    ResolveRequest? Request,
    ResolutionFailed? Failure);

/// <summary>The due tags in input order, and the distinct requests to resolve (first-seen order).</summary>
public sealed record DueTagSelection(IReadOnlyList<DueTag> Tags, IReadOnlyList<ResolveRequest> Requests);

/// <summary>
/// Decides which DockerImage tags contact a registry in this run (architecture.md section 2).
/// Pure: the same streams and settings give the same selection.
/// </summary>
public static class DueTagSelector
{
    public const string PreferArchAnnotation = "importer.image.openshift.io/prefer-arch";
    public const string PreferOsAnnotation = "importer.image.openshift.io/prefer-os";

    /// <param name="streams">Every stream read from the repository.</param>
    /// <param name="settings">Platform and scheduling mode.</param>
    /// <param name="dueStreams">Stream keys (<c>FilePath#Name</c>) due in this run, or null for all.</param>
    public static DueTagSelection Select(
        IReadOnlyList<ImageStreamDocument> streams,
        PlanSettings settings,
        IReadOnlySet<string>? dueStreams = null)
    {
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(settings);
        var tags = new List<DueTag>();
        var requests = new List<ResolveRequest>();
        var seen = new HashSet<ResolveRequest>();
        foreach (var stream in streams)
        {
            var key = stream.DisplayName;
            if (dueStreams is not null && !dueStreams.Contains(key))
            {
                continue;
            }

            foreach (var tag in stream.SpecTags)
            {
                if (SelectTag(key, stream, tag, settings) is not { } due)
                {
                    continue;
                }

                tags.Add(due);
                if (due.Request is { } request && seen.Add(request))
                {
                    requests.Add(request);
                }
            }
        }

        return new DueTagSelection(tags, requests);
    }

    internal static DueTag? SelectTag(string key, ImageStreamDocument stream, SpecTag tag, PlanSettings settings)
    {
        // reference: true never contacts a registry; IST/ISI resolve inside the repository.
        if (tag.From is not { Kind: TagSourceKind.DockerImage } from || tag.Reference)
        {
            return null;
        }

        var parsed = ImageReference.TryParse(from.Name, out var reference, out var error);
        var current = stream.Status?.Tags.FirstOrDefault(t => t.Tag == tag.Name);
        settings.PinnedSources.TryGetValue(PinnedSources.Key(stream.FilePath, stream.Name, tag.Name), out var recorded);
        if (DecideReason(tag, reference, current, recorded, settings) is not { } reason)
        {
            return null;
        }

        if (!parsed || reference is null)
        {
            var failure = new ResolutionFailed(ResolutionFailureKind.InvalidReference, $"Invalid value: \"{from.Name}\": {error}");
            return new DueTag(key, stream, tag, reason, null, null, failure);
        }

        return new DueTag(key, stream, tag, reason, reference, BuildRequest(tag, reference, settings), null);
    }

    /// <summary>
    /// Pinned: <c>scheduled: false</c> written, a digest in <c>from.name</c>, or (strict mode) not
    /// <c>scheduled: true</c>. Such a tag is resolved until it first succeeds, then only when its source changes.
    /// </summary>
    internal static bool IsPinned(SpecTag tag, PlanSettings settings) =>
        tag.From is { Kind: TagSourceKind.DockerImage } && !tag.Reference
        && (tag.ImportPolicy.Scheduled == false
            || (ImageReference.TryParse(tag.From.Name, out var reference, out _) && reference?.Digest is not null)
            || (settings.StrictOpenShiftScheduling && tag.ImportPolicy.Scheduled != true));

    private static DueReason? DecideReason(SpecTag tag, ImageReference? reference, NamedTagEventList? current, PinnedSource? recorded, PlanSettings settings)
    {
        var scheduled = tag.ImportPolicy.Scheduled;
        var pinned = scheduled == false
            || reference?.Digest is not null
            || (settings.StrictOpenShiftScheduling && scheduled != true);
        if (!pinned)
        {
            return DueReason.Scheduled;
        }

        // Pinned tags are resolved until the first success (like OpenShift's digest imports,
        // openshift-apiserver#28); a failure alone does not count as resolved.
        if (current is null || current.Items.Count == 0)
        {
            return DueReason.NotYetResolved;
        }

        // With the source the status was written from, a pin moves exactly when from or the import
        // mode changed, never otherwise (not for an index digest that records its child under Legacy).
        if (recorded is not null)
        {
            var from = tag.From!;
            return recorded.FromName != from.Name
                || (recorded.FromNamespace ?? "") != (from.Namespace ?? "")
                || recorded.ImportMode != tag.ImportPolicy.ImportMode
                ? DueReason.SpecChanged
                : null;
        }

        return SourceChanged(tag, reference, current) ? DueReason.SourceChanged : null;
    }

    /// <summary>
    /// Whether <c>from</c> differs from what <c>items[0]</c> records. Status keeps only the repository
    /// and the digest, so a new tag in the same repository of a <c>scheduled: false</c> tag is not
    /// visible here: deleting that tag's status entry (or raising its spec generation) re-resolves it.
    /// A Legacy tag pinned to an index digest records the child digest, so it is checked on each run;
    /// that finds the same child and writes nothing.
    /// </summary>
    private static bool SourceChanged(SpecTag tag, ImageReference? reference, NamedTagEventList current)
    {
        var head = current.Items[0];
        if (tag.Generation is { } specGeneration && specGeneration > ObservedGeneration(current))
        {
            return true;
        }

        if (reference is null || !ImageReference.TryParse(head.DockerImageReference, out var recorded))
        {
            return true;
        }

        if (recorded.Name != reference.Name)
        {
            return true;
        }

        return reference.Digest is { } pin && recorded.Digest != pin && head.Image != pin.ToString();
    }

    /// <summary>OpenShift's observed generation (semantics 2.1): items[0] or the first condition, the larger.</summary>
    private static long ObservedGeneration(NamedTagEventList current)
    {
        var observed = current.Items.Count > 0 ? current.Items[0].Generation : 0;
        return current.Conditions.Count > 0 ? Math.Max(observed, current.Conditions[0].Generation) : observed;
    }

    private static ResolveRequest BuildRequest(SpecTag tag, ImageReference reference, PlanSettings settings)
    {
        var mode = tag.ImportPolicy.ImportMode;

        // Annotations apply only to imports by tag (semantics 2.9), and PreserveOriginal records the
        // index whatever the platform, so leaving them out lets equal references share one request.
        var useAnnotations = mode == ImportMode.Legacy && reference.Digest is null;
        var platform = new PlatformPreference(
            useAnnotations ? tag.Annotations.GetValueOrDefault(PreferOsAnnotation) : null,
            useAnnotations ? tag.Annotations.GetValueOrDefault(PreferArchAnnotation) : null,
            settings.Platform);
        return new ResolveRequest(reference, mode, platform, tag.ImportPolicy.Insecure);
    }
}
