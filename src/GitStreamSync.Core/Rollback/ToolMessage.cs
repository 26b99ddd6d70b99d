using GitStreamSync.Core.Record;
namespace GitStreamSync.Core.Rollback;

/// <summary>
/// The tool's trailers in a commit message, read leniently: a squash merge on GitHub may put other
/// lines (<c>Co-authored-by:</c>, the pull request's own text) after them, so when the last paragraph
/// holds none, every paragraph is read.
/// </summary>
internal sealed record ToolMessage(
    string Subject,
    IReadOnlyList<DigestTrailer> Digests,
    IReadOnlyList<RejectedTrailer> Rejected,
    string? RunId,
    string? RevertedCommit)
{
    private static readonly string[] TrailerHints =
    [
        CommitTrailerNames.ImageStreamTag + ": ",
        CommitTrailerNames.RejectedDigest + ": ",
        CommitTrailerNames.Run + ": ",
    ];

    /// <summary>True for the tool's own commits, including a squash merge of its pull request.</summary>
    public bool IsFromTool => RunId is not null || Digests.Count > 0 || Rejected.Count > 0;

    public static ToolMessage Read(string message)
    {
        var record = CommitMessageParser.Parse(message);
        var result = new ToolMessage(record.Subject, record.Digests, record.Rejected, record.RunId, record.RevertedCommit);
        if (result.IsFromTool || !TrailerHints.Any(hint => message.Contains(hint, StringComparison.Ordinal)))
        {
            return result;
        }

        var digests = new List<DigestTrailer>();
        var rejected = new List<RejectedTrailer>();
        string? runId = null;
        foreach (var paragraph in message.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n"))
        {
            // The parser reads the last paragraph after a subject: give it one.
            var part = CommitMessageParser.Parse("-\n\n" + paragraph.Trim('\n'));
            digests.AddRange(part.Digests);
            rejected.AddRange(part.Rejected);
            runId ??= part.RunId;
        }

        return result with { Digests = digests, Rejected = rejected, RunId = runId };
    }

    /// <summary>The subject shortened for a one-line source text.</summary>
    public string ShortSubject => Subject.Length <= 60 ? Subject : string.Concat(Subject.AsSpan(0, 57), "...");
}
