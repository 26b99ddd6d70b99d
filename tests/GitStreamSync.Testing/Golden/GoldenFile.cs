using System.Runtime.CompilerServices;
using System.Text;
using GitStreamSync.Testing.Git;
using Xunit;

namespace GitStreamSync.Testing.Golden;

/// <summary>
/// Golden files for the text the tool writes (status blocks, pull-request titles, bodies and
/// comments, help pages, whole branches), compared byte for byte: a byte-order mark and CR LF
/// count. A relative name is looked up in the nearest <c>Golden</c> folder at or above the calling
/// test's source folder.
/// <para>
/// Regenerating is a deliberate act: run the tests with <c>GITSTREAMSYNC_UPDATE_GOLDEN=1</c>
/// (<see cref="UpdateVariable"/>); a missing or different expected file is then written instead of
/// failing the test. Review the result with <c>git diff</c> before committing it.
/// </para>
/// </summary>
public static class GoldenFile
{
    /// <summary>The environment switch that rewrites expected files instead of comparing with them.</summary>
    public const string UpdateVariable = "GITSTREAMSYNC_UPDATE_GOLDEN";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>The nearest <c>Golden</c> folder at or above the calling source file's folder (that folder's own <c>Golden</c> when there is none yet).</summary>
    public static string Folder([CallerFilePath] string sourceFile = "")
    {
        var start = Path.GetDirectoryName(sourceFile)!;
        for (var directory = start; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            var golden = Path.Combine(directory, "Golden");
            if (Directory.Exists(golden))
            {
                return golden;
            }

            if (Directory.EnumerateFiles(directory, "*.csproj").Any())
            {
                break;
            }
        }

        return Path.Combine(start, "Golden");
    }

    /// <summary>The file's exact text: a leading byte-order mark stays in the string as U+FEFF.</summary>
    public static string Read(string path) => Utf8.GetString(File.ReadAllBytes(path));

    /// <param name="name">A path, or a name relative to <see cref="Folder"/> of the caller.</param>
    public static void AssertMatches(string name, string actual, [CallerFilePath] string sourceFile = "")
    {
        ArgumentNullException.ThrowIfNull(actual);
        var path = Path.Combine(Folder(sourceFile), name);
        if (Updating)
        {
            if (!File.Exists(path) || Read(path) != actual)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, Utf8.GetBytes(actual));
            }

            return;
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing; run the tests with {UpdateVariable}=1 to write it, then review it");
        Assert.Equal(Read(path), actual);
    }

    /// <summary>Every file of <paramref name="branch"/> in the bare repository equals the golden folder <paramref name="name"/>, and no file is missing or extra.</summary>
    public static void AssertTreeMatches(string name, string bare, string branch, [CallerFilePath] string sourceFile = "")
    {
        var golden = Path.Combine(Folder(sourceFile), name);
        var paths = GitCli.Run(bare, "ls-tree", "-r", "--name-only", branch).Trim().Split('\n');
        if (Updating)
        {
            if (Directory.Exists(golden))
            {
                Directory.Delete(golden, recursive: true);
            }

            foreach (var path in paths)
            {
                var target = Path.Combine(golden, path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllBytes(target, GitCli.ShowBytes(bare, branch, path));
            }

            return;
        }

        Assert.True(Directory.Exists(golden), $"golden tree {golden} is missing; run the tests with {UpdateVariable}=1 to write it, then review it");
        var expected = Directory.EnumerateFiles(golden, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(golden, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected, paths.Order(StringComparer.Ordinal));
        foreach (var path in paths)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(golden, path)).AsSpan().SequenceEqual(GitCli.ShowBytes(bare, branch, path)), $"{path} differs from the golden tree {name}");
        }
    }
}
