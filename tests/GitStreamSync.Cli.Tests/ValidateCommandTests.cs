using System.Text.Json;
using GitStreamSync.Testing.Git;

namespace GitStreamSync.Cli.Tests;

public sealed class ValidateCommandTests
{
    private const string Seed = """
        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata:
          name: myubuntu
        spec:
          tags:
          - from:
              kind: DockerImage
              name: ubuntu:16.04
            name: "16.04"

        """;

    [Fact]
    public async Task The_example_repository_is_clean()
    {
        var result = await CliRunner.RunAsync("validate", "example-repo");

        Assert.Equal("", result.Error);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "6 files, 7 ImageStreams, 17 tags: 14 DockerImage, 2 ImageStreamTag, 1 ImageStreamImage; 1 reference: true\nno problems\n",
            result.Out);
    }

    [Fact]
    public async Task A_settings_file_listing_repositories_is_checked_as_that_list_and_the_folder_keeps_its_own_settings()
    {
        using var folder = new TemporaryDirectory("validate-fleet");
        var good = Path.Combine(folder.Path, "fleet.yaml");
        var bad = Path.Combine(folder.Path, "bad-fleet.yaml");
        await File.WriteAllTextAsync(good, "repositories:\n  - https://git.example/a.git\n  - url: https://git.example/b.git\n    paths: [streams]\n");
        await File.WriteAllTextAsync(bad, "repositories:\n  - url: https://git.example/a.git\n    schedule: hourly\n");

        var clean = await CliRunner.RunAsync("validate", "example-repo", "--config", good);
        var wrong = await CliRunner.RunAsync("validate", "example-repo", "--config", bad);

        Assert.Equal(0, clean.ExitCode);
        Assert.Equal("6 files, 7 ImageStreams, 17 tags: 14 DockerImage, 2 ImageStreamTag, 1 ImageStreamImage; 1 reference: true\nno problems\n", clean.Out);
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains($"{bad}:3:5: unknown key 'schedule'; expected one of url, baseBranch, branch, paths", wrong.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_name_with_a_colon_exits_2_and_names_the_line()
    {
        using var folder = new TemporaryDirectory("validate");
        var seed = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "example-repo", "imagestreams", "myubuntu.yaml"));
        Assert.Contains("  name: myubuntu\n", seed, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "myubuntu.yaml"), seed.Replace("  name: myubuntu\n", "  name: \"myubuntu:xenial\"\n", StringComparison.Ordinal));

        var result = await CliRunner.RunAsync(["validate", folder.Path]);

        Assert.Equal(2, result.ExitCode);
        var first = result.Out.Split('\n')[0];
        Assert.StartsWith(folder.Path + "/myubuntu.yaml:4:9: ", first, StringComparison.Ordinal);
        Assert.Contains("myubuntu:xenial", first, StringComparison.Ordinal);
        Assert.EndsWith("1 problem\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paths_are_shown_relative_to_the_working_directory()
    {
        using var folder = new TemporaryDirectory("validate");
        Directory.CreateDirectory(Path.Combine(folder.Path, "repo", "streams"));
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "repo", "streams", "bad.yaml"), Seed.Replace("ubuntu:16.04", "Ubuntu:16.04", StringComparison.Ordinal));

        var result = await CliRunner.RunAsync(["validate", "repo"], workingDirectory: folder.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("repo/streams/bad.yaml:7:5: ImageStream \"myubuntu\", spec tag \"16.04\": from.name \"Ubuntu:16.04\" is not an image reference: repository name must be lowercase\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Under_GitHub_Actions_problems_are_also_annotations()
    {
        using var folder = new TemporaryDirectory("validate");
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "a.yaml"), Seed.Replace("name: myubuntu", "name: \"myubuntu:xenial\"", StringComparison.Ordinal));
        var variables = new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true" };

        var result = await CliRunner.RunAsync(["validate", "."], variables, folder.Path);

        Assert.Equal(2, result.ExitCode);
        var annotation = Assert.Single(result.Out.Split('\n'), line => line.StartsWith("::error ", StringComparison.Ordinal));
        Assert.StartsWith("::error file=a.yaml,line=4,col=9::ImageStream name \"myubuntu", annotation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_GitHub_Actions_there_are_no_annotations()
    {
        using var folder = new TemporaryDirectory("validate");
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "a.yaml"), Seed.Replace("name: myubuntu", "name: \"myubuntu:xenial\"", StringComparison.Ordinal));

        var result = await CliRunner.RunAsync(["validate", "."], workingDirectory: folder.Path);

        Assert.DoesNotContain("::error", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_holds_problems_and_counts()
    {
        using var folder = new TemporaryDirectory("validate");
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "a.yaml"), Seed);
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "b.json"), "{ \"kind\": ");

        var result = await CliRunner.RunAsync(["validate", ".", "-o", "json"], workingDirectory: folder.Path);

        Assert.Equal(2, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var problem = Assert.Single(json.RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal("b.json", problem.GetProperty("file").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("summary").GetProperty("streams").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("summary").GetProperty("files").GetInt32());
    }

    [Fact]
    public async Task Settings_file_problems_are_reported_with_their_line()
    {
        using var folder = new TemporaryDirectory("validate");
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "a.yaml"), Seed);
        await File.WriteAllTextAsync(Path.Combine(folder.Path, ".gitstreamsync.yaml"), "paths: [.]\nhistorylimit: 3\n");

        var result = await CliRunner.RunAsync(["validate", "."], workingDirectory: folder.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(".gitstreamsync.yaml:2:1: unknown key 'historylimit'; did you mean 'historyLimit'?\n", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_explicit_settings_file_outside_the_repository_is_named_by_its_full_path()
    {
        using var folder = new TemporaryDirectory("validate");
        Directory.CreateDirectory(Path.Combine(folder.Path, "repo"));
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "repo", "a.yaml"), Seed);
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "shared.yaml"), "groupBy: stream\n");

        var result = await CliRunner.RunAsync(["validate", "repo", "--config", "shared.yaml"], workingDirectory: folder.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(folder.Path + "/shared.yaml:1:1: unknown key 'groupBy'", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_explicit_settings_file_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync("validate", "example-repo", "--config", "no-such.yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("gitstreamsync: no such settings file: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_paths_setting_limits_what_is_read()
    {
        using var folder = new TemporaryDirectory("validate");
        Directory.CreateDirectory(Path.Combine(folder.Path, "streams"));
        Directory.CreateDirectory(Path.Combine(folder.Path, "charts"));
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "streams", "a.yaml"), Seed);
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "charts", "broken.yaml"), "key: [unclosed");
        await File.WriteAllTextAsync(Path.Combine(folder.Path, ".gitstreamsync.yaml"), "paths: [streams]\n");

        var result = await CliRunner.RunAsync(["validate", "."], workingDirectory: folder.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("1 file, 1 ImageStream, 1 tag:", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_and_tool_folders_are_skipped()
    {
        using var folder = new TemporaryDirectory("validate");
        foreach (var skipped in new[] { ".git", "bin", "obj", "node_modules" })
        {
            Directory.CreateDirectory(Path.Combine(folder.Path, skipped));
            await File.WriteAllTextAsync(Path.Combine(folder.Path, skipped, "broken.yaml"), "key: [unclosed");
        }

        await File.WriteAllTextAsync(Path.Combine(folder.Path, "a.yml"), Seed);

        var result = await CliRunner.RunAsync(["validate", "."], workingDirectory: folder.Path);

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task A_missing_folder_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync("validate", "no-such-folder");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("gitstreamsync: validate: PATH 'no-such-folder': no such file or folder\n", result.Error);
    }

    [Fact]
    public async Task An_unsupported_output_format_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync("validate", "example-repo", "-o", "yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("-o 'yaml'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_help_matches_the_golden_file()
    {
        var result = await CliRunner.RunAsync("validate", "--help");

        Assert.Equal(0, result.ExitCode);
        GoldenFile.AssertMatches("validate-help.txt", result.Out);
    }
}
