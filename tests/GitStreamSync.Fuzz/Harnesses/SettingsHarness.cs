using System.Text;
using GitStreamSync.Adapters.Files;
using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Read;

namespace GitStreamSync.Fuzz.Harnesses;

/// <summary>
/// The repository's settings file (<c>.gitstreamsync.yaml</c>, written by anyone who can open a pull
/// request): it reads to settings and problems, never an exception, and every problem points inside
/// the file.
/// </summary>
internal static class SettingsHarness
{
    public static void Run(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var result = RepositoryConfigReader.Read(new SourceFile(RepositoryConfig.FileName, text), RepositoryConfigFile.FindTimeZone);
        var lines = text.Split('\n').Length + 1;
        foreach (var problem in result.Problems)
        {
            Invariant.That(problem.Location.Line >= 0 && problem.Location.Line <= lines, $"a problem points at line {problem.Location.Line} of a file of {lines} lines: {problem.Message}");
            Invariant.That(problem.Message.Length > 0, "a problem without a message");
        }
    }
}
