using GitStreamSync.Adapters.Secrets;

namespace GitStreamSync.Cli;

/// <summary>
/// Everything a command may take from the outside world: output writers, environment variables,
/// the clock and the working directory. Program.cs builds the real one; tests build their own and
/// run commands in-process.
/// </summary>
internal sealed record CliEnvironment(
    TextWriter Out,
    TextWriter Error,
    IReadOnlyDictionary<string, string> Variables,
    TimeProvider Time,
    string WorkingDirectory)
{
    /// <summary>True when stderr is a terminal (Program.cs sets it): a progress line is then drawn.</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>The secrets this run read, for masking (<see cref="CliApplication"/> sets it from <see cref="Variables"/>).</summary>
    public SecretSanitizer Secrets { get; init; } = SecretSanitizer.Shapes;

    /// <summary>
    /// True when a progress line may be drawn: stderr is a terminal that is not a CI log (<c>CI</c>
    /// set, as every CI service does) and not <c>TERM=dumb</c>. The tool prints no colour anywhere,
    /// so <c>NO_COLOR</c> holds whatever it says; redirected output never carries a control byte.
    /// </summary>
    public bool DrawsProgress => ErrorIsTerminal && GetVariable("CI") is null && !string.Equals(GetVariable("TERM"), "dumb", StringComparison.Ordinal);

    public string? GetVariable(string name) => Variables.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>True under GitHub Actions, where problems are also printed as workflow annotations.</summary>
    public bool IsGitHubActions => string.Equals(GetVariable("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A path from the command line, relative to <see cref="WorkingDirectory"/> unless rooted.</summary>
    public string ResolvePath(string path) => System.IO.Path.GetFullPath(path, WorkingDirectory);
}
