using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace GitStreamSync.Core.Propose;

/// <summary>
/// The hidden HTML comment in the tool's pull-request bodies: it marks the pull request as the
/// tool's and records which digest each tag was proposed at, so that a pull request closed
/// without merging rejects exactly those digests. One line per fact:
/// <code>
/// &lt;!-- gitstreamsync:pull-request v1
/// base main
/// group myubuntu
/// run 20261128T040000Z-1a2b3c
/// set deploy/ubuntu.yaml#myubuntu:16.04 sha256:OLD sha256:NEW 2026-11-28T04:00:00Z
/// closed-by-tool
/// --&gt;
/// </code>
/// The old digest is <c>-</c> when the tag had none; the last field is when the new digest was
/// first proposed, so later runs proposing the same digest keep the body byte for byte. <c>closed-by-tool</c> is added when the tool
/// itself closes the pull request (nothing left to propose): such a close rejects nothing. Names are percent-encoded outside a small safe
/// set, so no file name or branch can end the comment or split a field.
/// <para>
/// A marker longer than <see cref="PlainCharacters"/> is written as <c>v2</c>
/// (<see cref="PullRequestMarkerCompact"/>): the same facts grouped by file and stream, compressed,
/// in base64 lines, and never longer than the limit it is formatted for: past it the marker lists the
/// first tags of every stream and counts the rest as <see cref="Omitted"/>, so the body stays within
/// GitHub's 65,536 characters whatever the number of tags. <c>v1</c> markers still parse.
/// </para>
/// </summary>
internal sealed record PullRequestMarker(string BaseBranch, string? Group, IReadOnlyList<PullRequestMarkerEntry> Entries)
{
    public bool ClosedByTool { get; init; }

    /// <summary>The run that first proposed exactly these entries.</summary>
    public string? RunId { get; init; }

    /// <summary>
    /// Tags the pull request proposes that the marker does not list, because listing them would pass
    /// the marker's size limit. Closing the pull request rejects only the listed digests; the
    /// commit's <c>Image-Stream-Tag</c> trailers still name every tag.
    /// </summary>
    public int Omitted { get; init; }

    public const string Opening = "<!-- gitstreamsync:pull-request";
    private const string Version = "v1";
    internal const string Closing = "-->";

    /// <summary>Up to this length the marker is written as readable <c>v1</c> lines, which every version of the tool reads.</summary>
    public const int PlainCharacters = 8_192;

    /// <summary>The most a pull request's marker takes of its body, leaving the rest of GitHub's 65,536 characters to the text people read.</summary>
    public const int DefaultMaxCharacters = 40_000;

    public static PullRequestMarker From(PullRequestContent content) => new(
        content.BaseBranch,
        content.Group,
        content.Changes
            .OrderBy(c => c.Key.ToString(), StringComparer.Ordinal)
            .Select(c => new PullRequestMarkerEntry(c.Key, c.OldDigest, c.NewDigest) { FirstSeen = c.FirstSeen })
            .ToList())
    {
        RunId = content.RunId,
    };

    /// <summary>The marker as it goes into a body: <c>v1</c> lines when short, else <c>v2</c> within <paramref name="maxCharacters"/>.</summary>
    public string Format(int maxCharacters = DefaultMaxCharacters)
    {
        if (Omitted == 0)
        {
            var plain = FormatPlain();
            if (plain.Length <= Math.Min(PlainCharacters, maxCharacters))
            {
                return plain;
            }
        }

        return PullRequestMarkerCompact.Format(this, maxCharacters);
    }

    private string FormatPlain()
    {
        var builder = new StringBuilder();
        builder.Append(Opening).Append(' ').Append(Version).Append('\n');
        builder.Append("base ").Append(Encode(BaseBranch)).Append('\n');
        if (Group is not null)
        {
            builder.Append("group ").Append(Encode(Group)).Append('\n');
        }

        if (RunId is not null)
        {
            builder.Append("run ").Append(Encode(RunId)).Append('\n');
        }

        foreach (var entry in Entries)
        {
            builder.Append("set ")
                .Append(Encode(entry.Key.FilePath)).Append('#')
                .Append(Encode(entry.Key.Stream)).Append(':')
                .Append(Encode(entry.Key.Tag)).Append(' ')
                .Append(entry.OldDigest?.ToString() ?? "-").Append(' ')
                .Append(entry.NewDigest);
            if (entry.FirstSeen is { } seen)
            {
                builder.Append(' ').Append(seen.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            }

            builder.Append('\n');
        }

        if (ClosedByTool)
        {
            builder.Append("closed-by-tool\n");
        }

        builder.Append(Closing);
        return builder.ToString();
    }

    /// <summary>Reads the marker from a pull-request body; throws when there is none or it is malformed.</summary>
    public static PullRequestMarker Parse(string body) =>
        TryParse(body, out var marker, out var error) ? marker : throw new PullRequestMarkerFormatException(error);

    public static bool TryParse(string? body, [NotNullWhen(true)] out PullRequestMarker? marker) => TryParse(body, out marker, out _);

    public static bool TryParse(string? body, [NotNullWhen(true)] out PullRequestMarker? marker, out string error)
    {
        marker = null;
        var start = body?.IndexOf(Opening, StringComparison.Ordinal) ?? -1;
        if (body is null || start < 0)
        {
            error = "the body has no gitstreamsync marker";
            return false;
        }

        var end = body.IndexOf(Closing, start + Opening.Length, StringComparison.Ordinal);
        if (end < 0)
        {
            error = "the gitstreamsync marker is not closed with -->";
            return false;
        }

        // GitHub stores bodies edited in the browser with CRLF line ends.
        var lines = body[(start + Opening.Length)..end].Replace("\r", "", StringComparison.Ordinal).Split('\n');
        if (lines[0].Trim() == PullRequestMarkerCompact.Version)
        {
            return PullRequestMarkerCompact.TryParse(lines, out marker, out error);
        }

        if (lines[0].Trim() != Version)
        {
            error = $"unsupported gitstreamsync marker version '{lines[0].Trim()}' (expected {Version} or {PullRequestMarkerCompact.Version})";
            return false;
        }

        string? baseBranch = null;
        string? group = null;
        string? runId = null;
        var closedByTool = false;
        var entries = new List<PullRequestMarkerEntry>();
        for (var i = 1; i < lines.Length; i++)
        {
            var fields = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
            {
                continue;
            }

            var ok = fields[0] switch
            {
                "base" when fields.Length == 2 => TryDecode(fields[1], out baseBranch),
                "group" when fields.Length == 2 => TryDecode(fields[1], out group),
                "run" when fields.Length == 2 => TryDecode(fields[1], out runId),
                "set" when fields.Length is 4 or 5 => TryParseEntry(fields, entries),
                "closed-by-tool" => closedByTool = true,
                // Lines of a later minor format are skipped, so older runs still read the entries.
                "base" or "group" or "run" or "set" => false,
                _ => true,
            };
            if (!ok)
            {
                error = $"malformed gitstreamsync marker line {i + 1}: '{lines[i].Trim()}'";
                return false;
            }
        }

        if (baseBranch is null)
        {
            error = "the gitstreamsync marker names no base branch";
            return false;
        }

        marker = new PullRequestMarker(baseBranch, group, entries) { ClosedByTool = closedByTool, RunId = runId };
        error = "";
        return true;
    }

    /// <summary>The body with its marker rewritten as <paramref name="marker"/>; the rest of the body keeps every byte.</summary>
    public static string Replace(string body, PullRequestMarker marker)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(marker);
        var start = body.IndexOf(Opening, StringComparison.Ordinal);
        var end = start < 0 ? -1 : body.IndexOf(Closing, start + Opening.Length, StringComparison.Ordinal);
        return end < 0 ? body + "\n\n" + marker.Format() + "\n" : body[..start] + marker.Format() + body[(end + Closing.Length)..];
    }

    private static bool TryParseEntry(string[] fields, List<PullRequestMarkerEntry> entries)
    {
        var key = fields[1];
        var hash = key.IndexOf('#', StringComparison.Ordinal);
        var colon = key.LastIndexOf(':');
        if (hash <= 0 || colon <= hash + 1 || colon == key.Length - 1
            || !TryDecode(key[..hash], out var file)
            || !TryDecode(key[(hash + 1)..colon], out var stream)
            || !TryDecode(key[(colon + 1)..], out var tag))
        {
            return false;
        }

        Digest? old = null;
        if ((fields[2] != "-" && !Digest.TryParse(fields[2], out old)) || !Digest.TryParse(fields[3], out var proposed))
        {
            return false;
        }

        DateTimeOffset? firstSeen = null;
        if (fields.Length == 5)
        {
            if (!DateTimeOffset.TryParseExact(fields[4], "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var seen))
            {
                return false;
            }

            firstSeen = seen;
        }

        entries.Add(new PullRequestMarkerEntry(new TagKey(file, stream, tag), old, proposed) { FirstSeen = firstSeen });
        return true;
    }

    internal static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '/' or '~' or '+' or '=' or ',' or '-')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    internal static bool TryDecode(string value, [NotNullWhen(true)] out string? decoded)
    {
        decoded = null;
        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] > 0x7F)
            {
                return false;
            }

            if (value[i] != '%')
            {
                bytes.Add((byte)value[i]);
                continue;
            }

            if (i + 2 >= value.Length || !byte.TryParse(value.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                return false;
            }

            bytes.Add(b);
            i += 2;
        }

        decoded = Encoding.UTF8.GetString(bytes.ToArray());
        return decoded.Length > 0;
    }

    public bool Equals(PullRequestMarker? other) =>
        other is not null && BaseBranch == other.BaseBranch && Group == other.Group && ClosedByTool == other.ClosedByTool && RunId == other.RunId
        && Omitted == other.Omitted && Entries.SequenceEqual(other.Entries);

    public override int GetHashCode() => HashCode.Combine(BaseBranch, Group, Entries.Count);
}

/// <summary>One tag the pull request proposed: <see cref="NewDigest"/> replacing <see cref="OldDigest"/>, first proposed at <see cref="FirstSeen"/>.</summary>
internal sealed record PullRequestMarkerEntry(TagKey Key, Digest? OldDigest, Digest NewDigest)
{
    public DateTimeOffset? FirstSeen { get; init; }
}

public sealed class PullRequestMarkerFormatException(string message) : FormatException(message);
