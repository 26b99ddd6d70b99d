namespace GitStreamSync.Cli.Tests.Startup;

/// <summary>
/// <c>--version</c> alone is answered without the parser (<see cref="VersionOnly"/>): what it
/// prints, the exit code and, under GitHub Actions, the mask registrations before it are those of
/// the parser's own version option.
/// </summary>
public sealed class VersionOnlyTests
{
    public static TheoryData<string> Environments => ["none", "actions"];

    [Theory]
    [MemberData(nameof(Environments))]
    public async Task Version_alone_prints_what_the_parser_prints(string kind)
    {
        var variables = kind == "none"
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_TOKEN"] = "ghp_0123456789abcdefghij0123456789abcdef" };

        var parsed = await CliRunner.RunAsync(["--version"], variables);
        var direct = await RunDirectAsync(variables);

        Assert.Equal(0, parsed.ExitCode);
        Assert.Equal((parsed.ExitCode, parsed.Out, parsed.Error), (direct.ExitCode, direct.Out, direct.Error));
        Assert.EndsWith(VersionOnly.Text() + "\n", direct.Out, StringComparison.Ordinal);
        Assert.Equal(kind == "actions", direct.Out.StartsWith("::add-mask::", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("--version", "validate")]
    [InlineData("--version", "--log-level", "debug")]
    [InlineData("-version")]
    public void Only_the_version_alone_skips_the_parser(params string[] args)
    {
        Assert.Equal(args is ["--version"], VersionOnly.Matches(args));
    }

    // The entry Program.cs takes: the three-argument RunAsync, which answers --version alone itself.
    private static async Task<CliResult> RunDirectAsync(IReadOnlyDictionary<string, string> variables)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var environment = new CliEnvironment(output, error, variables, TimeProvider.System, RepositoryRoot.Path);
        var exitCode = await CliApplication.RunAsync(["--version"], environment, CancellationToken.None);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
