using GitStreamSync.Core.Show;

namespace GitStreamSync.Core.Tests.Show;

public sealed class HumanAgeTests
{
    [Theory]
    [InlineData(0, "Less than a second")]
    [InlineData(1, "1 second")]
    [InlineData(59, "59 seconds")]
    [InlineData(60, "About a minute")]
    [InlineData(59 * 60, "59 minutes")]
    [InlineData(90 * 60, "2 hours")]
    [InlineData(47 * 3600, "47 hours")]
    [InlineData(3 * 86400, "3 days")]
    [InlineData(20 * 86400, "2 weeks")]
    [InlineData(100 * 86400, "3 months")]
    [InlineData(800 * 86400, "2 years")]
    public void Reads_as_oc_prints_ages(int seconds, string expected) =>
        Assert.Equal(expected, HumanAge.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void An_age_reads_as_time_ago()
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal("2 days ago", HumanAge.Ago(now.AddDays(-2), now));
    }
}
