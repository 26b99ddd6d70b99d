using GitStreamSync.Core.Read;
using GitStreamSync.Core.Read.Yaml;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Rollback;
using System.Globalization;
using System.Text;

namespace GitStreamSync.Core.Show;

/// <summary>
/// <c>describe is NAME</c> in the layout of <c>oc describe is</c>: the header, then one block per
/// tag (a same-stream alias is named beside its target) with its source line, import settings,
/// failed import condition and history with <c>*</c> on the current item; then what <c>oc</c>
/// cannot show: the digests rejected in Git, by what, and how to release them.
/// </summary>
internal static class ImageStreamDescription
{
    public static string Describe(StoredStream stream, RejectionSet rejections, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(rejections);
        var document = stream.Document;
        var metadata = stream.Node.Get("metadata");
        var text = new StringBuilder();
        Line(text, "Name:\t\t\t", document.Name);
        Line(text, "Namespace:\t\t", document.Namespace ?? "<none>");
        Line(text, "Created:\t\t", YamlNode.ScalarText(metadata?.Get("creationTimestamp")) is { } created
            && DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when) ? HumanAge.Ago(when, now) : "<unknown>");
        Pairs(text, "Labels:\t\t\t", stream.Labels);
        Pairs(text, "Annotations:\t\t", document.Annotations);
        Line(text, "Image Repository:\t", ImageStreamView.Repository(stream));
        Line(text, "Image Lookup:\t\t", stream.LooksUpLocally ? "local=true" : "local=false");
        var entries = StreamTagEntry.Of(stream).ToList();
        Line(text, "Unique Images:\t\t", entries.SelectMany(e => e.History?.Items ?? []).Select(i => i.Image).Where(i => i.Length > 0).Distinct().Count().ToString(CultureInfo.InvariantCulture));
        Line(text, "Tags:\t\t\t", entries.Count.ToString(CultureInfo.InvariantCulture));
        var aliases = entries.Where(IsAlias).ToLookup(e => e.Spec!.From!.Name);
        foreach (var entry in Prioritized(entries.Where(e => !IsAlias(e))))
        {
            text.Append('\n').Append(entry.Tag);
            if (aliases[entry.Tag].Any())
            {
                text.Append(" (").Append(string.Join(", ", aliases[entry.Tag].Select(a => a.Tag))).Append(')');
            }

            text.Append('\n');
            Block(text, entry, rejections, now);
        }

        Rejected(text, stream, entries, rejections);
        return text.ToString();
    }

    private static bool IsAlias(StreamTagEntry entry) =>
        entry.Spec?.From is { Kind: TagSourceKind.ImageStreamTag, Namespace: null, Name: var name } && !name.Contains(':', StringComparison.Ordinal);

    // oc's PrioritizeTags: "latest" first, then versions (v1, 3.12) newest first, then the rest by name.
    private static IEnumerable<StreamTagEntry> Prioritized(IEnumerable<StreamTagEntry> entries) =>
        entries.OrderBy(e => e.Tag == "latest" ? 0 : VersionOf(e.Tag) is null ? 2 : 1)
            .ThenByDescending(e => VersionOf(e.Tag))
            .ThenBy(e => e.Tag, StringComparer.Ordinal);

    private static Version? VersionOf(string tag)
    {
        var text = tag.TrimStart('v');
        return Version.TryParse(text, out var version) ? version
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? new Version(major, 0)
            : null;
    }

    private static void Block(StringBuilder text, StreamTagEntry entry, RejectionSet rejections, DateTimeOffset now)
    {
        text.Append("  ").Append(SourceLine(entry.Spec, entry.Stream.Document.Namespace)).Append('\n');
        if (entry.Spec is { } spec)
        {
            if (spec.ImportPolicy.Insecure)
            {
                text.Append("    will use insecure HTTPS or HTTP connections\n");
            }

            if (spec.ReferencePolicyType == "Local")
            {
                text.Append("    prefer registry pullthrough when referencing this tag\n");
            }

            if (spec.ImportPolicy.ImportMode == ImportMode.PreserveOriginal)
            {
                text.Append("    import mode: PreserveOriginal (the manifest list itself)\n");
            }

            if (spec.Annotations.TryGetValue("importer.image.openshift.io/prefer-arch", out var arch))
            {
                text.Append("    prefer-arch: ").Append(arch).Append('\n');
            }
        }

        text.Append('\n');
        if (entry.Spec is { } annotated)
        {
            TagAnnotations(text, annotated);
        }

        if (Importing(entry))
        {
            text.Append("  ~ importing latest image ...\n");
        }

        foreach (var condition in entry.History?.Conditions.Where(c => c is { Type: "ImportSuccess", Status: "False" }) ?? [])
        {
            text.Append("  ! error: Import failed (").Append(condition.Reason).Append("): ").Append(condition.Message).Append('\n')
                .Append("      ").Append(HumanAge.Ago(condition.LastTransitionTime, now)).Append('\n');
        }

        var key = new TagKey(entry.Stream.Document.FilePath, entry.Stream.Document.Name, entry.Tag);
        var items = entry.History?.Items ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            text.Append(i == 0 ? "  * " : "    ").Append(item.DockerImageReference).Append('\n')
                .Append("      ").Append(HumanAge.Ago(item.Created, now));
            if (!item.DockerImageReference.EndsWith("@" + item.Image, StringComparison.Ordinal) && item.Image.Length > 0)
            {
                text.Append('\t').Append(item.Image);
            }

            text.Append('\n');
            if (Images.Digest.TryParse(item.Image, out var digest) && rejections.Find(key, digest!) is { } rejected)
            {
                text.Append("      rejected: ").Append(rejected.Source).Append('\n');
            }
        }
    }

    // oc describe's source line. "Updates automatically" names what the tool keeps current: a
    // DockerImage tag by tag name unless importPolicy.scheduled is false (the tool's cron re-resolves
    // it, where OpenShift needs scheduled: true), and a tag that follows another stream tag; a pinned
    // digest or an image id is "tagged from", and a reference is never imported.
    private static string SourceLine(SpecTag? spec, string? streamNamespace) => spec switch
    {
        null => "no spec tag",
        { From: null } => "tag without source image",
        { From.Kind: TagSourceKind.DockerImage, Reference: true } => $"reference to registry {Qualified(spec.From, streamNamespace)}",
        { From.Kind: TagSourceKind.DockerImage } when spec.ImportPolicy.Scheduled != false && !spec.From.Name.Contains('@', StringComparison.Ordinal)
            => $"updates automatically from registry {Qualified(spec.From, streamNamespace)}",
        { From.Kind: TagSourceKind.ImageStreamImage, Reference: true } => $"reference to image {Qualified(spec.From, streamNamespace)}",
        { From.Kind: TagSourceKind.ImageStreamTag, Reference: true } => $"reference to {Qualified(spec.From, streamNamespace)}",
        { From.Kind: TagSourceKind.ImageStreamTag } => $"updates automatically from {Qualified(spec.From, streamNamespace)}",
        _ => $"tagged from {Qualified(spec.From, streamNamespace)}",
    };

    // The namespace is named only when it is not the stream's own.
    private static string Qualified(TagSource from, string? streamNamespace) =>
        from.Namespace is { Length: > 0 } ns && ns != streamNamespace ? $"{ns}/{from.Name}" : from.Name;

    /// <summary>
    /// oc's "~ importing latest image ...": the spec tag's generation is newer than the last one the
    /// status observed (its newest item or its ImportSuccess condition), so an import is pending.
    /// </summary>
    private static bool Importing(StreamTagEntry entry)
    {
        if (entry.Spec is not { Reference: false, Generation: { } wanted })
        {
            return false;
        }

        var observed = entry.History?.Items.Count > 0 ? entry.History.Items[0].Generation : 0;
        if (entry.History?.Conditions.FirstOrDefault(c => c.Type == "ImportSuccess") is { } condition && condition.Generation > observed)
        {
            observed = condition.Generation;
        }

        return wanted > observed;
    }

    /// <summary>The spec tag annotations oc describe prints: description, tags, supports and sampleRepo.</summary>
    private static void TagAnnotations(StringBuilder text, SpecTag spec)
    {
        var any = false;
        void Add(string line)
        {
            text.Append("  ").Append(line).Append('\n');
            any = true;
        }

        if (spec.Annotations.TryGetValue("description", out var description) && description.Length > 0)
        {
            Add(description);
        }

        if (spec.Annotations.TryGetValue("tags", out var tags) && tags.Length > 0)
        {
            Add("Tags: " + string.Join(", ", tags.Split(',')));
        }

        if (spec.Annotations.TryGetValue("supports", out var supports) && supports.Length > 0)
        {
            Add("Supports: " + string.Join(", ", supports.Split(',')));
        }

        if (spec.Annotations.TryGetValue("sampleRepo", out var sample) && sample.Length > 0)
        {
            Add("Example Repo: " + sample);
        }

        if (any)
        {
            text.Append('\n');
        }
    }

    private static void Rejected(StringBuilder text, StoredStream stream, List<StreamTagEntry> entries, RejectionSet rejections)
    {
        var rejected = entries.SelectMany(e => rejections.For(new TagKey(stream.Document.FilePath, stream.Document.Name, e.Tag))).ToList();
        text.Append("\nRejected digests (held in Git; sync does not propose them again):\n");
        if (rejected.Count == 0)
        {
            text.Append("  <none>\n");
            return;
        }

        foreach (var digest in rejected)
        {
            text.Append("  ").Append(digest.Key.Tag).Append(' ').Append(digest.Digest).Append('\n')
                .Append("      ").Append(digest.Source).Append('\n');
        }

        text.Append("  To release one: revert what rejected it (git revert <commit>), run sync --include-rejected once,\n")
            .Append("  or list STREAM:TAG under rollback.includeRejected in .gitstreamsync.yaml.\n");
    }

    private static void Line(StringBuilder text, string label, string value) => text.Append(label).Append(value).Append('\n');

    private static void Pairs(StringBuilder text, string label, IReadOnlyDictionary<string, string> pairs)
    {
        if (pairs.Count == 0)
        {
            Line(text, label, "<none>");
            return;
        }

        var first = true;
        foreach (var (key, value) in pairs.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(first ? label : "\t\t\t").Append(key).Append('=').Append(value).Append('\n');
            first = false;
        }
    }
}
