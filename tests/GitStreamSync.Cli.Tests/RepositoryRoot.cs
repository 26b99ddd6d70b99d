using System.Runtime.CompilerServices;

namespace GitStreamSync.Cli.Tests;

/// <summary>The source tree's root, found from this file's compile-time path (golden files and example-repo live there).</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string TestsDirectory { get; } = System.IO.Path.Combine(Path, "tests", "GitStreamSync.Cli.Tests");

    private static string Find([CallerFilePath] string sourceFile = "")
    {
        var directory = System.IO.Path.GetDirectoryName(sourceFile);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory, "GitStreamSync.sln")))
        {
            directory = System.IO.Path.GetDirectoryName(directory);
        }

        return directory ?? throw new InvalidOperationException($"GitStreamSync.sln not found above {sourceFile}");
    }
}
