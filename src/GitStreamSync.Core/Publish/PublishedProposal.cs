using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Record;
namespace GitStreamSync.Core.Publish;

/// <summary>Whether a branch already proposes a commit's changes, so a run pushes nothing.</summary>
internal static class PublishedProposal
{
    /// <summary>
    /// The branch holds a commit on the current base tip whose trailers name exactly these changes.
    /// Comparing trailers rather than trees matters: each run stamps its own <c>created</c> time
    /// into new events, so the same proposal never has the same bytes twice.
    /// </summary>
    public static bool Matches(BranchCommit? published, string baseCommit, CommitContent content)
    {
        if (published is null || published.ParentIds.Count != 1 || published.ParentIds[0] != baseCommit)
        {
            return false;
        }

        var record = CommitMessageParser.Parse(published.Message);
        var proposed = CommitMessageParser.Parse(CommitMessageWriter.Write(content));
        return record.IsFromTool && record.ChangeSet.SetEquals(proposed.ChangeSet);
    }
}
