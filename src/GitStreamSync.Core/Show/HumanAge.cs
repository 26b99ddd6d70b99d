using System.Globalization;

namespace GitStreamSync.Core.Show;

/// <summary>
/// An age as <c>oc get is</c> prints UPDATED ("2 days ago"): docker/go-units' HumanDuration, which
/// oc's printer uses, followed by "ago".
/// </summary>
internal static class HumanAge
{
    public static string Ago(DateTimeOffset then, DateTimeOffset now) => Duration(now - then) + " ago";

    public static string Duration(TimeSpan age)
    {
        var seconds = (int)age.TotalSeconds;
        if (seconds < 1)
        {
            return "Less than a second";
        }

        if (seconds == 1)
        {
            return "1 second";
        }

        if (seconds < 60)
        {
            return Text($"{seconds} seconds");
        }

        var minutes = (int)age.TotalMinutes;
        if (minutes == 1)
        {
            return "About a minute";
        }

        if (minutes < 60)
        {
            return Text($"{minutes} minutes");
        }

        var hours = (int)(age.TotalHours + 0.5);
        return hours switch
        {
            1 => "About an hour",
            < 48 => Text($"{hours} hours"),
            < 24 * 7 * 2 => Text($"{hours / 24} days"),
            < 24 * 30 * 2 => Text($"{hours / 24 / 7} weeks"),
            < 24 * 365 * 2 => Text($"{hours / 24 / 30} months"),
            _ => Text($"{(int)age.TotalHours / 24 / 365} years"),
        };
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
