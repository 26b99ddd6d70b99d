
using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Run;
using GitStreamSync.Core.Select;
namespace GitStreamSync.Core.Publish;

/// <summary>What one branch of a run proposes: its edits, and the trailers and message of its commit.</summary>
internal sealed record BranchProposal(string Branch, string? Stream, StatusEdits Edits, CommitContent Content, string Message);

/// <summary>
/// Splits a run's edits into the branches it writes: the run's one branch, or with
/// <c>pullRequests.groupBy: stream</c> one branch per ImageStream name (<c>BRANCH/STREAM</c>)
/// holding only that stream's status edits. A file holding several streams is edited per branch
/// for its own stream only; streams of the same name in several files share a branch. A file the
/// editor refused for the run is left out of every branch, as it is left out of the one branch.
/// </summary>
internal static class BranchProposals
{
    public static IReadOnlyList<BranchProposal> Split(string branch, bool byStream, IReadOnlyList<SourceFile> files, SyncPlan plan, StatusEdits edits, string runId)
    {
        if (edits.Files.Count == 0)
        {
            return [];
        }

        if (!byStream)
        {
            return [Propose(branch, null, edits, runId)];
        }

        var edited = edits.Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        return plan.ChangedStreams
            .Where(s => edited.Contains(s.Stream.FilePath))
            .GroupBy(s => s.Stream.Name, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Propose(Configuration.PullRequestSettings.StreamBranch(branch, g.Key), g.Key, StatusEdits.Apply(files, plan with { Streams = [.. g] }), runId))
            .Where(p => p.Edits.Files.Count > 0)
            .ToList();
    }

    private static BranchProposal Propose(string branch, string? stream, StatusEdits edits, string runId)
    {
        var content = CommitContentBuilder.Build(edits.Changes, runId);
        return new BranchProposal(branch, stream, edits, content, CommitMessageWriter.Write(content));
    }
}
