using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Read;
namespace GitStreamSync.Core.Edit;

/// <summary>
/// The plan applied to the files: one edit per changed file with all of its streams. A file the
/// editor refuses keeps its bytes, becomes a problem, and its tag changes are left out of the commit.
/// </summary>
internal sealed record StatusEdits(
    IReadOnlyList<SourceFile> Files,
    IReadOnlyList<SourceFile> Originals,
    IReadOnlyList<TagChange> Changes,
    IReadOnlyList<Problem> Problems)
{
    public static StatusEdits Apply(IReadOnlyList<SourceFile> files, SyncPlan plan)
    {
        var byPath = files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var groups = plan.ChangedStreams.GroupBy(s => s.Stream.FilePath, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();

        // Each file is edited, read back and checked on its own, one after the other in path order
        // (on one core for the reason the reader gives: ImageStreamReader.ReadRepository).
        var results = groups.Select(group => StatusEditor.Edit(byPath[group.Key], [.. group.Select(s => new StatusChange(s.Stream, s.NewStatus!))])).ToList();

        var edited = new List<SourceFile>();
        var originals = new List<SourceFile>();
        var changes = new List<TagChange>();
        var problems = new List<Problem>();
        for (var index = 0; index < groups.Count; index++)
        {
            var (group, result) = (groups[index], results[index]);
            var original = byPath[group.Key];
            if (result.IsRefused)
            {
                problems.Add(result.Refusal!);
                continue;
            }

            if (!result.Changed)
            {
                continue;
            }

            edited.Add(original with { Text = result.Text! });
            originals.Add(original);
            changes.AddRange(group.SelectMany(s => s.Changes));
        }

        return new StatusEdits(edited, originals, changes, problems);
    }

    /// <summary>The unified diff of every edited file, in path order.</summary>
    /// <remarks>
    /// Built in a <see cref="System.Text.StringBuilder"/>, whose chunks are small: the diff of ten
    /// thousand tags is megabytes, and a growing array would leave every doubling behind on the large object heap.
    /// </remarks>
    public string Diff()
    {
        var diff = new System.Text.StringBuilder();
        for (var i = 0; i < Files.Count; i++)
        {
            UnifiedDiff.AppendTo(diff, Files[i].Path, Originals[i].Text, Files[i].Text);
        }

        return diff.ToString();
    }
}
