using System.Text;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Schedule;
using GitStreamSync.Core.Select;

namespace GitStreamSync.Fuzz.Harnesses;

/// <summary>
/// Schedules as written in a <c>gitstreamsync.io/schedule</c> annotation, the settings file or
/// <c>--schedule</c> (first line), <c>--since</c> (second line) and a duration (third line): each
/// parses or is refused with a reason; a schedule that parses parses again from its text, its next
/// occurrence is later and its previous one earlier, and a stream carrying it as an annotation is
/// selected or not without a problem.
/// </summary>
internal static class ScheduleHarness
{
    private static readonly DateTimeOffset Now = new(2026, 3, 29, 1, 30, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public static void Run(byte[] bytes)
    {
        var lines = Encoding.UTF8.GetString(bytes).Split('\n');
        var cron = lines[0];
        foreach (var zone in new[] { TimeZoneInfo.Utc, Berlin })
        {
            if (!CronSchedule.TryParse(cron, zone, out var schedule, out var error))
            {
                Invariant.That(error.Length > 0, $"'{cron}' is refused without a reason");
                continue;
            }

            Invariant.That(CronSchedule.TryParse(schedule.Text, zone, out var again, out _) && again.Text == schedule.Text, $"'{schedule.Text}' does not parse again");
            var next = schedule.Next(Now);
            Invariant.That(next is null || next > Now, $"'{cron}': next {next:O} is not after {Now:O}");
            var previous = schedule.Previous(Now);
            Invariant.That(previous is null || previous < Now, $"'{cron}': previous {previous:O} is not before {Now:O}");
            if (previous is { } before)
            {
                Invariant.That(schedule.Next(before) >= Now, $"'{cron}': an occurrence lies between the previous one and now");
            }

            var stream = new ImageStreamDocument
            {
                FilePath = "s.yaml",
                Format = DocumentFormat.Yaml,
                DocumentIndex = 0,
                Name = "s",
                Location = new SourceLocation(1, 1),
                Span = new TextSpan(0, 0),
                Annotations = new Dictionary<string, string> { [ScheduleAnnotations.Schedule] = cron },
            };
            var selection = DueStreamSelector.Select([stream], DueRule.InWindow(new ScheduleWindow(Now.AddDays(-1), Now)), new ScheduleDefaults(zone));
            Invariant.That(selection.Problems.Count == 0, $"'{cron}' parses but its annotation is a problem");
            Invariant.That(selection.Due!.Contains(stream.DisplayName) == (schedule.Next(Now.AddDays(-1)) <= Now), $"'{cron}' is due otherwise than it fires");
        }

        if (lines.Length > 1 && SinceTime.TryParse(lines[1], Now, out var since, out var sinceError))
        {
            Invariant.That(since <= Now || sinceError.Length == 0, $"--since '{lines[1]}' reads as {since:O}");
        }

        if (lines.Length > 2 && DurationText.TryParse(lines[2], out var duration))
        {
            Invariant.That(duration >= TimeSpan.Zero, $"'{lines[2]}' reads as a negative duration {duration}");
        }
    }
}
