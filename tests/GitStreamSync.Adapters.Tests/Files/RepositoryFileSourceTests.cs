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
        Assert.Equal("latin1.yaml:1:4: the file is not valid UTF-8 text (byte 0xE9 at offset 3)", problem.ToString());
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

    [Fact]
    public void Symbolic_links_are_reported_never_followed_and_the_other_files_are_read()
    {
        using var outside = new TemporaryDirectory("outside");
        Write(outside.Path, "secret.yaml", "password: hunter2\n");
        Write(outside.Path, "streams/app.yaml", "kind: ImageStream\n");
        using var folder = new TemporaryDirectory("files");
        Write(folder.Path, "a.yaml", "a: 1\n");
        Write(folder.Path, "z.yaml", "z: 1\n");
        Write(folder.Path, "inside.yaml", "i: 1\n");
        File.CreateSymbolicLink(Path.Combine(folder.Path, "dangling.json"), "nowhere.json");
        File.CreateSymbolicLink(Path.Combine(folder.Path, "loop.yaml"), "loop.yaml");
        File.CreateSymbolicLink(Path.Combine(folder.Path, "out.yaml"), Path.Combine(outside.Path, "secret.yaml"));
        File.CreateSymbolicLink(Path.Combine(folder.Path, "same.yaml"), "inside.yaml");
        Directory.CreateSymbolicLink(Path.Combine(folder.Path, "linked"), outside.Path);
        Directory.CreateSymbolicLink(Path.Combine(folder.Path, "linked.yaml"), outside.Path);

        var set = new RepositoryFileSource(folder.Path).ReadManifests(PathFilter.All);

        Assert.Equal(["a.yaml", "inside.yaml", "z.yaml"], set.Files.Select(f => f.Path));
        Assert.Equal(
            ["dangling.json:1:1: file: symbolic link, not read", "linked.yaml:1:1: file: symbolic link, not read", "loop.yaml:1:1: file: symbolic link, not read",
             "out.yaml:1:1: file: symbolic link, not read", "same.yaml:1:1: file: symbolic link, not read"],
            set.Problems.Select(p => p.ToString()).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(set.Files, f => f.Text.Contains("hunter2", StringComparison.Ordinal) || f.Text.Contains("ImageStream", StringComparison.Ordinal));
    }

    [Fact]
    public void A_settings_file_that_is_a_link_is_not_followed()
    {
        using var outside = new TemporaryDirectory("outside");
        Write(outside.Path, "settings.yaml", "schedule: \"30 2 * * *\"\n");
        using var folder = new TemporaryDirectory("files");
        File.CreateSymbolicLink(Path.Combine(folder.Path, ".gitstreamsync.yaml"), Path.Combine(outside.Path, "settings.yaml"));

        var result = RepositoryConfigFile.Load(folder.Path, null);

        Assert.Equal(".gitstreamsync.yaml:1:1: file: symbolic link, not read", Assert.Single(result.Problems).ToString());
        Assert.Equal(RepositoryConfig.Default, result.Config);
    }

    [Fact]
    public void A_file_above_the_size_limit_is_a_problem_and_is_not_read()
    {
        using var folder = new TemporaryDirectory("files");
        Write(folder.Path, "a.yaml", "a: 1\n");
        using (var big = File.Create(Path.Combine(folder.Path, "big.yaml")))
        {
            big.SetLength(10L * 1024 * 1024 + 1);
        }

        Write(folder.Path, "limit.yaml", new byte[10 * 1024 * 1024]);

        var set = new RepositoryFileSource(folder.Path).ReadManifests(PathFilter.All);

        Assert.Equal(["a.yaml"], set.Files.Select(f => f.Path));
        Assert.Equal(
            ["big.yaml:1:1: file: 10485761 bytes, more than the 10 MiB limit, not read", "limit.yaml:1:1: the file holds a NUL byte, so it is not YAML or JSON text"],
            set.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Files_of_every_size_around_the_read_buffers_are_read_whole_and_exactly()
    {
        // Sizes at and around the pooled buffers' lengths, in one run so that buffers are reused
        // from a larger file to a smaller one: every file is its own text, nothing of another's.
        int[] sizes = [1, 4095, 4096, 4097, 81920, 81921, 1 << 20, (1 << 20) + 3, 2, 4097];
        using var folder = new TemporaryDirectory("files");
        var expected = new List<string>();
        for (var i = 0; i < sizes.Length; i++)
        {
            // A two-byte character last, so a byte lost or kept from another file breaks the UTF-8.
            var letter = (char)('a' + i);
            var text = sizes[i] >= 2 ? new string(letter, sizes[i] - 2) + "\u00e9" : new string(letter, sizes[i]);
            Write(folder.Path, $"f{i:00}.yaml", text);
            expected.Add(text);
        }

        var set = new RepositoryFileSource(folder.Path).ReadManifests(PathFilter.All);

        Assert.Empty(set.Problems);
        Assert.Equal(expected, set.Files.Select(f => f.Text));
    }

    [Fact]
    public void A_nul_byte_is_a_problem_at_its_line_and_column()
    {
        using var folder = new TemporaryDirectory("files");
        Write(folder.Path, "nul.yaml", "a: 1\nb: \"x\0y\"\n");

        var problem = Assert.Single(new RepositoryFileSource(folder.Path).ReadManifests(PathFilter.All).Problems);

        Assert.Equal("nul.yaml:2:6: the file holds a NUL byte, so it is not YAML or JSON text", problem.ToString());
    }

    [Fact]
    public async Task A_named_pipe_is_read_as_the_empty_file_it_is_without_waiting_for_a_writer()
    {
        using var folder = new TemporaryDirectory("files");
        Write(folder.Path, "a.yaml", "a: 1\n");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", Path.Combine(folder.Path, "pipe.yaml")))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // A bounded wait: reading the pipe's content would block until a writer comes, which none does.
        var set = await Task.Run(() => new RepositoryFileSource(folder.Path).ReadManifests(PathFilter.All)).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(["a.yaml", "pipe.yaml"], set.Files.Select(f => f.Path));
        Assert.Equal("", set.Files[1].Text);
    }
}
