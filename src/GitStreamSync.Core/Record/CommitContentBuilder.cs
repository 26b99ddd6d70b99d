using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
namespace GitStreamSync.Core.Record;

/// <summary>Turns the plan's tag changes into the commit's trailers: a digest move, or a status note for everything else.</summary>
internal static class CommitContentBuilder
{
    public static CommitContent Build(IEnumerable<TagChange> changes, string runId)
    {
        var digests = new List<DigestTrailer>();
        var statuses = new List<StatusTrailer>();
        foreach (var change in changes)
        {
            var key = new TagKey(change.FilePath, change.Stream, change.Tag);
            if (change.Kind is TagChangeKind.Updated or TagChangeKind.New && Digest.TryParse(change.NewImage, out var newDigest))
            {
                var oldDigest = Digest.TryParse(change.OldImage, out var parsed) ? parsed : null;
                digests.Add(new DigestTrailer(key, oldDigest, newDigest));
                continue;
            }

            statuses.Add(new StatusTrailer(key, Note(change)));
        }

        return new CommitContent(digests, statuses, runId);
    }

    private static string Note(TagChange change) => change.Kind switch
    {
        TagChangeKind.ConditionSet => "import-failed:" + Word(change.Condition?.Reason ?? "Unknown"),
        TagChangeKind.ConditionCleared => "import-recovered",
        TagChangeKind.Reference => "reference",
        TagChangeKind.GenerationUpdated => "generation-updated",
        _ => "updated",
    };

    // A note is one word in the trailer.
    private static string Word(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
}
