using GitStreamSync.Testing.Git;

namespace GitStreamSync.Cli.Tests.Sync;

/// <summary>Run-level failures of <c>sync</c> end with one clear line and the contract's exit code.</summary>
public sealed class SyncCommandFaultTests
{
    [Fact]
    public async Task A_git_server_that_is_down_exits_3_with_the_location()
    {
        var url = $"http://127.0.0.1:{LoopbackPort.Pick()}/git/gone.git";

        var result = await CliRunner.RunAsync("sync", url);

        Assert.Equal(ExitCodes.GitFailure, result.ExitCode);
        Assert.StartsWith($"gitstreamsync: git: cloning {url}:", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task A_working_copy_with_uncommitted_changes_exits_3_and_keeps_the_changes()
    {
        using var folder = new TemporaryDirectory("wc");
        GitCli.Run(folder.Path, "init", "-q", "--initial-branch=main", ".");
        GitCli.WriteFiles(folder.Path, new Dictionary<string, string> { ["is.yaml"] = "kind: ImageStream\nmetadata:\n  name: a\n" });
        GitCli.Run(folder.Path, "add", "-A");
        GitCli.Run(folder.Path, "commit", "-q", "-m", "seed");
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "is.yaml"), "edited\n");

        var result = await CliRunner.RunAsync(["sync", "."], workingDirectory: folder.Path);

        Assert.Equal(ExitCodes.GitFailure, result.ExitCode);
        Assert.Contains("has uncommitted changes (is.yaml); commit or stash them first", result.Error, StringComparison.Ordinal);
        Assert.Equal("edited\n", await File.ReadAllTextAsync(Path.Combine(folder.Path, "is.yaml")));
    }

    [Fact]
    public async Task A_wrong_setting_in_the_repository_exits_2_naming_the_line()
    {
        using var folder = new TemporaryDirectory("cfg");
        var bare = Path.Combine(folder.Path, "r.git");
        GitCli.InitBare(bare, "main", new Dictionary<string, string> { [".gitstreamsync.yaml"] = "historyLimit: many\n" });

        var result = await CliRunner.RunAsync("sync", "file://" + bare);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("gitstreamsync: .gitstreamsync.yaml:1:", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--author", "no email")]
    [InlineData("--committer", "Bot <not-an-email>")]
    public async Task A_bad_identity_is_a_usage_error(string option, string value)
    {
        var result = await CliRunner.RunAsync("sync", "file:///nowhere.git", option, value);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"{option} '{value}' is not NAME <EMAIL>", result.Error, StringComparison.Ordinal);
    }
}
