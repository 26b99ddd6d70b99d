using GitStreamSync.Core.Images;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Schedule;
namespace GitStreamSync.Core.Select;

/// <summary>Why one stream is or is not due in a run.</summary>
public sealed record StreamDueDecision(string StreamKey, string? Cron, bool Due, string Reason);

/// <summary>
/// The streams due in a run, keyed <c>FilePath#Name</c> as <see cref="ImageStreamDocument.DisplayName"/>;
/// <see cref="Due"/> is null when every stream is due. Invalid schedules are problems, and their
/// streams are not due (the run cannot tell when they should be).
/// </summary>
public sealed record StreamDueSelection(
    IReadOnlySet<string>? Due,
    IReadOnlyList<StreamDueDecision> Decisions,
    IReadOnlyList<Problem> Problems);

public static class DueStreamSelector
{
    /// <param name="fileTexts">Optional file texts by path, to point problems at the annotation itself.</param>
    public static StreamDueSelection Select(
        IReadOnlyList<ImageStreamDocument> streams,
        DueRule rule,
        ScheduleDefaults defaults,
        IReadOnlyDictionary<string, string>? fileTexts = null)
    {
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(defaults);

        var problems = new List<Problem>();
        CronSchedule? defaultSchedule = null;
        var defaultValid = true;
        if (defaults.Cron is not null && !CronSchedule.TryParse(defaults.Cron, defaults.Zone, out defaultSchedule, out var defaultError))
        {
            defaultValid = false;
            var source = defaults.Source ?? new ConfigSource(".gitstreamsync.yaml", new SourceLocation(1, 1));
            problems.Add(new Problem(source.FilePath, source.Location, $"default schedule: {defaultError}"));
        }

        var decisions = new List<StreamDueDecision>(streams.Count);
        foreach (var stream in streams)
        {
            var key = stream.DisplayName;
            if (rule is DueRule.PushedImages pushed)
            {
                decisions.Add(DecidePushed(stream, pushed));
                continue;
            }

            if (stream.Annotations.TryGetValue(ScheduleAnnotations.Schedule, out var own))
            {
                if (!CronSchedule.TryParse(own, defaults.Zone, out var schedule, out var error))
                {
                    problems.Add(new Problem(stream.FilePath, AnnotationLocation(stream, fileTexts), $"{ScheduleAnnotations.Schedule}: {error}"));
                    decisions.Add(new StreamDueDecision(key, own, Due: false, "invalid schedule"));
                    continue;
                }

                decisions.Add(Decide(key, schedule, rule));
            }
            else if (!defaultValid)
            {
                decisions.Add(new StreamDueDecision(key, defaults.Cron, Due: false, "invalid default schedule"));
            }
            else
            {
                decisions.Add(Decide(key, defaultSchedule, rule));
            }
        }

        IReadOnlySet<string>? due = rule is DueRule.AllStreams && problems.Count == 0
            ? null
            : decisions.Where(d => d.Due).Select(d => d.StreamKey).ToHashSet(StringComparer.Ordinal);
        return new StreamDueSelection(due, decisions, problems);
    }

    private static StreamDueDecision DecidePushed(ImageStreamDocument stream, DueRule.PushedImages pushed)
    {
        var followed = stream.SpecTags
            .Where(t => t.From is { Kind: TagSourceKind.DockerImage })
            .Select(t => ImageReference.TryParse(t.From!.Name, out var reference) ? DueRule.ImageKey(reference.Registry, reference.Path) : null)
            .Append(stream.RepositoryImport is { Repository: var repository } ? DueRule.ImageKey(repository.Registry, repository.Path) : null)
            .FirstOrDefault(image => image is not null && pushed.Images.Contains(image));
        return followed is null
            ? new StreamDueDecision(stream.DisplayName, null, Due: false, "follows none of the pushed images")
            : new StreamDueDecision(stream.DisplayName, null, Due: true, $"{followed} was pushed");
    }

    private static StreamDueDecision Decide(string key, CronSchedule? schedule, DueRule rule)
    {
        if (rule is DueRule.AllStreams)
        {
            return new StreamDueDecision(key, schedule?.Text, Due: true, "every stream is due");
        }

        if (schedule is null)
        {
            return new StreamDueDecision(key, null, Due: true, "no schedule of its own: due on every run");
        }

        ScheduleWindow window;
        switch (rule)
        {
            case DueRule.Window w:
                window = w.Value;
                break;
            case DueRule.LastCheck last when last.Checked.TryGetValue(key, out var checkedAt):
                window = new ScheduleWindow(checkedAt, last.Now);
                break;
            case DueRule.LastCheck:
                return new StreamDueDecision(key, schedule.Text, Due: true, "not checked yet by this worker");
            default:
                throw new ArgumentOutOfRangeException(nameof(rule), rule, "unknown due rule");
        }

        var fired = schedule.Next(window.From);
        return fired is { } at && at <= window.To
            ? new StreamDueDecision(key, schedule.Text, Due: true, $"fired at {Format(at)} in {window}")
            : new StreamDueDecision(key, schedule.Text, Due: false, fired is { } next ? $"next at {Format(next)}" : "never fires again");
    }

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    // The document model keeps no span per annotation: find the key's text inside the stream's own
    // span, so the problem points at the line a person has to fix.
    private static SourceLocation AnnotationLocation(ImageStreamDocument stream, IReadOnlyDictionary<string, string>? fileTexts)
    {
        if (fileTexts is null || !fileTexts.TryGetValue(stream.FilePath, out var text))
        {
            return stream.Location;
        }

        var end = Math.Min(stream.Span.End, text.Length);
        var start = Math.Clamp(stream.Span.Start, 0, end);
        var index = start;
        while ((index = text.IndexOf(ScheduleAnnotations.Schedule, index, end - index, StringComparison.Ordinal)) >= 0)
        {
            var after = index + ScheduleAnnotations.Schedule.Length;
            if (after < text.Length && text[after] is '"' or '\'' or ':')
            {
                return LocationOf(text, index > 0 && text[index - 1] is '"' or '\'' ? index - 1 : index);
            }

            index = after;
        }

        return stream.Location;
    }

    private static SourceLocation LocationOf(string text, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new SourceLocation(line, offset - lineStart + 1);
    }
}
