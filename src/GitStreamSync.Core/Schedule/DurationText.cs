using System.Globalization;
using System.Text.RegularExpressions;

namespace GitStreamSync.Core.Schedule;

/// <summary>Durations on the command line: days, hours, minutes and seconds, e.g. <c>30s</c>, <c>5m</c>, <c>1h30m</c>, <c>2d</c>, or <c>0</c>.</summary>
public static partial class DurationText
{
    public static TimeSpan Parse(string text, string optionName) =>
        TryParse(text, out var duration) ? duration
        : throw new ScheduleFormatException($"{optionName} '{text}' is not a duration such as 30s, 5m, 1h30m or 2d");

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var trimmed = text?.Trim() ?? "";
        if (trimmed == "0")
        {
            return true;
        }

        var match = Pattern().Match(trimmed);
        if (!match.Success || !trimmed.Any(char.IsAsciiDigit))
        {
            return false;
        }

        duration = TimeSpan.FromDays(Number(match, "d")) + TimeSpan.FromHours(Number(match, "h"))
            + TimeSpan.FromMinutes(Number(match, "m")) + TimeSpan.FromSeconds(Number(match, "s"));
        return true;
    }

    private static long Number(Match match, string unit) =>
        match.Groups[unit].Success ? long.Parse(match.Groups[unit].Value, CultureInfo.InvariantCulture) : 0;

    // ASCII digits only: \d also matches the digits of other scripts, which the number parse refuses.
    [GeneratedRegex(@"^(?:(?<d>[0-9]{1,5})d)?(?:(?<h>[0-9]{1,6})h)?(?:(?<m>[0-9]{1,8})m)?(?:(?<s>[0-9]{1,9})s)?$")]
    private static partial Regex Pattern();
}
