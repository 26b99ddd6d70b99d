using System.Globalization;
using System.Text.RegularExpressions;

namespace GitStreamSync.Core.Schedule;

/// <summary>
/// Reads <c>--since TIME</c>: an RFC 3339 instant with an offset (<c>2026-03-29T00:00:00Z</c>,
/// <c>2026-03-29T02:00:00+02:00</c>), a UTC date (<c>2026-03-29</c> = its midnight UTC), or an age
/// before now made of days, hours, minutes and seconds (<c>6h</c>, <c>1d12h</c>, <c>90m</c>).
/// A time without an offset is refused: the machine's local zone must never decide a window.
/// </summary>
public static partial class SinceTime
{
    public static DateTimeOffset Parse(string text, DateTimeOffset now) =>
        TryParse(text, now, out var since, out var error) ? since : throw new ScheduleFormatException(error);

    public static bool TryParse(string? text, DateTimeOffset now, out DateTimeOffset since, out string error)
    {
        since = default;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            error = "--since is empty";
            return false;
        }

        if (trimmed != "0" && DurationText.TryParse(trimmed, out var age))
        {
            since = now - age;
            error = "";
            return true;
        }

        if (DateOnlyPattern().IsMatch(trimmed)
            && DateTime.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            since = new DateTimeOffset(date, TimeSpan.Zero);
            error = "";
            return true;
        }

        if (OffsetPattern().IsMatch(trimmed)
            && DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            since = instant.ToUniversalTime();
            error = "";
            return true;
        }

        error = $"--since '{trimmed}' is neither an RFC 3339 time with an offset (2026-03-29T00:00:00Z), a date (2026-03-29) nor an age (6h, 1d12h, 90m)";
        return false;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DateOnlyPattern();

    // An explicit offset (Z or ±hh:mm) after a time of day.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex OffsetPattern();
}
