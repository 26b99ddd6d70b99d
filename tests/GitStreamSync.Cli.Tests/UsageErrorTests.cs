using GitStreamSync.Cli;

namespace GitStreamSync.Cli.Tests;

/// <summary>
/// Usage errors exit 2 before any network call, with a message that names the argument, and
/// suggest the nearest command or option for a typo.
/// </summary>
public sealed class UsageErrorTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("gss-usage-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("plan")]
    [InlineData("sync")]
    [InlineData("render", "--format", "images")]
    [InlineData("worker")]
    public async Task A_path_that_does_not_exist_is_a_usage_error_naming_it(string command, params string[] extra)
    {
        var result = await CliRunner.RunAsync([command, "./nope", .. extra], workingDirectory: folder);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("gitstreamsync: PATH|URL './nope': no such folder; give a working copy, a bare repository, a folder of ImageStreams or an http(s):// or file:// URL\n", result.Error);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task An_unknown_option_is_not_taken_for_the_path_and_the_nearest_is_suggested()
    {
        var result = await CliRunner.RunAsync(["sync", "--dyr-run"], workingDirectory: folder);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("gitstreamsync: unknown option '--dyr-run'; did you mean '--dry-run'?\n", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_common_option_after_a_command_suggests_the_common_one()
    {
        var result = await CliRunner.RunAsync(["plan", "--log-levl", "debug"], workingDirectory: folder);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("gitstreamsync: unknown option '--log-levl'; did you mean '--log-level'?\n", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_command_suggests_the_nearest()
    {
        var result = await CliRunner.RunAsync(["plna"], workingDirectory: folder);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("gitstreamsync: unknown command 'plna'; did you mean 'plan'?\nRun 'gitstreamsync --help' for usage.\n", result.Error);
    }

    [Theory]
    [InlineData("valdate", "example-repo")]
    [InlineData("--log-level", "debug", "valdate", "example-repo", "--dry-run")]
    public async Task A_mistyped_command_before_its_arguments_is_one_error_naming_it_and_the_nearest(params string[] args)
    {
        var result = await CliRunner.RunAsync(args, workingDirectory: folder);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("gitstreamsync: unknown command 'valdate'; did you mean 'validate'?\nRun 'gitstreamsync --help' for usage.\n", result.Error);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task A_word_far_from_every_command_is_named_with_the_hint_to_help()
    {
        var result = await CliRunner.RunAsync(["deploy", "."], workingDirectory: folder);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("gitstreamsync: unknown command 'deploy'\nRun 'gitstreamsync --help' for usage.\n", result.Error);
    }

    [Fact]
    public async Task An_extra_positional_argument_is_a_usage_error_naming_it()
    {
        var result = await CliRunner.RunAsync(["plan", ".", "extra"], workingDirectory: folder);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("'extra'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_is_suggested_for_a_name_far_from_every_candidate()
    {
        Assert.Equal("--dry-run", UsageSuggestions.Nearest("--dyr-run", ["--base", "--dry-run", "--branch"]));
        Assert.Equal("sync", UsageSuggestions.Nearest("snyc", ["sync", "plan"]));
        Assert.Null(UsageSuggestions.Nearest("--color", ["--base", "--dry-run"]));
    }

    [Fact]
    public async Task Validate_checks_one_file_named_on_the_command_line()
    {
        Directory.CreateDirectory(Path.Combine(folder, "streams"));
        File.WriteAllText(Path.Combine(folder, "streams", "app.yaml"), Stream("app", "\"0 3 * * *\""));
        File.WriteAllText(Path.Combine(folder, "streams", "other.yaml"), "kind: ImageStream\nmetadata: {name: \"Bad:Name\"}\n");

        var result = await CliRunner.RunAsync(["validate", "streams/app.yaml"], workingDirectory: folder);

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        Assert.StartsWith("1 file, 1 ImageStream, 1 tag:", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_schedule_that_is_not_a_cron_is_a_validate_problem_at_its_line()
    {
        File.WriteAllText(Path.Combine(folder, "app.yaml"), Stream("app", "\"61 * * * *\""));

        var result = await CliRunner.RunAsync(["validate", "app.yaml"], workingDirectory: folder);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("app.yaml:6:5: gitstreamsync.io/schedule: '61 * * * *' is not a cron expression", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_of_a_path_that_does_not_exist_names_it()
    {
        var result = await CliRunner.RunAsync(["validate", "nope.yaml"], workingDirectory: folder);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("gitstreamsync: validate: PATH 'nope.yaml': no such file or folder\n", result.Error);
    }

    private static string Stream(string name, string schedule) =>
        $"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: {name}\n  annotations:\n    gitstreamsync.io/schedule: {schedule}\n"
        + "spec:\n  tags:\n  - name: \"1.0\"\n    from:\n      kind: DockerImage\n      name: quay.io/team/app:1.0\n";
}
