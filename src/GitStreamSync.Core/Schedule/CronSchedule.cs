using System.Diagnostics.CodeAnalysis;
using Cronos;

namespace GitStreamSync.Core.Schedule;

/// <summary>
/// A cron expression evaluated in one time zone. Accepts the 5-field form (minute precision), the
/// 6-field form (leading seconds field) and the macros Cronos knows (<c>@hourly</c>, <c>@daily</c>,
/// <c>@midnight</c>, <c>@weekly</c>, <c>@monthly</c>, <c>@yearly</c>, <c>@annually</c>,
/// <c>@every_minute</c>, <c>@every_second</c>). Daylight-saving transitions follow Cronos: an
/// occurrence inside a skipped hour fires at the end of the gap, and one inside a repeated hour fires
/// once (interval fields such as <c>*/15</c> fire in both copies of the hour, as cron does).
/// </summary>
public sealed class CronSchedule
{
    // Going back further than this finds nothing any schedule here is written for, and bounds the
    // search for expressions that never fire (e.g. 30 February).
    private static readonly TimeSpan MaxLookBehind = TimeSpan.FromDays(366 * 30);

    private readonly CronExpression expression;

    private CronSchedule(string text, CronExpression expression, TimeZoneInfo zone)
    {
        Text = text;
        this.expression = expression;
        Zone = zone;
    }

    /// <summary>The expression as written (trimmed).</summary>
    public string Text { get; }

    public TimeZoneInfo Zone { get; }

    public static CronSchedule Parse(string text, TimeZoneInfo zone) =>
        TryParse(text, zone, out var schedule, out var error) ? schedule : throw new ScheduleFormatException(error);

    public static bool TryParse(string? text, TimeZoneInfo zone, [NotNullWhen(true)] out CronSchedule? schedule) =>
        TryParse(text, zone, out schedule, out _);

    public static bool TryParse(string? text, TimeZoneInfo zone, [NotNullWhen(true)] out CronSchedule? schedule, out string error)
    {
        ArgumentNullException.ThrowIfNull(zone);
        schedule = null;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            error = "a cron expression is empty";
            return false;
        }

        CronFormat format;
        if (trimmed.StartsWith('@'))
        {
            // @every_second only exists with a seconds field; the other macros read either way.
            format = trimmed.Equals("@every_second", StringComparison.OrdinalIgnoreCase) ? CronFormat.IncludeSeconds : CronFormat.Standard;
        }
        else
        {
            var fields = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
            switch (fields)
            {
                case 5:
                    format = CronFormat.Standard;
                    break;
                case 6:
                    format = CronFormat.IncludeSeconds;
                    break;
                default:
                    error = $"'{trimmed}' is not a cron expression: expected 5 fields (minute hour day month weekday), 6 fields (with seconds first) or a macro such as @daily, found {fields} fields";
                    return false;
            }
        }

        try
        {
            schedule = new CronSchedule(trimmed, CronExpression.Parse(trimmed, format), zone);
            error = "";
            return true;
        }
        catch (CronFormatException ex)
        {
            error = $"'{trimmed}' is not a cron expression: {ex.Message}";
            return false;
        }
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null when there is none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after) =>
        expression.GetNextOccurrence(after, Zone, inclusive: false)?.ToUniversalTime();

    /// <summary>The last occurrence strictly before <paramref name="before"/>, or null within the look-behind bound.</summary>
    public DateTimeOffset? Previous(DateTimeOffset before)
    {
        // Cronos only searches forward: scan ever older chunks, doubling their length, and take the
        // latest occurrence of the first chunk that has one.
        var end = before;
        var length = TimeSpan.FromMinutes(1);
        var floor = before - MaxLookBehind;
        while (end > floor)
        {
            var start = end - length < floor ? floor : end - length;
            DateTimeOffset? latest = null;
            foreach (var occurrence in expression.GetOccurrences(start, end, Zone, fromInclusive: true, toInclusive: false))
            {
                latest = occurrence;
            }

            if (latest is { } found)
            {
                return LastBefore(found.ToUniversalTime(), before);
            }

            end = start;
            length += length;
        }

        return null;
    }

    /// <summary>
    /// The last occurrence before <paramref name="before"/>, walking forward from
    /// <paramref name="candidate"/> with <see cref="Next"/>, which every window's occurrence list is
    /// built from. A chunk searched from its start inclusive misses an occurrence moved to the end of
    /// a daylight-saving gap when the chunk starts exactly on it: "1 * * * *" in Europe/Berlin on the
    /// night that skips 02:00-03:00 fires at 03:00 (01:00 UTC) for 02:01, but a search from 01:00 UTC
    /// inclusive looks for a minute 1 at or after 03:00 local and finds 03:01. The first chunk back
    /// from 03:01 starts on 03:00, so the run at 03:01 got the window from 01:01, overlapping the
    /// run at 03:00 and holding two occurrences.
    /// </summary>
    private DateTimeOffset LastBefore(DateTimeOffset candidate, DateTimeOffset before)
    {
        var last = candidate;
        while (Next(last) is { } later && later < before)
        {
            last = later;
        }

        return last;
    }

    /// <summary>Occurrences in <c>(from, to]</c>, oldest first.</summary>
    public IEnumerable<DateTimeOffset> OccurrencesIn(ScheduleWindow window) =>
        window.To <= window.From
            ? []
            : expression.GetOccurrences(window.From, window.To, Zone, fromInclusive: false, toInclusive: true).Select(o => o.ToUniversalTime());

    public override string ToString() => Zone == TimeZoneInfo.Utc ? Text : $"{Text} ({Zone.Id})";
}
