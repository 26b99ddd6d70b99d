namespace GitStreamSync.Adapters.Tests.GitHub;

/// <summary>
/// Compares text with a file under GitHub/Golden in the test project's source folder; with
/// GITSTREAMSYNC_UPDATE_GOLDEN=1 it writes the file instead (regenerate on purpose only).
/// </summary>
internal static class GoldenFile
{
    public static void AssertMatches(string name, string actual)
    {
        var path = Path.Combine(ProjectDirectory(), "GitHub", "Golden", name);
        if (Environment.GetEnvironmentVariable("GITSTREAMSYNC_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing: run the test with GITSTREAMSYNC_UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(path), actual);
    }

    private static string ProjectDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GitStreamSync.Adapters.Tests.csproj")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no GitStreamSync.Adapters.Tests.csproj above {AppContext.BaseDirectory}");
    }
}
