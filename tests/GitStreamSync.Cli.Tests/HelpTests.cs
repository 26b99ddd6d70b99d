namespace GitStreamSync.Cli.Tests;

public sealed class HelpTests
{
    [Fact]
    public async Task Root_help_matches_the_golden_file()
    {
        var result = await CliRunner.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        GoldenFile.AssertMatches("help.txt", result.Out);
    }
}

public sealed class SyncHelpTests
{
    [Fact]
    public async Task Sync_help_matches_the_golden_file()
    {
        var result = await CliRunner.RunAsync("sync", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        GoldenFile.AssertMatches("sync-help.txt", result.Out);
    }
}

public sealed class CommandHelpExamplesTests
{
    public static TheoryData<string> Commands()
    {
        var root = CliApplication.BuildRoot(new CliEnvironment(TextWriter.Null, TextWriter.Null, new Dictionary<string, string>(), TimeProvider.System, "."));
        var data = new TheoryData<string>();
        foreach (var command in root.Subcommands.Where(c => !c.Hidden))
        {
            data.Add(command.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Every_command_help_ends_with_examples_that_call_the_command(string command)
    {
        var result = await CliRunner.RunAsync(command, "--help");

        Assert.Equal(0, result.ExitCode);
        var examples = result.Out[(result.Out.IndexOf("\nExamples:\n", StringComparison.Ordinal) + 1)..];
        Assert.StartsWith("Examples:\n", examples, StringComparison.Ordinal);
        Assert.All(
            examples.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1),
            line => Assert.StartsWith(command == "completion" ? "  " : $"  gitstreamsync {command} ", line, StringComparison.Ordinal));
    }
}
