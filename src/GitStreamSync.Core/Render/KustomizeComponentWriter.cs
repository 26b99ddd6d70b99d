using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Read;
using System.Text;

namespace GitStreamSync.Core.Render;

/// <summary>
/// A kustomization <c>Component</c> whose <c>images:</c> pin what workloads name. kustomize matches
/// an entry's <c>name</c> against the image with its tag when the name carries one, so each entry
/// names a tag's source exactly as written (<c>docker.io/library/python:3.12-slim</c>) and two tags
/// of one repository are pinned separately. A stream with <c>lookupPolicy.local: true</c> is also
/// named by workloads as <c>STREAM:TAG</c>, so its tags get that entry too. When two tags name the
/// same image, kustomize would apply the first only; the later one is left out and said so.
/// </summary>
internal static class KustomizeComponentWriter
{
    public static string Write(IReadOnlyList<ReviewedTag> reviewed, Func<ImageStreamDocument, bool> localLookup)
    {
        ArgumentNullException.ThrowIfNull(reviewed);
        ArgumentNullException.ThrowIfNull(localLookup);
        var text = new StringBuilder()
            .Append("# The digests reviewed in Git for each ImageStream tag (gitstreamsync render --format kustomize).\n")
            .Append("apiVersion: kustomize.config.k8s.io/v1alpha1\n")
            .Append("kind: Component\n");
        var entries = new List<(string Name, ReviewedTag Tag)>();
        var skipped = new List<string>();
        foreach (var tag in reviewed)
        {
            foreach (var name in Names(tag, localLookup(tag.Stream)))
            {
                if (entries.FirstOrDefault(e => e.Name == name) is { Tag: { } first })
                {
                    if (first.Current.Image != tag.Current.Image)
                    {
                        skipped.Add($"# {name} is also the source of {tag.Name} ({tag.Current.Image}); {first.Name} comes first and wins.\n");
                    }

                    continue;
                }

                entries.Add((name, tag));
            }
        }

        foreach (var line in skipped)
        {
            text.Append(line);
        }

        if (entries.Count == 0)
        {
            return text.Append("images: []\n").ToString();
        }

        text.Append("images:\n");
        foreach (var (name, tag) in entries)
        {
            text.Append("- name: ").Append(YamlScalarFormat.String(name)).Append('\n')
                .Append("  newName: ").Append(YamlScalarFormat.String(tag.Repository)).Append('\n')
                .Append("  digest: ").Append(YamlScalarFormat.String(tag.Current.Image)).Append('\n');
        }

        return text.ToString();
    }

    private static IEnumerable<string> Names(ReviewedTag tag, bool localLookup)
    {
        // A source already pinned by digest is what workloads name already: nothing to rewrite.
        if (tag.Tag.From is { Kind: TagSourceKind.DockerImage, Name: var source } && !source.Contains('@', StringComparison.Ordinal))
        {
            yield return source;
        }

        if (localLookup)
        {
            yield return tag.Name;
        }
    }
}
