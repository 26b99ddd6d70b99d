namespace GitStreamSync.Cli;

/// <summary>The process exit codes of the command-line contract (architecture.md section 3).</summary>
internal static class ExitCodes
{
    /// <summary>Done; also when there was nothing to change.</summary>
    public const int Success = 0;

    /// <summary>Some tags failed to resolve or could not be written.</summary>
    public const int TagsFailed = 1;

    /// <summary>Usage, configuration or validation error, always before any network call.</summary>
    public const int Usage = 2;

    /// <summary>Git or GitHub failure.</summary>
    public const int GitFailure = 3;
}
