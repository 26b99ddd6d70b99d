namespace GitStreamSync.Cli;

/// <summary>Maps a run-level exception to its exit code and a one-line message for stderr.</summary>
internal static class FailureReport
{
    /// <summary>What an unexpected error's line ends with when the trace is not printed.</summary>
    public const string DebugHint = "rerun with --log-level debug for the trace";

    public static int ExitCodeFor(Exception exception) => exception switch
    {
        CommandFailedException failed => failed.ExitCode,
        FormatException or ArgumentException or FileNotFoundException or DirectoryNotFoundException or Core.Select.ResolutionsRefusedException => ExitCodes.Usage,
        LibGit2Sharp.LibGit2SharpException or Octokit.ApiException or Core.Ports.RepositoryException or Core.Ports.PullRequestPublishException => ExitCodes.GitFailure,
        OperationCanceledException => ExitCodes.Cancelled,
        _ => ExitCodes.Unexpected,
    };

    /// <param name="withTrace">True when the stack trace follows (debug logging): no hint to ask for it.</param>
    public static string Describe(Exception exception, bool withTrace = false)
    {
        var message = exception switch
        {
            OperationCanceledException => "cancelled",
            CommandFailedException or FormatException or ArgumentException or IOException or Core.Select.ResolutionsRefusedException => exception.Message,
            LibGit2Sharp.LibGit2SharpException or Core.Ports.RepositoryException => "git: " + exception.Message,
            Octokit.ApiException or Core.Ports.PullRequestPublishException => "GitHub: " + exception.Message,
            _ => $"unexpected {exception.GetType().Name}: {exception.Message}" + (withTrace ? "" : $" ({DebugHint})"),
        };

        // One line on stderr: messages from libraries sometimes carry newlines.
        return message.ReplaceLineEndings(" ").Trim();
    }
}
