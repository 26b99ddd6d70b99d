namespace GitStreamSync.Cli.Tests.Render;

/// <summary>
/// <c>render</c> over the example repository as a sync leaves it (Golden/sync-example-repo, a plain
/// folder): each format against its golden file, and the one tag the sync could not resolve
/// reported with its place and left out.
/// </summary>
public sealed class RenderGoldenTests
{
    internal static readonly string SyncedExample = Path.Combine(RepositoryRoot.TestsDirectory, "Golden", "sync-example-repo");

    private const string MissingLine = "gitstreamsync: imagestreams/webapp.yaml:24:5: webapp-base:release-2024-11: no digest in status yet; left out\n";

    [Theory]
    [InlineData("openshift", "render/openshift.yaml")]
    [InlineData("kustomize", "render/kustomize.yaml")]
    [InlineData("images", "render/images.txt")]
    public async Task Renders_the_synced_example_repository(string format, string golden)
    {
        var result = await CliRunner.RunAsync("render", SyncedExample, "--format", format);

        GoldenFile.AssertMatches(golden, result.Out);
        Assert.Equal("", result.Error);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task A_tag_without_a_digest_is_reported_and_exits_1_and_allow_missing_exits_0()
    {
        // The synced example with the pinned tag's status item taken out: a tag not resolved yet.
        using var copy = new Testing.Git.TemporaryDirectory("render-missing");
        CopyFolder(SyncedExample, copy.Path);
        var webapp = Path.Combine(copy.Path, "imagestreams", "webapp.yaml");
        var text = File.ReadAllText(webapp);
        var item = System.Text.RegularExpressions.Regex.Match(text, @"  - items:
(    .*
)+?    tag: release-2024-11
");
        Assert.True(item.Success);
        File.WriteAllText(webapp, text.Remove(item.Index, item.Length));

        var strict = await CliRunner.RunAsync("render", copy.Path, "--format", "images");
        var allowed = await CliRunner.RunAsync("render", copy.Path, "--format", "images", "--allow-missing");

        Assert.Equal((1, MissingLine), (strict.ExitCode, strict.Error));
        Assert.Equal((0, MissingLine), (allowed.ExitCode, allowed.Error));
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [Fact]
    public async Task One_stream_into_a_folder_writes_one_file_per_stream()
    {
        using var output = new Testing.Git.TemporaryDirectory("render");

        var result = await CliRunner.RunAsync("render", SyncedExample, "--format", "openshift", "--stream", "python", "-o", output.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Equal(["python.yaml"], Directory.EnumerateFiles(output.Path).Select(Path.GetFileName));
        var all = await CliRunner.RunAsync("render", SyncedExample, "--format", "openshift", "--allow-missing");
        Assert.Contains(File.ReadAllText(Path.Combine(output.Path, "python.yaml")), all.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--format", "helm", "--format 'helm' is not one of openshift, kustomize, images")]
    [InlineData("--stream", "nosuch", "no ImageStream 'nosuch'")]
    public async Task Refuses_an_unknown_format_or_stream(string option, string value, string message)
    {
        string[] args = option == "--format" ? ["render", SyncedExample, option, value] : ["render", SyncedExample, "--format", "images", option, value];

        var result = await CliRunner.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }
}
