using System.CommandLine;
using System.Text;

namespace GitStreamSync.Cli.Tests.Output;

/// <summary>Whatever a command writes passes the run's sanitiser; under Actions the secrets are registered first.</summary>
public sealed class SecretOutputTests
{
    private const string Token = "Wq3canary-Out9Lm2";

    private static Func<CliContext, Command> Writing(Action<CommandRun> write) => context =>
    {
        var command = new Command("write", "Writes on purpose.");
        command.SetAction(parse =>
        {
            using var run = context.Start(parse);
            write(run);
            return 0;
        });
        return command;
    };

    [Fact]
    public async Task A_secret_written_in_pieces_or_in_an_exception_never_reaches_stdout_or_stderr()
    {
        var variables = new Dictionary<string, string> { ["GITHUB_TOKEN"] = Token, ["GITSTREAMSYNC_REGISTRY_AUTH_QUAY_IO"] = "robot:" + Token + "-registry" };
        var result = await CliRunner.RunAsync(["write", "--log-level", "debug"], variables, commands: [Writing(run =>
        {
            run.Out.Write("server said: " + Token[..5]);
            run.Out.Write(Token[5..] + " and " + Convert.ToBase64String(Encoding.UTF8.GetBytes("robot:" + Token + "-registry")));
            run.Out.WriteLine(" end");
            run.Out.Write("no newline at the end " + Uri.EscapeDataString(Token));
            throw new InvalidOperationException("a library quoted Authorization: token " + Token + "\nand then " + Token + "-registry");
        })]);

        Assert.Equal(ExitCodes.Unexpected, result.ExitCode);
        Assert.Equal("server said: *** and *** end\nno newline at the end ***", result.Out);
        Assert.StartsWith("gitstreamsync: unexpected InvalidOperationException: a library quoted Authorization: token *** and then ***\n", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_of_many_megabytes_in_one_write_is_masked_on_every_line_and_otherwise_unchanged()
    {
        var variables = new Dictionary<string, string> { ["GITHUB_TOKEN"] = Token };
        // Lines of every length around the writer's pieces, a secret in each tenth, one line far longer than a piece.
        var lines = Enumerable.Range(0, 40_000).Select(i => $"line {i} {new string('x', i % 97)}{(i % 10 == 3 ? " " + Token + " " : "")}\n").ToList();
        lines[20_000] = new string('y', 200_000) + Token + "\r\n";
        var report = string.Concat(lines);
        var result = await CliRunner.RunAsync(["write"], variables, commands: [Writing(run =>
        {
            run.Out.Write(report.AsSpan());
            run.Out.Write(Token[..4]);
            run.Out.Write(Token[4]);
            run.Out.Write(Token[5..] + " last");
        })]);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(report.Replace(Token, "***", StringComparison.Ordinal) + "*** last", result.Out);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("json", false)]
    public async Task Under_GitHub_Actions_each_secret_is_registered_once_before_any_output(string? format, bool onStdout)
    {
        var variables = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_TOKEN"] = Token,
            ["GH_TOKEN"] = Token,
            ["GITSTREAMSYNC_GIT_USERNAME"] = "gitbot",
            ["GITSTREAMSYNC_GIT_PASSWORD"] = "pa55-" + Token,
        };
        string[] args = format is null ? ["write"] : ["write", "-o", format];
        var result = await CliRunner.RunAsync(args, variables, commands: [Writing(run => run.Out.WriteLine("report " + Token))]);

        var commands = onStdout ? result.Out : result.Error;
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("gitbot:pa55-" + Token));
        var xAccess = Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:" + Token));
        var registered = commands.Split('\n').Where(l => l.StartsWith("::add-mask::", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            new[] { $"::add-mask::{Token}", $"::add-mask::pa55-{Token}", $"::add-mask::{basic}", $"::add-mask::{xAccess}" }.Order(StringComparer.Ordinal),
            registered.Order(StringComparer.Ordinal));
        Assert.StartsWith("::add-mask::", commands, StringComparison.Ordinal);
        Assert.Equal(onStdout ? string.Join("", registered.Select(l => l + "\n")) + "report ***\n" : "report ***\n", result.Out);
    }
}
