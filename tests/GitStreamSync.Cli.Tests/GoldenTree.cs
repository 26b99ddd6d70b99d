using GitStreamSync.Testing.Git;

namespace GitStreamSync.Cli.Tests;

/// <summary>
/// Compares every file of a branch in a bare repository with a folder under Golden/. With
/// GITSTREAMSYNC_UPDATE_GOLDEN=1 the folder is rewritten from the branch instead.
/// </summary>
internal static class GoldenTree
{
    public static void AssertMatches(string name, string bare, string branch)
    {
        var golden = Path.Combine(RepositoryRoot.TestsDirectory, "Golden", name);
        var paths = GitCli.Run(bare, "ls-tree", "-r", "--name-only", branch).Trim().Split('\n');
        if (Environment.GetEnvironmentVariable("GITSTREAMSYNC_UPDATE_GOLDEN") == "1")
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

        Assert.True(Directory.Exists(golden), $"golden tree {golden} is missing; run the tests with GITSTREAMSYNC_UPDATE_GOLDEN=1 to create it");
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
