using GitStreamSync.Core.Read;
namespace GitStreamSync.Core.Schedule;

/// <summary>Where per-stream schedules are written and what applies when a stream writes none.</summary>
public static class ScheduleAnnotations
{
    /// <summary>ImageStream <c>metadata.annotations</c> key holding the stream's own cron expression.</summary>
    public const string Schedule = "gitstreamsync.io/schedule";
}

/// <summary>
/// The repository-wide schedule settings: the time zone every stream cron is read in and the cron
/// of streams without the <see cref="ScheduleAnnotations.Schedule"/> annotation (null = such streams
/// are due on every run). <see cref="Source"/> says where the default cron was written, for problems.
/// </summary>
public sealed record ScheduleDefaults(TimeZoneInfo Zone, string? Cron = null, ConfigSource? Source = null)
{
    public static ScheduleDefaults Utc { get; } = new(TimeZoneInfo.Utc);

    /// <summary>True when the zone was chosen on the command line: it then wins over the settings file's <c>timeZone</c>.</summary>
    public bool ZoneIsExplicit { get; init; }
}

/// <summary>A value's position in a configuration file.</summary>
public sealed record ConfigSource(string FilePath, SourceLocation Location);
