using GitStreamSync.Core.Images;
using System.Text.RegularExpressions;

namespace GitStreamSync.Core.Record;

/// <summary>
/// What a commit message says, as far as the tool is concerned: its trailers (any commit, the tool's
/// or a person's), and the commit a <c>git revert</c> message names. A trailer line that does not
/// parse is kept in <see cref="Malformed"/> rather than thrown: history is read as it is.
/// </summary>
public sealed record CommitMessageRecord(
    string Subject,
    IReadOnlyList<DigestTrailer> Digests,
    IReadOnlyList<StatusTrailer> Statuses,
    string? RunId,
    string? RevertedCommit,
    IReadOnlyList<string> Malformed)
{
    /// <summary><c>Rejected-Digest</c> trailers (written by <c>rollback</c>).</summary>
    public IReadOnlyList<RejectedTrailer> Rejected { get; init; } = [];

    /// <summary>True when the message carries the tool's run trailer.</summary>
    public bool IsFromTool => RunId is not null;

    /// <summary>The change set, for comparing two runs' proposals regardless of run id and order.</summary>
    public IReadOnlySet<string> ChangeSet =>
        Digests.Select(d => d.ToString()).Concat(Statuses.Select(s => s.ToString())).Concat(Rejected.Select(r => r.ToString())).ToHashSet(StringComparer.Ordinal);
}

public static partial class CommitMessageParser
{
    public static CommitMessageRecord Parse(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var lines = message.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var subject = lines.FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
        var digests = new List<DigestTrailer>();
        var statuses = new List<StatusTrailer>();
        var malformed = new List<string>();
        var rejected = new List<RejectedTrailer>();
        string? runId = null;
        foreach (var line in LastParagraph(lines))
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 2)..].Trim();
            switch (name)
            {
                case CommitTrailerNames.ImageStreamTag:
                    AddOrMark(TryDigest(value), digests, malformed, line);
                    break;
                case CommitTrailerNames.ImageStreamTagStatus:
                    AddOrMark(TryStatus(value), statuses, malformed, line);
                    break;
                case CommitTrailerNames.RejectedDigest:
                    AddOrMark(TryRejected(value), rejected, malformed, line);
                    break;
                case CommitTrailerNames.Run when value.Length > 0 && !value.Any(char.IsWhiteSpace):
                    runId = value;
                    break;
                case CommitTrailerNames.Run:
                    malformed.Add(line);
                    break;
                default:
                    break;
            }
        }

        var reverted = RevertPattern().Match(message);
        return new CommitMessageRecord(subject, digests, statuses, runId, reverted.Success ? reverted.Groups[1].Value : null, malformed)
        {
            Rejected = rejected,
        };
    }

    // Trailers are the last paragraph: the lines after the last blank line.
    private static string[] LastParagraph(string[] lines)
    {
        var end = lines.Length;
        while (end > 0 && lines[end - 1].Trim().Length == 0)
        {
            end--;
        }

        var start = end;
        while (start > 0 && lines[start - 1].Trim().Length > 0)
        {
            start--;
        }

        return start == 0 ? [] : lines[start..end];
    }

    private static void AddOrMark<T>(T? parsed, List<T> into, List<string> malformed, string line)
        where T : class
    {
        if (parsed is null)
        {
            malformed.Add(line);
        }
        else
        {
            into.Add(parsed);
        }
    }

    private static DigestTrailer? TryDigest(string value)
    {
        var parts = value.Split(' ');
        if (parts.Length != 3 || !TagKey.TryParse(parts[0], out var key) || !Digest.TryParse(parts[2], out var newDigest))
        {
            return null;
        }

        if (parts[1] == "-")
        {
            return new DigestTrailer(key, null, newDigest);
        }

        return Digest.TryParse(parts[1], out var oldDigest) ? new DigestTrailer(key, oldDigest, newDigest) : null;
    }

    private static RejectedTrailer? TryRejected(string value)
    {
        var parts = value.Split(' ');
        return parts.Length == 2 && TagKey.TryParse(parts[0], out var key) && Digest.TryParse(parts[1], out var digest)
            ? new RejectedTrailer(key, digest)
            : null;
    }

    private static StatusTrailer? TryStatus(string value)
    {
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && TagKey.TryParse(value[..space], out var key) && value[(space + 1)..].Trim().Length > 0
            ? new StatusTrailer(key, value[(space + 1)..].Trim())
            : null;
    }

    // git revert writes "This reverts commit <full sha>." in the body.
    [GeneratedRegex(@"This reverts commit ([0-9a-f]{40})", RegexOptions.CultureInvariant)]
    private static partial Regex RevertPattern();
}
