using System.Globalization;
using System.Text;

namespace GitStreamSync.Core.Record;

/// <summary>What one commit records; built from the plan by the sync run.</summary>
public sealed record CommitContent(
    IReadOnlyList<DigestTrailer> Digests,
    IReadOnlyList<StatusTrailer> Statuses,
    string RunId)
{
    /// <summary>Digests this commit rejects (<c>rollback</c>): written as <c>Rejected-Digest</c> trailers.</summary>
    public IReadOnlyList<RejectedTrailer> Rejected { get; init; } = [];

    /// <summary>A subject of the caller's own (e.g. <c>Roll back app:latest to sha256:…</c>); null: counted from the changes.</summary>
    public string? Subject { get; init; }

    public bool IsEmpty => Digests.Count == 0 && Statuses.Count == 0;
}

/// <summary>
/// Writes the tool's commit message: a subject a reviewer reads in a log line
/// (<c>Update 3 image digests in 2 ImageStreams</c>), a body listing each change per file, and the
/// trailers as the last paragraph (LibGit2Sharp has no trailer API; git reads a last paragraph of
/// <c>Key: value</c> lines as trailers). Deterministic: changes are sorted.
/// </summary>
public static class CommitMessageWriter
{
    public static string Write(CommitContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.RunId.Length == 0 || content.RunId.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException("a run id is one non-empty word", nameof(content));
        }

        var digests = content.Digests.OrderBy(d => d.Key.ToString(), StringComparer.Ordinal).ToList();
        var statuses = content.Statuses.OrderBy(s => s.Key.ToString(), StringComparer.Ordinal).ToList();
        var message = new StringBuilder();
        message.Append(content.Subject ?? Subject(digests, statuses)).Append("\n\n");

        var files = digests.Select(d => d.Key.FilePath).Concat(statuses.Select(s => s.Key.FilePath)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

        // Grouped once, in their order: a commit of ten thousand tags in a thousand files would
        // otherwise look through every tag for every file.
        var digestsByFile = digests.ToLookup(d => d.Key.FilePath, StringComparer.Ordinal);
        var statusesByFile = statuses.ToLookup(s => s.Key.FilePath, StringComparer.Ordinal);
        foreach (var file in files)
        {
            message.Append(file).Append('\n');
            foreach (var digest in digestsByFile[file])
            {
                message.Append(CultureInfo.InvariantCulture, $"  {digest.Key.Stream}:{digest.Key.Tag} {Short(digest.OldDigest)} -> {Short(digest.NewDigest)}\n");
            }

            foreach (var status in statusesByFile[file])
            {
                message.Append(CultureInfo.InvariantCulture, $"  {status.Key.Stream}:{status.Key.Tag} {status.Note}\n");
            }
        }

        message.Append('\n');
        foreach (var digest in digests)
        {
            message.Append(digest).Append('\n');
        }

        foreach (var status in statuses)
        {
            message.Append(status).Append('\n');
        }

        foreach (var rejected in content.Rejected.OrderBy(r => r.Key.ToString(), StringComparer.Ordinal))
        {
            message.Append(rejected).Append('\n');
        }

        message.Append(CommitTrailerNames.Run).Append(": ").Append(content.RunId).Append('\n');
        return message.ToString();
    }

    public static string Subject(IReadOnlyCollection<DigestTrailer> digests, IReadOnlyCollection<StatusTrailer> statuses)
    {
        ArgumentNullException.ThrowIfNull(digests);
        ArgumentNullException.ThrowIfNull(statuses);
        if (digests.Count > 0)
        {
            var streams = digests.Select(d => (d.Key.FilePath, d.Key.Stream)).Distinct().Count();
            return $"Update {Count(digests.Count, "image digest")} in {Count(streams, "ImageStream")}";
        }

        var statusStreams = statuses.Select(s => (s.Key.FilePath, s.Key.Stream)).Distinct().Count();
        return $"Update the status of {Count(statuses.Count, "tag")} in {Count(statusStreams, "ImageStream")}";
    }

    private static string Count(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");

    private static string Short(Images.Digest? digest) => digest is null ? "(none)" : $"{digest.Abbreviated}…";
}
