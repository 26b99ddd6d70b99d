using GitStreamSync.Core.Images;
using System.Globalization;

namespace GitStreamSync.Core.Record;

/// <summary>
/// The trailers of the commits on <c>refs/gitstreamsync/rejections</c>, the repository's durable
/// memory of rejected digests. People read these commits with <c>git log</c> and write a release with
/// <c>git commit-tree</c>, so the format is a contract (README "Where rejections are kept").
/// </summary>
public static class RejectionRecordTrailerNames
{
    /// <summary><c>Pull-Request: &lt;number&gt; &lt;url&gt;</c>: the pull request a person closed unmerged.</summary>
    public const string PullRequest = "Pull-Request";

    /// <summary><c>Closed-At: &lt;ISO 8601 instant, UTC&gt;</c>: when it was closed.</summary>
    public const string ClosedAt = "Closed-At";

    /// <summary><c>Base-Branch: &lt;branch&gt;</c>: the base the pull request targeted; a rejection holds on that base only.</summary>
    public const string BaseBranch = "Base-Branch";

    /// <summary><c>Released-Digest: &lt;file&gt;#&lt;stream&gt;:&lt;tag&gt; &lt;digest&gt;</c>: a person accepts a recorded rejection again.</summary>
    public const string ReleasedDigest = "Released-Digest";
}

/// <summary>One closed-unmerged pull request as the record keeps it: what it proposed is rejected on <see cref="BaseBranch"/>.</summary>
public sealed record RecordedRejection(int Number, Uri? Url, string BaseBranch, DateTimeOffset ClosedAt, IReadOnlyList<RejectedTrailer> Digests);

/// <summary>What one commit of the record says: a rejection learned from a pull request, releases written by a person, or both.</summary>
public sealed record RejectionRecordCommit(RecordedRejection? Rejection, IReadOnlyList<RejectedTrailer> Released)
{
    public static RejectionRecordCommit Nothing { get; } = new(null, []);
}

/// <summary>Writes and reads the messages of the record's commits.</summary>
public static class RejectionRecordMessage
{
    /// <summary>The one file of the record's tree, for whoever checks the ref out.</summary>
    public const string ReadmeFileName = "README.md";

    public const string ReadmeText = """
        # refs/gitstreamsync/rejections

        GitStreamSync keeps here the digests that were rejected by closing one of its pull requests
        without merging. Each commit records one closed pull request: its `Rejected-Digest` trailers
        name the tags and digests that are not proposed again. A later commit with a
        `Released-Digest: FILE#STREAM:TAG DIGEST` trailer releases one of them.

        Inspect: `git fetch origin refs/gitstreamsync/rejections:refs/gitstreamsync/rejections && git log refs/gitstreamsync/rejections`

        """;

    public static string Format(RecordedRejection rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        var number = rejection.Number.ToString(CultureInfo.InvariantCulture);
        var count = rejection.Digests.Count;
        var lines = new List<string>
        {
            $"Rejected: pull request #{number} closed unmerged",
            "",
            $"The {(count == 1 ? "digest" : count.ToString(CultureInfo.InvariantCulture) + " digests")} it proposed {(count == 1 ? "is" : "are")} not proposed again for {(count == 1 ? "its tag" : "their tags")} on {rejection.BaseBranch}.",
            "",
            $"{RejectionRecordTrailerNames.PullRequest}: {number}{(rejection.Url is null ? "" : " " + rejection.Url)}",
            $"{RejectionRecordTrailerNames.ClosedAt}: {FormatInstant(rejection.ClosedAt)}",
            $"{RejectionRecordTrailerNames.BaseBranch}: {rejection.BaseBranch}",
        };
        lines.AddRange(rejection.Digests.Select(d => d.ToString()));
        return string.Join("\n", lines) + "\n";
    }

    /// <summary>
    /// Reads a record commit's message leniently: a person writes releases by hand, so every line
    /// that looks like one of the trailers counts wherever it stands, and a line that does not parse is
    /// ignored. A rejection needs its pull request's number and its close instant.
    /// </summary>
    public static RejectionRecordCommit Parse(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        int? number = null;
        Uri? url = null;
        DateTimeOffset? closedAt = null;
        var baseBranch = "";
        var rejected = new List<RejectedTrailer>();
        var released = new List<RejectedTrailer>();
        foreach (var raw in message.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.Trim();
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var value = line[(colon + 2)..].Trim();
            switch (line[..colon])
            {
                case RejectionRecordTrailerNames.PullRequest:
                    (number, url) = TryPullRequest(value) ?? (number, url);
                    break;
                case RejectionRecordTrailerNames.ClosedAt when DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at):
                    closedAt = at.ToUniversalTime();
                    break;
                case RejectionRecordTrailerNames.BaseBranch when value.Length > 0 && !value.Any(char.IsWhiteSpace):
                    baseBranch = value;
                    break;
                case CommitTrailerNames.RejectedDigest when TryDigest(value) is { } digest:
                    rejected.Add(digest);
                    break;
                case RejectionRecordTrailerNames.ReleasedDigest when TryDigest(value) is { } digest:
                    released.Add(digest);
                    break;
                default:
                    break;
            }
        }

        var rejection = number is { } n && closedAt is { } when && rejected.Count > 0 ? new RecordedRejection(n, url, baseBranch, when, rejected) : null;
        return new RejectionRecordCommit(rejection, released);
    }

    /// <summary>The release trailer a person (or a test) writes.</summary>
    public static string ReleaseTrailer(TagKey key, Digest digest) => $"{RejectionRecordTrailerNames.ReleasedDigest}: {key} {digest}";

    public static string FormatInstant(DateTimeOffset instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static (int Number, Uri? Url)? TryPullRequest(string value)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 1 or > 2 || !int.TryParse(parts[0].TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number <= 0)
        {
            return null;
        }

        return (number, parts.Length == 2 && Uri.TryCreate(parts[1], UriKind.Absolute, out var url) ? url : null);
    }

    private static RejectedTrailer? TryDigest(string value)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 && TagKey.TryParse(parts[0], out var key) && Digest.TryParse(parts[1], out var digest)
            ? new RejectedTrailer(key, digest)
            : null;
    }
}
