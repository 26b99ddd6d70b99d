using System.Reflection;
using System.Runtime.CompilerServices;
using GitStreamSync.Adapters.Secrets;
using GitStreamSync.Cli.Output;

namespace GitStreamSync.Cli;

/// <summary>
/// <c>gitstreamsync --version</c> and nothing else on the line: answered without the command-line
/// parser, whose assembly, option objects and parse were most of what that run spent beyond a bare
/// .NET start. It prints exactly what the parser's version option prints (the entry assembly's
/// informational version, else its version number), through the same secret masking, after the
/// same GitHub Actions mask registrations; any other line, <c>--version</c> among other words
/// included, goes to the parser as before.
/// </summary>
internal static class VersionOnly
{
    public static bool Matches(IReadOnlyList<string> args) => args.Count == 1 && string.Equals(args[0], "--version", StringComparison.Ordinal);

    public static int Run(CliEnvironment environment)
    {
        var secrets = SecretSanitizer.FromEnvironment(environment.Variables);
        using var output = new SecretMaskingWriter(environment.Out, secrets);
        if (environment.IsGitHubActions)
        {
            foreach (var value in secrets.Values)
            {
                output.WriteCommand(GitHubAnnotation.AddMask(value));
            }
        }

        output.WriteLine(Text());
        return ExitCodes.Success;
    }

    /// <summary>The version as System.CommandLine's <c>--version</c> finds it.</summary>
    public static string Text()
    {
        var assembly = Assembly.GetEntryAssembly() ?? ParserAssembly();
        return assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>() is { } informational
            ? informational.InformationalVersion
            : assembly.GetName().Version?.ToString() ?? "";
    }

    // The parser falls back to its own assembly; only a host without an entry assembly gets here.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Assembly ParserAssembly() => typeof(System.CommandLine.Command).Assembly;
}
