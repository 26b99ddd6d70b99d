using GitStreamSync.Core.Ports;
using GitStreamSync.Adapters.Git;
using GitStreamSync.Adapters.Git.Http;
using LibGit2Sharp;

namespace GitStreamSync.Adapters.Tests.Git;

public sealed class GitFailureTests
{
    [Fact]
    public void A_network_operation_interrupted_by_a_signal_is_repeated()
    {
        var calls = 0;
        var retries = 0;
        var result = GitFailure.GuardNetwork(
            "cloning http://127.0.0.1/x.git",
            () => ++calls < 3 ? throw new LibGit2SharpException("error receiving data from socket: Interrupted system call") : "cloned",
            () => retries++,
            default(GitHttpCall));

        Assert.Equal("cloned", result);
        Assert.Equal(3, calls);
        Assert.Equal(2, retries);
    }

    [Fact]
    public void Interruptions_that_do_not_stop_end_as_a_repository_error()
    {
        var calls = 0;
        var error = Assert.Throws<RepositoryException>(() => GitFailure.GuardNetwork<int>(
            "fetching from http://127.0.0.1/x.git",
            () => { calls++; throw new LibGit2SharpException("error sending data: Interrupted system call"); },
            beforeRetry: null,
            default(GitHttpCall)));

        Assert.Equal(4, calls);
        Assert.StartsWith("fetching from http://127.0.0.1/x.git: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_failures_are_not_repeated()
    {
        var calls = 0;
        Assert.Throws<RepositoryException>(() => GitFailure.GuardNetwork<int>(
            "pushing main",
            () => { calls++; throw new LibGit2SharpException("too many redirects or authentication replays"); },
            beforeRetry: null,
            default(GitHttpCall)));

        Assert.Equal(1, calls);
    }

    [Fact]
    public void A_server_message_libgit2_quotes_is_one_short_masked_line()
    {
        var page = "unexpected http status 502: <html>\n<body>Bad Gateway\r\nAuthorization: Basic cm9ib3Q6c2VjcmV0LXB3\n" + new string('x', 2000) + "</body></html>";

        var error = Assert.Throws<RepositoryException>(() => GitFailure.Guard<int>("cloning http://127.0.0.1/x.git", () => throw new LibGit2SharpException(page)));

        Assert.StartsWith("cloning http://127.0.0.1/x.git: unexpected http status 502: <html> <body>Bad Gateway Authorization: *** xxx", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain("cm9ib3Q6c2VjcmV0LXB3", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Message.Length, 100, 400);
    }
}
