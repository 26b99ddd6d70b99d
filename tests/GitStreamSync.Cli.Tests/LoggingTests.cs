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
    public void Json_lines_keep_the_structured_fields_as_properties()
    {
        var text = Log(LogLevel.Information, LogFormat.Json, logger =>
            logger.LogInformation("Resolved {Reference} at {Host}: {Status} in {Duration}", "quay.io/app:1.0", "quay.io", 200, TimeSpan.FromMilliseconds(1500)));

        using var line = JsonDocument.Parse(text);
        var root = line.RootElement;
        Assert.Equal("Resolved quay.io/app:1.0 at quay.io: 200 in 00:00:01.5000000", root.GetProperty("message").GetString());
        Assert.Equal("quay.io/app:1.0", root.GetProperty("reference").GetString());
        Assert.Equal("quay.io", root.GetProperty("host").GetString());
        Assert.Equal(200, root.GetProperty("status").GetInt32());
        Assert.Equal(1.5, root.GetProperty("duration").GetDouble());
        Assert.False(root.TryGetProperty("{OriginalFormat}", out _));
    }

    [Fact]
    public void A_field_named_like_a_line_property_does_not_replace_it()
    {
        var text = Log(LogLevel.Information, LogFormat.Json, logger => logger.LogInformation("{Message} and {Level}", "inner", "high"));

        using var line = JsonDocument.Parse(text);
        Assert.Equal("inner and high", line.RootElement.GetProperty("message").GetString());
        Assert.Equal("Information", line.RootElement.GetProperty("level").GetString());
        Assert.Equal("inner", line.RootElement.GetProperty("messageField").GetString());
        Assert.Equal("high", line.RootElement.GetProperty("levelField").GetString());
    }

    [Fact]
    public void None_writes_nothing()
    {
        Assert.Equal("", Log(LogLevel.None, LogFormat.Text, logger => logger.LogCritical("x")));
    }
}
