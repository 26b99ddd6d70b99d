using GitStreamSync.Adapters.Registry;
using GitStreamSync.Core.Configuration;

namespace GitStreamSync.Cli.Commands;

/// <summary>
/// Builds the registry client of a run from the common options: mirrors and insecure hosts from
/// the command line on top of the repository settings' <c>registries:</c> section, the environment
/// for credentials, and the index cache directory (<c>--registry-cache</c>, else
/// <c>GITSTREAMSYNC_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/gitstreamsync</c> or <c>~/.cache/gitstreamsync</c>).
/// </summary>
internal static class RegistryClientSetup
{
    /// <param name="time">The clock of timeouts and retries; the run's clock unless given.</param>
    public static OciRegistryClient Create(CommandRun run, RegistrySettings? fromConfig = null, TimeProvider? time = null)
    {
        // The command line's mirrors for a host replace the repository settings' for that host.
        var commandLine = new RegistrySettings(run.Settings.RegistryMirrors, run.Settings.InsecureRegistries, run.Settings.MirrorOnlyRegistries);
        var settings = (fromConfig ?? RegistrySettings.Empty).After(commandLine);

        // A mirror-only host without a mirror could never be asked: every tag of it would fail, so say so before any request.
        if (settings.MirrorOnlyHostsWithoutMirror.FirstOrDefault() is { } lonely)
        {
            throw new UsageException($"--mirror-only {lonely}: {lonely} has no mirror; add --registry-mirror {lonely}=URL or registries.{lonely}.mirrors in the settings file");
        }

        var options = new RegistryClientOptions
        {
            Registries = settings,
            Progress = new Output.ProgressLine(run.Error, run.Environment.DrawsProgress, run.Time),
            CacheDirectory = run.Settings.RegistryCache is { } cache ? run.Environment.ResolvePath(cache) : CacheDirectory(run.Environment),
        };
        return new OciRegistryClient(options, run.Environment.GetVariable, time ?? run.Time, run.LoggerFactory.CreateLogger("registry"));
    }

    private static string? CacheDirectory(CliEnvironment environment) =>
        environment.GetVariable("GITSTREAMSYNC_CACHE_DIR")
        ?? (environment.GetVariable("XDG_CACHE_HOME") is { } xdg ? Path.Combine(xdg, "gitstreamsync")
        : environment.GetVariable("HOME") is { } home ? Path.Combine(home, ".cache", "gitstreamsync")
        : null);
}
