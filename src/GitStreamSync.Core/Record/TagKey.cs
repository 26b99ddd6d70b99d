using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace GitStreamSync.Core.Record;

/// <summary>
/// A tag's address in a repository: <c>&lt;file&gt;#&lt;stream&gt;:&lt;tag&gt;</c>. Stream and tag names hold
/// neither '#' nor ':' nor spaces, so the file is everything before the last '#'. In the file path,
/// '%', spaces and control characters are percent-encoded so the trailer stays one space-separated line.
/// </summary>
public sealed record TagKey(string FilePath, string Stream, string Tag)
{
    public static TagKey Parse(string text) =>
        TryParse(text, out var key) ? key : throw new TagKeyFormatException($"'{text}' is not a tag key: expected FILE#STREAM:TAG");

    public static bool TryParse(string? text, [NotNullWhen(true)] out TagKey? key)
    {
        key = null;
        var hash = text?.LastIndexOf('#') ?? -1;
        if (text is null || hash <= 0)
        {
            return false;
        }

        var colon = text.IndexOf(':', hash + 1);
        if (colon <= hash + 1 || colon == text.Length - 1 || text.AsSpan(hash + 1).ContainsAny(" \t#") || text.IndexOf(':', colon + 1) >= 0)
        {
            return false;
        }

        if (DecodePath(text[..hash]) is not { } path)
        {
            return false;
        }

        key = new TagKey(path, text[(hash + 1)..colon], text[(colon + 1)..]);
        return true;
    }

    public override string ToString() => $"{EncodePath(FilePath)}#{Stream}:{Tag}";

    private static string EncodePath(string path)
    {
        var builder = new StringBuilder(path.Length);
        foreach (var c in path)
        {
            if (c is '%' or ' ' || char.IsControl(c) || (char.IsWhiteSpace(c) && c <= '\u00FF'))
            {
                builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (char.IsWhiteSpace(c))
            {
                // Other Unicode spaces (U+2000..., U+3000) would be trimmed off a trailer's value: %uXXXX.
                builder.Append("%u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string? DecodePath(string encoded)
    {
        if (!encoded.Contains('%', StringComparison.Ordinal))
        {
            return encoded;
        }

        var builder = new StringBuilder(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            if (encoded[i] != '%')
            {
                builder.Append(encoded[i]);
                continue;
            }

            if (i + 5 < encoded.Length && encoded[i + 1] == 'u'
                && int.TryParse(encoded.AsSpan(i + 2, 4), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var wide))
            {
                builder.Append((char)wide);
                i += 5;
                continue;
            }

            if (i + 2 >= encoded.Length || !int.TryParse(encoded.AsSpan(i + 1, 2), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var code))
            {
                return null;
            }

            builder.Append((char)code);
            i += 2;
        }

        return builder.ToString();
    }
}

public sealed class TagKeyFormatException(string message) : FormatException(message);
