namespace GitStreamSync.Cli;

/// <summary>The process exit codes of the command-line contract (README, Exit codes).</summary>
internal static class ExitCodes
{
    /// <summary>Done; also when there was nothing to change, and (by default) when tags failed only for now.</summary>
    public const int Success = 0;

    /// <summary>Some tags failed for good (not found, unauthorized, invalid) or a file could not be read or edited; with <c>--fail-on transient</c> also tags deferred to the next run.</summary>
    public const int TagsFailed = 1;

    /// <summary>Usage, configuration or validation error, always before any network call.</summary>
    public const int Usage = 2;

    /// <summary>Git or GitHub failure.</summary>
    public const int GitFailure = 3;

    /// <summary>
    /// An error the tool did not expect (a bug or an environment it cannot handle): set apart from
    /// 1 so that CI never takes it for a registry answer. 70 is EX_SOFTWARE of sysexits.h.
    /// </summary>
    public const int Unexpected = 70;

    /// <summary>Stopped by Ctrl-C or SIGTERM before the end (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
