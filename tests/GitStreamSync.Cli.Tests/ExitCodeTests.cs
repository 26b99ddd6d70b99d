using GitStreamSync.Cli;

namespace GitStreamSync.Cli.Tests;

public sealed class ExitCodeTests
{
    [Fact]
    public void Exit_codes_are_the_contract_numbers()
    {
        Assert.Equal(0, ExitCodes.Success);
        Assert.Equal(1, ExitCodes.TagsFailed);
        Assert.Equal(2, ExitCodes.Usage);
        Assert.Equal(3, ExitCodes.GitFailure);
        Assert.Equal(70, ExitCodes.Unexpected);
    }

    [Fact]
    public async Task An_unknown_option_is_a_usage_error_on_one_line()
    {
        var result = await CliRunner.RunAsync("--no-such-option");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--no-such-option", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public void Run_level_exceptions_map_to_exit_codes()
    {
        Assert.Equal(2, FailureReport.ExitCodeFor(new UsageException("bad option")));
        Assert.Equal(2, FailureReport.ExitCodeFor(new FormatException("bad text")));
        Assert.Equal(2, FailureReport.ExitCodeFor(new DirectoryNotFoundException("no folder")));
        Assert.Equal(3, FailureReport.ExitCodeFor(new LibGit2Sharp.LibGit2SharpException("push failed")));
        Assert.Equal(3, FailureReport.ExitCodeFor(new CommandFailedException(ExitCodes.GitFailure, "clone failed")));
        Assert.Equal(70, FailureReport.ExitCodeFor(new InvalidOperationException("bug")));
        Assert.Equal(70, FailureReport.ExitCodeFor(new KeyNotFoundException("no such key")));
    }

    [Fact]
    public void A_pull_request_failure_is_exit_3_and_says_it_came_from_GitHub()
    {
        var failure = new Core.Ports.PullRequestPublishException(Core.Ports.PullRequestFailureKind.BadCredentials, "the token was refused (401): set a valid GITHUB_TOKEN");

        Assert.Equal(3, FailureReport.ExitCodeFor(failure));
        Assert.Equal("GitHub: the token was refused (401): set a valid GITHUB_TOKEN", FailureReport.Describe(failure));
    }

    [Fact]
    public void A_failure_message_is_one_line()
    {
        Assert.Equal("git: first second", FailureReport.Describe(new LibGit2Sharp.LibGit2SharpException("first\nsecond\n")));
    }

    [Fact]
    public void Mirrors_must_be_host_equals_url()
    {
        Assert.Throws<UsageException>(() => CommonOptions.ParseMirror("docker.io"));
        Assert.Throws<UsageException>(() => CommonOptions.ParseMirror("docker.io=ftp://x"));
        var mirror = CommonOptions.ParseMirror("Docker.IO=http://127.0.0.1:5000");
        Assert.Equal("docker.io", mirror.Host);
        Assert.Equal(new Uri("http://127.0.0.1:5000"), mirror.Url);
    }
}
