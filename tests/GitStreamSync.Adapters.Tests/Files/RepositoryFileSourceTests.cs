using GitStreamSync.Core.Configuration;
using GitStreamSync.Adapters.Files;
using GitStreamSync.Testing.Git;

namespace GitStreamSync.Adapters.Tests.Files;

public sealed class RepositoryFileSourceTests
{
    private static void Write(string root, string relative, byte[] bytes)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }

    private static void Write(string root, string relative, string text) => Write(root, relative, System.Text.Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Reads_manifests_with_relative_slash_paths_in_order()
    {
        using var folder = new TemporaryDirectory("files");
        Write(folder.Path, "b/x.yaml", "b: 1\n");
        Write(folder.Path, "a.json", "{}");
        Write(folder.Path, "a/y.yml", "y: 1\n");
        Write(folder.Path, "notes.txt", "not a manifest");
        Write(folder.Path, ".gitstreamsync.yaml", "paths: [.]\n");

        var set = new RepositoryFileSource(folder.Path).ReadManifests(PathFilter.All);

        Assert.Equal(["a.json", "a/y.yml", "b/x.yaml"], set.Files.Select(f => f.Path));
        Assert.Empty(set.Problems);
    }

    [Theory]
    [InlineData(".git")]
    [InlineData("bin")]
    [InlineData("obj")]
    [InlineData("node_modules")]
    public void Skips_tool_and_build_folders_at_any_depth(string skipped)
    {
        using var folder = new TemporaryDirectory("files");
        Write(folder.Path, $"{skipped}/a.yaml", "a: 1\n");
        Write(folder.Path, $"deep/{skipped}/b.yaml", "b: 1\n");
        Write(folder.Path, "deep/c.yaml", "c: 1\n");

        var set = new RepositoryFileSource(folder.Path).ReadManifests(PathFilter.All);

        Assert.Equal(["deep/c.yaml"], set.Files.Select(f => f.Path));
    }

    [Fact]
    public void Keeps_a_bom_and_crlf_as_written()
    {
        using var folder = new TemporaryDirectory("files");
        Write(folder.Path, "a.yaml", [0xEF, 0xBB, 0xBF, (byte)'a', (byte)':', (byte)' ', (byte)'1', 0x0D, 0x0A]);

        var file = Assert.Single(new RepositoryFileSource(folder.Path).ReadManifests(PathFilter.All).Files);

        Assert.Equal("\uFEFFa: 1\r\n", file.Text);
    }

    [Fact]
    public void A_file_that_is_not_utf8_is_a_problem_not_mojibake()
    {
        using var folder = new TemporaryDirectory("files");
        Write(folder.Path, "latin1.yaml", [(byte)'n', (byte)':', (byte)' ', 0xE9, 0x0A]);

        var set = new RepositoryFileSource(folder.Path).ReadManifests(PathFilter.All);

        Assert.Empty(set.Files);
        var problem = Assert.Single(set.Problems);
        Assert.Equal("latin1.yaml:1:1: the file is not valid UTF-8 text", problem.ToString());
    }

    [Fact]
    public void A_missing_folder_throws()
    {
        Assert.Throws<DirectoryNotFoundException>(() => new RepositoryFileSource("/no/such/folder/anywhere").ReadManifests(PathFilter.All));
    }

    [Fact]
    public void The_settings_file_is_optional_unless_named()
    {
        using var folder = new TemporaryDirectory("files");

        Assert.Equal(RepositoryConfig.Default, RepositoryConfigFile.Load(folder.Path, null).Config);
        Assert.Throws<FileNotFoundException>(() => RepositoryConfigFile.Load(folder.Path, Path.Combine(folder.Path, "missing.yaml")));
    }

    [Fact]
    public void The_settings_file_uses_the_machine_zone_database()
    {
        using var folder = new TemporaryDirectory("files");
        Write(folder.Path, ".gitstreamsync.yaml", "schedule: \"30 2 * * *\"\ntimeZone: Europe/Berlin\n");

        var result = RepositoryConfigFile.Load(folder.Path, null);

        Assert.Empty(result.Problems);
        Assert.Equal("Europe/Berlin", result.Config.TimeZone);
    }
}
