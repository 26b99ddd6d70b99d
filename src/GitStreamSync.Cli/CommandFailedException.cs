namespace GitStreamSync.Cli;

/// <summary>
/// A run-level failure with a known exit code and a message fit for one line on stderr.
/// Commands throw it; <see cref="CliApplication"/> catches it in one place.
/// </summary>
internal class CommandFailedException(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>Bad arguments, options or configuration: exit code 2, before any network call.</summary>
internal sealed class UsageException(string message, Exception? inner = null) : CommandFailedException(ExitCodes.Usage, message, inner);
