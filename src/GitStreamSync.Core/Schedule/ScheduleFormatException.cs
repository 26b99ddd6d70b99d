namespace GitStreamSync.Core.Schedule;

/// <summary>A cron expression, time zone or <c>--since</c> value that cannot be read.</summary>
public sealed class ScheduleFormatException : FormatException
{
    public ScheduleFormatException()
    {
    }

    public ScheduleFormatException(string message)
        : base(message)
    {
    }

    public ScheduleFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
