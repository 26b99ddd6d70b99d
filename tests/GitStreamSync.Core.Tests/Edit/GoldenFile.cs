using GitStreamSync.Core.Tests.Read;
using System.Runtime.CompilerServices;
using System.Text;

namespace GitStreamSync.Core.Tests.Edit;

/// <summary>
/// Golden files for rewritten text, compared byte for byte (a byte-order mark and CR LF included).
/// With GITSTREAMSYNC_UPDATE_GOLDEN=1 a mismatch rewrites the expected file instead of failing.
/// </summary>
internal static class GoldenFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Directory { get; } = Find();

    public static bool Updating => Environment.GetEnvironmentVariable("GITSTREAMSYNC_UPDATE_GOLDEN") == "1";

    /// <summary>The file's exact text: a leading byte-order mark stays in the string as U+FEFF.</summary>
    public static string Read(string path) => Utf8.GetString(File.ReadAllBytes(path));

    public static void AssertMatches(string expectedPath, string actual)
    {
        if (Updating)
        {
            if (!File.Exists(expectedPath) || Read(expectedPath) != actual)
            {
                File.WriteAllBytes(expectedPath, Utf8.GetBytes(actual));
            }

            return;
        }

        Assert.True(File.Exists(expectedPath), $"{expectedPath} is missing; run the tests with GITSTREAMSYNC_UPDATE_GOLDEN=1 to write it, then review it");
        Assert.Equal(Read(expectedPath), actual);
    }

    private static string Find([CallerFilePath] string sourceFile = "") =>
        Path.Combine(Path.GetDirectoryName(sourceFile)!, "Golden");
}
