using System.Text;
using System.Text.RegularExpressions;
using GitStreamSync.Adapters.Files;
using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Read;

namespace GitStreamSync.Fuzz.Harnesses;

/// <summary>
/// The repository's settings file (<c>.gitstreamsync.yaml</c>, written by anyone who can open a pull
/// request): it reads to settings and problems, never an exception, and every problem points inside
/// the file.
/// </summary>
internal static partial class SettingsHarness
{
    public static void Run(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var result = RepositoryConfigReader.Read(new SourceFile(RepositoryConfig.FileName, text), RepositoryConfigFile.FindTimeZone);
        // YAML breaks lines at CR, LF, CRLF, NEL, LS and PS; the end of the text may be one line further.
        var lines = LineBreak().Count(text) + 2;
        foreach (var problem in result.Problems)
        {
            Invariant.That(problem.Location.Line >= 0 && problem.Location.Line <= lines, $"a problem points at line {problem.Location.Line} of a file of {lines} lines: {problem.Message}");
            Invariant.That(problem.Message.Length > 0, "a problem without a message");
        }
    }

    [GeneratedRegex("\r\n|[\r\n\u0085\u2028\u2029]")]
    private static partial Regex LineBreak();
}
