using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;

namespace GitStreamSync.Core.Select;

/// <summary>
/// Reads, from the base branch's history, the source each pinned tag had when its <c>items[0]</c>
/// was written: the spec of the oldest consecutive file version that already shows the same
/// <c>items[0]</c> (reference, image and generation). OpenShift imports a tag again when its
/// <c>from</c> or <c>importMode</c> changes (semantics doc 2.4, <c>tagRefChanged</c>; 2.9), which
/// the status alone cannot show: it keeps neither the tag of <c>from.name</c> nor the mode.
/// </summary>
internal static class PinnedSources
{
    public static string Key(string path, string stream, string tag) => $"{path}#{stream}:{tag}";

    /// <summary>The recorded sources of every pinned tag with a status, for the files that have one.</summary>
    public static IReadOnlyDictionary<string, PinnedSource> Read(IRepositoryWorkspace workspace, IReadOnlyList<ImageStreamDocument> streams, PlanSettings settings, int maxCommits)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var paths = streams
            .Where(stream => stream.SpecTags.Any(tag => DueTagSelector.IsPinned(tag, settings) && stream.Status?.Tags.Any(entry => entry.Tag == tag.Name && entry.Items.Count > 0) == true))
            .Select(stream => stream.FilePath)
            .Distinct(StringComparer.Ordinal);
        var found = new Dictionary<string, PinnedSource>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            foreach (var (key, source) in Find(path, workspace.ReadFileVersions(path, maxCommits)))
            {
                found[key] = source;
            }
        }

        return found;
    }

    /// <param name="path">The file's path, for the keys.</param>
    /// <param name="versions">The file's texts, newest (the base tip's) first.</param>
    public static Dictionary<string, PinnedSource> Find(string path, IReadOnlyList<string> versions)
    {
        var found = new Dictionary<string, PinnedSource>(StringComparer.Ordinal);
        if (versions.Count == 0)
        {
            return found;
        }

        var parsed = versions.Select(text => ImageStreamReader.ReadFile(new SourceFile(path, text)).Streams).ToList();
        foreach (var stream in parsed[0])
        {
            foreach (var entry in stream.Status?.Tags ?? [])
            {
                if (entry.Items.Count == 0)
                {
                    continue;
                }

                SpecTag? spec = null;
                foreach (var version in parsed)
                {
                    var old = version.FirstOrDefault(candidate => candidate.Name == stream.Name);
                    var oldEntry = old?.Status?.Tags.FirstOrDefault(candidate => candidate.Tag == entry.Tag);
                    if (oldEntry is null || oldEntry.Items.Count == 0 || oldEntry.Items[0] != entry.Items[0])
                    {
                        break;
                    }

                    spec = old!.SpecTags.FirstOrDefault(candidate => candidate.Name == entry.Tag);
                }

                if (spec?.From is { } from)
                {
                    found[Key(path, stream.Name, entry.Tag)] = new PinnedSource(from.Name, from.Namespace, spec.ImportPolicy.ImportMode);
                }
            }
        }

        return found;
    }
}
