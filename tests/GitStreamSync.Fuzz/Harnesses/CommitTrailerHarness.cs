using System.Text;
using GitStreamSync.Core.Record;

namespace GitStreamSync.Fuzz.Harnesses;

/// <summary>
/// A commit message from the repository's history (the tool's, a person's, a rewritten one): it
/// parses without throwing, and the trailers it yields, written again, parse back the same.
/// </summary>
internal static class CommitTrailerHarness
{
    public static void Run(byte[] bytes)
    {
        var record = CommitMessageParser.Parse(Encoding.UTF8.GetString(bytes));
        if (record.Digests.Count + record.Statuses.Count + record.Rejected.Count == 0)
        {
            return;
        }

        var runId = record.RunId ?? "run";
        var written = CommitMessageWriter.Write(new CommitContent(record.Digests, record.Statuses, runId) { Rejected = record.Rejected });
        var again = CommitMessageParser.Parse(written);

        Invariant.That(Same(record.Digests, again.Digests), "the digest trailers do not read back as written");
        Invariant.That(Same(record.Statuses, again.Statuses), "the status trailers do not read back as written");
        Invariant.That(Same(record.Rejected, again.Rejected), "the rejected-digest trailers do not read back as written");
        Invariant.That(again.RunId == runId && again.Malformed.Count == 0, "the rewritten message has a malformed trailer or loses its run");
    }

    private static bool Same<T>(IEnumerable<T> written, IEnumerable<T> read) where T : notnull =>
        written.Select(t => t.ToString()).Order(StringComparer.Ordinal).SequenceEqual(read.Select(t => t.ToString()).Order(StringComparer.Ordinal))
        && written.ToHashSet().SetEquals(read);
}
