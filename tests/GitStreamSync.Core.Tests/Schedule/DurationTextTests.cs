using GitStreamSync.Core.Tests.Select;
using GitStreamSync.Core.Schedule;
namespace GitStreamSync.Core.Tests.Schedule;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("2d", 172800)]
    [InlineData(" 1d1h1m1s ", 90061)]
    public void Reads_units_from_days_to_seconds(string text, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), DurationText.Parse(text, "--jitter"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("-5m")]
    [InlineData("5 m")]
    [InlineData("m")]
    [InlineData("30m1h")]
    [InlineData("\u07C0m")] // digits of other scripts: NKo zero
    [InlineData("1\u0663h")] // Arabic-Indic three
    public void Refuses_other_text(string text)
    {
        Assert.False(DurationText.TryParse(text, out _));
        Assert.Equal($"--jitter '{text}' is not a duration such as 30s, 5m, 1h30m or 2d", Assert.Throws<ScheduleFormatException>(() => DurationText.Parse(text, "--jitter")).Message);
    }
}
