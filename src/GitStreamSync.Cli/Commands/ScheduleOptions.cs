using GitStreamSync.Core.Schedule;
using System.CommandLine;

namespace GitStreamSync.Cli.Commands;

/// <summary>
/// <c>--schedule</c>, <c>--since</c> and <c>--time-zone</c> of a one-shot run: which streams are due,
/// by their own schedules (README, Schedules).
/// </summary>
internal sealed class ScheduleOptions
{
    public Option<string?> Schedule { get; } = new("--schedule")
    {
        Description = "The cron of the scheduled job running this: resolve only the streams whose own schedule fired since that cron's previous occurrence",
        HelpName = "CRON",
    };

    public Option<string?> Since { get; } = new("--since")
    {
        Description = "Resolve only the streams whose own schedule fired after TIME (2026-03-29T00:00:00Z, 2026-03-29 or an age such as 6h); wins over --schedule",
        HelpName = "TIME",
    };

    public Option<string?> TimeZone { get; } = new("--time-zone")
    {
        Description = "IANA time zone the schedules are read in, e.g. Europe/Berlin (default: the settings file's timeZone, else UTC)",
        HelpName = "TZ",
    };

    public IEnumerable<Option> All => [Schedule, Since, TimeZone];

    /// <summary>The due rule and schedule defaults of this invocation; bad values are usage errors.</summary>
    public (DueRule Due, ScheduleDefaults Defaults) Read(ParseResult parse, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var given = parse.GetValue(TimeZone);
        var zone = ReadTimeZone(given ?? "UTC");
        try
        {
            return (DueRule.ForOneShot(parse.GetValue(Schedule), parse.GetValue(Since), zone, now), ScheduleDefaults.Utc with { Zone = zone, ZoneIsExplicit = given is not null });
        }
        catch (ScheduleFormatException exception)
        {
            throw new UsageException(exception.Message, exception);
        }
    }

    public static TimeZoneInfo ReadTimeZone(string id)
    {
        try
        {
            return id.Equals("UTC", StringComparison.OrdinalIgnoreCase) ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new UsageException($"--time-zone '{id}' is not a known time zone; use an IANA name such as Europe/Berlin or UTC", exception);
        }
    }
}
