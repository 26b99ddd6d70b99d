using System.Text.Json;
using GitStreamSync.Cli.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace GitStreamSync.Cli.Tests;

public sealed class LoggingTests
{
    private static string Log(LogLevel minimum, LogFormat format, Action<ILogger> write)
    {
        using var writer = new StringWriter { NewLine = "\n" };
        using (var provider = new TextWriterLoggerProvider(writer, minimum, format, new FakeTimeProvider(CliRunner.FixedNow)))
        {
            write(provider.CreateLogger("GitStreamSync.Test"));
        }

        return writer.ToString();
    }

    [Fact]
    public void Text_lines_carry_time_level_category_and_message()
    {
        var text = Log(LogLevel.Information, LogFormat.Text, logger =>
        {
            logger.LogDebug("hidden");
            logger.LogInformation("Resolved {Count} tags", 3);
        });

        Assert.Equal("2026-01-15T09:30:00.000Z info GitStreamSync.Test: Resolved 3 tags\n", text);
    }

    [Fact]
    public void Json_lines_are_one_object_each()
    {
        var text = Log(LogLevel.Warning, LogFormat.Json, logger =>
        {
            logger.LogWarning("first");
            logger.LogError(new InvalidOperationException("boom"), "second");
        });

        var lines = text.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("Error", second.RootElement.GetProperty("level").GetString());
        Assert.Equal("second", second.RootElement.GetProperty("message").GetString());
        Assert.Contains("boom", second.RootElement.GetProperty("exception").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void None_writes_nothing()
    {
        Assert.Equal("", Log(LogLevel.None, LogFormat.Text, logger => logger.LogCritical("x")));
    }
}
