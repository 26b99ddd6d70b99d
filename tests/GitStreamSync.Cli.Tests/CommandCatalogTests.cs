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

    [Theory]
    [InlineData("validate", "example-repo")]
    [InlineData("validate", "-o", "json", "example-repo")]
    [InlineData("validate", "example-repo", "--help")]
    [InlineData("validate", "-h")]
    [InlineData("validate", "-?")]
    [InlineData("validate", "/h")]
    [InlineData("validate", "-oh")]
    [InlineData("validate", "--config", "--help")]
    [InlineData("validate", "--config", "--version")]
    [InlineData("validate", "example-repo", "--version")]
    [InlineData("validate", "-o", "-h")]
    public async Task The_named_commands_answer_a_line_as_the_whole_tree_does(params string[] args)
    {
        // A list other than the catalog's own is always parsed with its whole tree.
        var whole = await CliRunner.RunAsync(args, commands: [.. CommandCatalog.Factories]);
        var named = await CliRunner.RunAsync(args);

        Assert.Equal(whole, named);
    }

    [Theory]
    [InlineData(false, "validate", "example-repo", "-o", "json", "--config", "x.yaml")]
    [InlineData(false, "sync", "--since", "-30m")]
    [InlineData(true, "sync", "--since", "-1h")]
    [InlineData(true, "validate", "--help")]
    [InlineData(true, "--version")]
    [InlineData(true, "validate", "-h")]
    [InlineData(true, "validate", "-oh")]
    [InlineData(true, "validate", "-?")]
    [InlineData(true, "validate", "/?")]
    [InlineData(true, "validate", "/h")]
    public void Help_and_version_are_built_only_for_a_line_that_may_ask_for_them(bool expected, params string[] args) =>
        Assert.Equal(expected, CliApplication.MayAskForHelpOrVersion(args));
}
