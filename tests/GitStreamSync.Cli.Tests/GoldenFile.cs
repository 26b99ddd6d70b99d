namespace GitStreamSync.Cli.Tests;

/// <summary>
/// Compares text with a file under Golden/. With GITSTREAMSYNC_UPDATE_GOLDEN=1 the file is
/// rewritten instead, so that regenerating is always a deliberate act.
/// </summary>
internal static class GoldenFile
{
    public static void AssertMatches(string name, string actual)
    {
        var path = Path.Combine(RepositoryRoot.TestsDirectory, "Golden", name);
        if (Environment.GetEnvironmentVariable("GITSTREAMSYNC_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing; run the tests with GITSTREAMSYNC_UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
