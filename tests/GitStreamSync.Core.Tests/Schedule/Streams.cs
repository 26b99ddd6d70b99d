using GitStreamSync.Core.Tests.Select;
using GitStreamSync.Core.Read;
namespace GitStreamSync.Core.Tests.Schedule;

internal static class Streams
{
    public static ImageStreamDocument Stream(string name, string? schedule = null, string filePath = "streams.yaml") => new()
    {
        FilePath = filePath,
        Format = DocumentFormat.Yaml,
        DocumentIndex = 0,
        Name = name,
        Location = new SourceLocation(1, 1),
        Span = new TextSpan(0, 0),
        Annotations = schedule is null
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { ["gitstreamsync.io/schedule"] = schedule },
    };

    public static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
