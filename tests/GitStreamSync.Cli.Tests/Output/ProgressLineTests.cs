using GitStreamSync.Cli.Output;
using Microsoft.Extensions.Time.Testing;

namespace GitStreamSync.Cli.Tests.Output;

public sealed class ProgressLineTests
{
    [Fact]
    public void Format_names_done_and_total()
    {
        Assert.Equal("resolving 412/1000 tags", ProgressLine.Format(412, 1000));
    }

    [Fact]
    public void On_a_terminal_the_line_is_rewritten_at_most_every_200_ms_and_the_last_one_ends_it()
    {
        var time = new FakeTimeProvider();
        using var error = new StringWriter();
        var line = new ProgressLine(error, terminal: true, time);

        line.Report((1, 4));
        time.Advance(TimeSpan.FromMilliseconds(100));
        line.Report((2, 4));
        time.Advance(TimeSpan.FromMilliseconds(100));
        line.Report((3, 4));
        line.Report((4, 4));

        Assert.Equal("\rresolving 1/4 tags\rresolving 3/4 tags\rresolving 4/4 tags\n", error.ToString());
    }

    [Fact]
    public void When_not_a_terminal_nothing_is_written()
    {
        using var error = new StringWriter();
        var line = new ProgressLine(error, terminal: false, new FakeTimeProvider());

        line.Report((1, 2));
        line.Report((2, 2));

        Assert.Equal("", error.ToString());
    }
}
