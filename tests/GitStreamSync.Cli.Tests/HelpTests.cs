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
