using System.CommandLine;

namespace GitStreamSync.Cli.Tests;

public sealed class FailureHandlingTests
{
    private static Func<CliContext, Command> Throwing(Exception exception) => context =>
    {
        var command = new Command("explode", "Throws on purpose.");
        command.SetAction(parse =>
        {
            using var run = context.Start(parse);
            return Fail(exception);
        });
        return command;
    };

    private static int Fail(Exception exception) => throw exception;

    [Fact]
    public async Task A_git_failure_exits_3_with_one_line_and_no_stack_trace()
    {
        var result = await CliRunner.RunAsync(["explode"], commands: [Throwing(new LibGit2Sharp.LibGit2SharpException("remote rejected"))]);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("gitstreamsync: git: remote rejected\n", result.Error);
    }

    [Fact]
    public async Task Debug_log_level_adds_the_stack_trace()
    {
        var result = await CliRunner.RunAsync(["explode", "--log-level", "debug"], commands: [Throwing(new InvalidOperationException("bug"))]);

        Assert.Equal(70, result.ExitCode);
        Assert.StartsWith("gitstreamsync: unexpected InvalidOperationException: bug\n", result.Error, StringComparison.Ordinal);
        Assert.Contains("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unexpected_error_exits_70_on_one_line_that_says_how_to_get_the_trace()
    {
        var result = await CliRunner.RunAsync(["explode"], commands: [Throwing(new InvalidOperationException("bug\nin two lines"))]);

        Assert.Equal(70, result.ExitCode);
        Assert.Equal("gitstreamsync: unexpected InvalidOperationException: bug in two lines (rerun with --log-level debug for the trace)\n", result.Error);
    }

    [Fact]
    public async Task A_bad_common_option_value_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync(["explode", "--platform", "linux"], commands: [Throwing(new InvalidOperationException("not reached"))]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--platform 'linux'", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not reached", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_command_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync([], commands: [Throwing(new InvalidOperationException("not reached"))]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--help", result.Error, StringComparison.Ordinal);
    }
}
