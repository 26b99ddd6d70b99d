using GitStreamSync.Core.Images;
using GitStreamSync.Core.Record;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace GitStreamSync.Core.Propose;

/// <summary>
/// The <c>v2</c> form of <see cref="PullRequestMarker"/>, for pull requests with many tags. The head
/// lines stay readable; the entries are grouped by file and stream, compressed and written as base64
/// lines (no base64 character can end the HTML comment):
/// <code>
/// &lt;!-- gitstreamsync:pull-request v2
/// base main
/// group myubuntu
/// run 20261128T040000Z-1a2b3c
/// entries 5000 omitted 4200
/// eJzt3U1v...
/// --&gt;
/// </code>
/// Uncompressed, the entries read <c>seen TIME</c> lines (numbered from 0 in order), then
/// <c>file PATH</c> and <c>stream NAME</c> lines that hold until the next of their kind, and one
/// <c>tag NAME DIGEST SEEN-NUMBER|-</c> line per tag. The old digest is left out: nothing decides on
/// it, and the commit's <c>Image-Stream-Tag</c> trailer keeps it. A random digest does not compress,
/// so a few hundred tags is what fits in the limit; past it the marker lists the first tags of every
/// stream (as the body shows them) and counts the rest in <c>omitted</c>.
/// </summary>
internal static class PullRequestMarkerCompact
{
    public const string Version = "v2";

    private const int LineLength = 100;

    // A marker is read from a body of at most 65,536 characters; nothing honest inflates past this.
    private const int MaxPayloadBytes = 16 * 1024 * 1024;

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public static string Format(PullRequestMarker marker, int maxCharacters)
    {
        var all = marker.Entries;
        var full = Format(marker, all, marker.Omitted);
        if (full.Length <= maxCharacters)
        {
            return full;
        }

        // Keep the first tags of every stream, the rows the body shows, and as many as fit.
        var ranked = ByRankInStream(all);
        var (low, high) = (0, ranked.Count - 1);
        var best = Format(marker, [], marker.Omitted + ranked.Count);
        while (low <= high)
        {
            var middle = (low + high) / 2;
            // Written in file and stream order, so each file and stream is named once.
            var listed = ranked.Take(middle + 1).OrderBy(e => e.Key.ToString(), StringComparer.Ordinal).ToList();
            var text = Format(marker, listed, marker.Omitted + ranked.Count - middle - 1);
            if (text.Length <= maxCharacters)
            {
                best = text;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return best;
    }

    public static bool TryParse(string[] lines, [NotNullWhen(true)] out PullRequestMarker? marker, out string error)
    {
        marker = null;
        string? baseBranch = null;
        string? group = null;
        string? runId = null;
        var closedByTool = false;
        int? count = null;
        var omitted = 0;
        var payload = new StringBuilder();
        for (var i = 1; i < lines.Length; i++)
        {
            var fields = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
            {
                continue;
            }

            // Every line after the entries line is base64, whatever word it happens to spell.
            var ok = count is not null ? fields.Length == 1 && IsBase64(fields[0]) && payload.Append(fields[0]) is not null : fields[0] switch
            {
                "base" when fields.Length == 2 => PullRequestMarker.TryDecode(fields[1], out baseBranch),
                "group" when fields.Length == 2 => PullRequestMarker.TryDecode(fields[1], out group),
                "run" when fields.Length == 2 => PullRequestMarker.TryDecode(fields[1], out runId),
                "closed-by-tool" when fields.Length == 1 => closedByTool = true,
                "entries" when fields.Length == 4 && fields[2] == "omitted" => TryCount(fields[1], out count) && TryCount(fields[3], out omitted),
                "base" or "group" or "run" or "entries" => false,
                // Lines of a later minor format are skipped, so older runs still read the entries.
                _ => true,
            };
            if (!ok)
            {
                error = $"malformed gitstreamsync marker line {i + 1}: '{Excerpt(lines[i].Trim())}'";
                return false;
            }
        }

        if (baseBranch is null)
        {
            error = "the gitstreamsync marker names no base branch";
            return false;
        }

        if (count is null)
        {
            error = "the gitstreamsync marker v2 has no entries line";
            return false;
        }

        if (!TryReadEntries(payload.ToString(), out var entries, out error))
        {
            return false;
        }

        if (entries.Count != count)
        {
            error = $"the gitstreamsync marker lists {entries.Count.ToString(CultureInfo.InvariantCulture)} entries where it says {count.Value.ToString(CultureInfo.InvariantCulture)}";
            return false;
        }

        marker = new PullRequestMarker(baseBranch, group, entries) { ClosedByTool = closedByTool, RunId = runId, Omitted = omitted };
        error = "";
        return true;
    }

    private static string Format(PullRequestMarker marker, IReadOnlyList<PullRequestMarkerEntry> entries, int omitted)
    {
        var builder = new StringBuilder();
        builder.Append(PullRequestMarker.Opening).Append(' ').Append(Version).Append('\n');
        builder.Append("base ").Append(PullRequestMarker.Encode(marker.BaseBranch)).Append('\n');
        if (marker.Group is not null)
        {
            builder.Append("group ").Append(PullRequestMarker.Encode(marker.Group)).Append('\n');
        }

        if (marker.RunId is not null)
        {
            builder.Append("run ").Append(PullRequestMarker.Encode(marker.RunId)).Append('\n');
        }

        if (marker.ClosedByTool)
        {
            builder.Append("closed-by-tool\n");
        }

        builder.Append(CultureInfo.InvariantCulture, $"entries {entries.Count} omitted {omitted}\n");
        var packed = Convert.ToBase64String(Compress(Payload(entries)));
        for (var i = 0; i < packed.Length; i += LineLength)
        {
            builder.Append(packed, i, Math.Min(LineLength, packed.Length - i)).Append('\n');
        }

        builder.Append(PullRequestMarker.Closing);
        return builder.ToString();
    }

    private static string Payload(IReadOnlyList<PullRequestMarkerEntry> entries)
    {
        var times = entries.Select(e => e.FirstSeen).OfType<DateTimeOffset>().Select(t => t.ToUniversalTime()).Distinct().Order().ToList();
        var timeNumbers = times.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i);
        var text = new StringBuilder();
        foreach (var time in times)
        {
            text.Append("seen ").Append(time.ToString(TimeFormat, CultureInfo.InvariantCulture)).Append('\n');
        }

        string? file = null;
        string? stream = null;
        foreach (var entry in entries)
        {
            if (entry.Key.FilePath != file)
            {
                file = entry.Key.FilePath;
                text.Append("file ").Append(PullRequestMarker.Encode(file)).Append('\n');
            }

            if (entry.Key.Stream != stream)
            {
                stream = entry.Key.Stream;
                text.Append("stream ").Append(PullRequestMarker.Encode(stream)).Append('\n');
            }

            text.Append("tag ").Append(PullRequestMarker.Encode(entry.Key.Tag)).Append(' ').Append(entry.NewDigest).Append(' ')
                .Append(entry.FirstSeen is { } seen ? timeNumbers[seen.ToUniversalTime()].ToString(CultureInfo.InvariantCulture) : "-").Append('\n');
        }

        return text.ToString();
    }

    private static bool TryReadEntries(string base64, out List<PullRequestMarkerEntry> entries, out string error)
    {
        entries = [];
        string text;
        try
        {
            text = Decompress(Convert.FromBase64String(base64));
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException)
        {
            error = $"the gitstreamsync marker's entries do not decode: {ex.Message}";
            return false;
        }

        var times = new List<DateTimeOffset>();
        string? file = null;
        string? stream = null;
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var line in lines)
        {
            var fields = line.Split(' ');
            var ok = fields[0] switch
            {
                "seen" when fields.Length == 2 && DateTimeOffset.TryParseExact(fields[1], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) => Add(times, time),
                "file" when fields.Length == 2 => PullRequestMarker.TryDecode(fields[1], out file),
                "stream" when fields.Length == 2 => PullRequestMarker.TryDecode(fields[1], out stream),
                "tag" when fields.Length == 4 && file is not null && stream is not null => TryAddTag(fields, file, stream, times, entries),
                _ => false,
            };
            if (!ok)
            {
                error = $"malformed gitstreamsync marker entry '{Excerpt(line)}'";
                return false;
            }
        }

        error = "";
        return true;
    }

    private static bool TryAddTag(string[] fields, string file, string stream, List<DateTimeOffset> times, List<PullRequestMarkerEntry> entries)
    {
        if (!PullRequestMarker.TryDecode(fields[1], out var tag) || !Digest.TryParse(fields[2], out var digest))
        {
            return false;
        }

        DateTimeOffset? seen = null;
        if (fields[3] != "-")
        {
            if (!int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number >= times.Count)
            {
                return false;
            }

            seen = times[number];
        }

        entries.Add(new PullRequestMarkerEntry(new TagKey(file, stream, tag), null, digest) { FirstSeen = seen });
        return true;
    }

    /// <summary>All streams' first tags, then all streams' second tags, and so on; streams and tags in the marker's order.</summary>
    private static List<PullRequestMarkerEntry> ByRankInStream(IReadOnlyList<PullRequestMarkerEntry> entries) =>
        [.. entries
            .GroupBy(e => (e.Key.FilePath, e.Key.Stream))
            .SelectMany(stream => stream.OrderBy(e => e.Key.Tag, StringComparer.Ordinal).Select((entry, rank) => (entry, rank)))
            .OrderBy(p => p.rank)
            .ThenBy(p => p.entry.Key.FilePath, StringComparer.Ordinal)
            .ThenBy(p => p.entry.Key.Stream, StringComparer.Ordinal)
            .Select(p => p.entry)];

    private static byte[] Compress(string text)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflate.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    private static string Decompress(byte[] packed)
    {
        using var input = new MemoryStream(packed);
        using var deflate = new DeflateStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = deflate.Read(buffer)) > 0)
        {
            if (output.Length + read > MaxPayloadBytes)
            {
                throw new InvalidDataException("the entries inflate past 16 MiB");
            }

            output.Write(buffer, 0, read);
        }

        return Encoding.UTF8.GetString(output.ToArray());
    }

    private static bool TryCount(string text, [NotNullWhen(true)] out int? count)
    {
        count = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        return count is not null;
    }

    private static bool TryCount(string text, out int count)
    {
        var ok = TryCount(text, out int? value);
        count = value ?? 0;
        return ok;
    }

    private static bool Add(List<DateTimeOffset> times, DateTimeOffset time)
    {
        times.Add(time);
        return true;
    }

    private static bool IsBase64(string text) => text.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=');

    private static string Excerpt(string line) => line.Length <= 80 ? line : line[..80] + "…";
}
