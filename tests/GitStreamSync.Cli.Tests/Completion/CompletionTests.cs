using System.Diagnostics;

namespace GitStreamSync.Cli.Tests.Completion;

/// <summary>
/// Tab completion: the candidates <c>__complete</c> prints for a command line over example-repo,
/// and the bash script run by the real bash against the built tool.
/// </summary>
public sealed class CompletionTests
{
    private static readonly string ExampleRepo = Path.Combine(RepositoryRoot.Path, "example-repo");

    [Theory]
    [InlineData("", "completion describe get plan render resolve rollback sync validate worker")]
    [InlineData("g", "get")]
    [InlineData("get ", "is isimage istag")]
    [InlineData("get is", "is isimage istag")]
    [InlineData("get is p", "postgresql python")]
    [InlineData("get istag python:", "python:3.11 python:3.12")]
    [InlineData("get istag python:3.12 ", "")]
    [InlineData("get isimage node-exporter@sha256:3", "")]
    [InlineData("get is -o ", "json name table wide yaml")]
    [InlineData("plan -o d", "diff")]
    [InlineData("describe is n", "nginx node-exporter")]
    [InlineData("rollback webapp-base:r", "webapp-base:release-2024-11 webapp-base:runtime")]
    [InlineData("render --stream u", "ubi9")]
    [InlineData("completion ", "bash fish pwsh zsh")]
    [InlineData("get is -n ", "monitoring platform-images shop")]
    [InlineData("sync --pull", "--pull-request-author")]
    [InlineData("--log-level d", "debug")]
    public async Task Offers_what_the_word_being_typed_can_be(string line, string expected)
    {
        var result = await CliRunner.RunAsync(["__complete", line], workingDirectory: ExampleRepo);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Equal(expected, string.Join(' ', result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task Offers_the_images_a_stream_has_held()
    {
        var result = await CliRunner.RunAsync(["__complete", "get isimage python@"], workingDirectory: ExampleRepo);

        var candidates = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(candidates);
        Assert.All(candidates, c => Assert.Matches("^python@sha256:[0-9a-f]{64}$", c));
    }

    [Fact]
    public async Task A_folder_without_streams_offers_no_names_and_no_error()
    {
        using var empty = new Testing.Git.TemporaryDirectory("completion-empty");

        var result = await CliRunner.RunAsync(["__complete", "get istag "], workingDirectory: empty.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Out + result.Error);
    }

    [Theory]
    [InlineData("bash")]
    [InlineData("zsh")]
    [InlineData("fish")]
    [InlineData("pwsh")]
    public async Task Prints_the_script_for_each_shell(string shell)
    {
        var result = await CliRunner.RunAsync("completion", shell);

        Assert.Equal(0, result.ExitCode);
        GoldenFile.AssertMatches($"completion/{shell}.txt", result.Out);
    }

    [Fact]
    public async Task An_unknown_shell_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync("completion", "tcsh");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("tcsh", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gitstreamsync get istag python:", "3.11 3.12")]
    [InlineData("gitstreamsync describe is web", "webapp-base")]
    [InlineData("gitstreamsync  get  -o ", "json name table wide yaml")]
    public async Task The_bash_script_completes_in_the_real_bash(string line, string expected)
    {
        // The tool as built (its own output folder, of the tests' configuration) on PATH, as an installed tool would be.
        var tools = AppContext.BaseDirectory.Replace(
            Path.Combine("tests", "GitStreamSync.Cli.Tests"), Path.Combine("src", "GitStreamSync.Cli"), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(tools, "gitstreamsync")), "the tool's apphost is built next to the tests");
        var script = """
            source <(gitstreamsync completion bash)
            COMP_LINE="$LINE"; COMP_POINT=${#COMP_LINE}
            _gitstreamsync_complete
            printf '%s\n' "${COMPREPLY[@]}"
            """;
        var start = new ProcessStartInfo("bash", ["-c", script])
        {
            WorkingDirectory = ExampleRepo,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PATH"] = tools + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        start.Environment["LINE"] = line;

        // A shell's locale of its own: bash warns on stderr when LC_ALL names a locale the machine has
        // not installed, and the completion's stderr must be empty.
        start.Environment["LC_ALL"] = "C.UTF-8";
        using var bash = Process.Start(start)!;
        using var bounded = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = bash.StandardOutput.ReadToEndAsync(bounded.Token);
        var error = bash.StandardError.ReadToEndAsync(bounded.Token);
        await bash.WaitForExitAsync(bounded.Token);

        Assert.Equal("", await error);
        Assert.Equal(0, bash.ExitCode);
        Assert.Equal(expected, string.Join(' ', (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)));
    }
}
