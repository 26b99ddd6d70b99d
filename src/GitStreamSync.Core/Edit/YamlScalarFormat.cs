using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace GitStreamSync.Core.Edit;

/// <summary>How a timestamp is quoted in a YAML status block.</summary>
internal enum TimestampQuoting
{
    Double,
    Single,
    Plain,
}

/// <summary>
/// Writes YAML and JSON scalars the way <c>oc get -o yaml</c> (go-yaml) does: plain when that reads
/// back as the same string, double quotes for strings that would read as another type (
/// <c>"False"</c>, <c>"2021-11-15T05:06:44Z"</c>), single quotes for the rest.
/// </summary>
internal static partial class YamlScalarFormat
{
    public static string Time(DateTimeOffset time, TimestampQuoting quoting)
    {
        var utc = time.ToUniversalTime();
        var text = utc.Ticks % TimeSpan.TicksPerSecond == 0
            ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
        return quoting switch
        {
            TimestampQuoting.Plain => text,
            TimestampQuoting.Single => $"'{text}'",
            _ => $"\"{text}\"",
        };
    }

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string String(string value)
    {
        if (value.Length == 0 || ReadsAsAnotherType(value))
        {
            return DoubleQuoted(value);
        }

        if (CanBePlain(value))
        {
            return value;
        }

        return HasUnprintable(value)
            ? DoubleQuoted(value)
            : $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";
    }

    public static string DoubleQuoted(string value) =>
        Quoted(value, c => char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF');

    /// <summary>A JSON string literal; non-ASCII characters stay as they are.</summary>
    public static string Json(string value) => Quoted(value, c => c < ' ' || c is '\u2028' or '\u2029');

    // YAML double-quoted and JSON strings share their escapes; they differ in which other
    // characters must be written as \uXXXX.
    private static string Quoted(string value, Func<char, bool> escapeAsCodePoint)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when escapeAsCodePoint(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    private static bool CanBePlain(string value) =>
        !"-?:,[]{}#&*!|>'\"%@`".Contains(value[0], StringComparison.Ordinal)
        && value[0] != ' ' && value[^1] is not ' ' and not ':'
        && !value.Contains(": ", StringComparison.Ordinal) && !value.Contains(" #", StringComparison.Ordinal)
        && !HasUnprintable(value);

    // A control character (U+0085 among them), half of a character pair, a line or paragraph
    // separator or a byte-order mark: none may stand in a plain or single-quoted scalar. A loop
    // rather than a query, since every value of every status written passes here.
    private static bool HasUnprintable(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or '\uFEFF')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>YAML 1.1 resolves these plain scalars to null, bool, number or timestamp, so go-yaml quotes them.</summary>
    private static bool ReadsAsAnotherType(string value) => OtherType().IsMatch(value);

    [GeneratedRegex(
        @"^(~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|<<|="
        + @"|[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|[-+]?0b[01_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?0o?[0-7_]+"
        + @"|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
        + @"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex OtherType();
}
