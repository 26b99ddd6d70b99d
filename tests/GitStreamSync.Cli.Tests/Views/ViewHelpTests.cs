namespace GitStreamSync.Cli.Tests.Views;

public sealed class ViewHelpTests
{
    [Theory]
    [InlineData("render", "render-help.txt")]
    [InlineData("get", "get-help.txt")]
    [InlineData("describe", "describe-help.txt")]
    public async Task Help_gives_an_example_for_each_use(string command, string golden)
    {
        var result = await CliRunner.RunAsync(command, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Contains("Examples:", result.Out, StringComparison.Ordinal);
        GoldenFile.AssertMatches(golden, result.Out);
    }
}
