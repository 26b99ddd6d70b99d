using GitStreamSync.Core.Read;
namespace GitStreamSync.Cli.Output;

/// <summary>
/// GitHub Actions workflow commands (<c>::error file=...,line=...,col=...::message</c>) that place a
/// problem on the file's line in the pull request view. Values are escaped as the runner expects:
/// '%', CR and LF everywhere, and also ':' and ',' in properties.
/// </summary>
internal static class GitHubAnnotation
{
    public static string Error(string file, SourceLocation location, string message) => Command("error", file, location, message);

    public static string Warning(string file, SourceLocation location, string message) => Command("warning", file, location, message);

    public static string Error(Problem problem, string displayPath) => Error(displayPath, problem.Location, problem.Message);

    /// <summary>Tells the runner to mask <paramref name="secret"/> in everything the job prints from then on.</summary>
    public static string AddMask(string secret) => $"::add-mask::{EscapeData(secret)}";

    private static string Command(string level, string file, SourceLocation location, string message) =>
        $"::{level} file={EscapeProperty(file)},line={location.Line},col={location.Column}::{EscapeData(message)}";

    private static string EscapeData(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);

    private static string EscapeProperty(string value) =>
        EscapeData(value)
            .Replace(":", "%3A", StringComparison.Ordinal)
            .Replace(",", "%2C", StringComparison.Ordinal);
}
