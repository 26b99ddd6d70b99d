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
