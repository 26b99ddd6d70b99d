namespace GitStreamSync.Cli.Tests;

public sealed class CommandCatalogTests
{
    private static CliContext Context() =>
        new(new CliEnvironment(TextWriter.Null, TextWriter.Null, new Dictionary<string, string>(), TimeProvider.System, "."), new CommonOptions());

    [Fact]
    public void Each_name_is_the_name_of_the_command_its_factory_makes()
    {
        Assert.Equal(CommandCatalog.Names, CommandCatalog.Factories.Select(create => create(Context()).Name));
    }

    [Fact]
    public void A_command_line_builds_the_commands_it_names_and_no_other()
    {
        var named = CommandCatalog.NamedIn(["--config", "x.yaml", "validate", "example-repo"]).Select(create => create(Context()).Name);

        Assert.Equal(["validate"], named);
        Assert.Empty(CommandCatalog.NamedIn(["--version"]));
    }

    [Fact]
    public async Task Version_is_answered_with_no_command_built()
    {
        // In process the version is the test host's; tests/tool-package.sh checks the tool's own.
        var result = await CliRunner.RunAsync("--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Matches(@"^[0-9]+\.[0-9]+\.[0-9]+\S*\n$", result.Out);
    }

    [Fact]
    public async Task A_mistyped_command_is_matched_against_every_command()
    {
        // The line names no command, so none is built for the first parse; the suggestion needs them all.
        var result = await CliRunner.RunAsync("valdate", ".");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("did you mean 'validate'?", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("valdate")]
    [InlineData("validate", "--dyr-run")]
    [InlineData("--version", "validate")]
    [InlineData("--config")]
    public async Task A_line_the_commands_it_names_cannot_settle_is_answered_as_by_the_whole_tree(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("Run 'gitstreamsync --help' for usage.", result.Error, StringComparison.Ordinal);
    }
}
