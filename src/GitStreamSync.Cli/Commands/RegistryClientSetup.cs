using GitStreamSync.Adapters.Registry;

namespace GitStreamSync.Cli.Commands;

/// <summary>
/// Builds the registry client of a run from the common options: mirrors and insecure hosts from
/// the command line, the environment for credentials, and the index cache directory
/// (<c>GITSTREAMSYNC_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/gitstreamsync</c> or <c>~/.cache/gitstreamsync</c>).
/// </summary>
internal static class RegistryClientSetup
{
    public static OciRegistryClient Create(CommandRun run, RegistrySettings? fromConfig = null)
    {
        var settings = (fromConfig ?? RegistrySettings.Empty).With(
            run.Settings.RegistryMirrors.Select(m => new RegistryMirror(m.Host, m.Endpoint)),
            run.Settings.InsecureRegistries);
        var options = new RegistryClientOptions
        {
            Registries = settings,
            CacheDirectory = CacheDirectory(run.Environment),
        };
        return new OciRegistryClient(options, run.Environment.GetVariable, run.Time, run.LoggerFactory.CreateLogger("registry"));
    }

    /// <summary>The config file's <c>registries:</c> section as client settings (mirrors in order, insecure hosts).</summary>
    public static RegistrySettings FromConfig(IReadOnlyDictionary<string, Core.Configuration.RegistrySettings> registries) =>
        new(
            registries.SelectMany(kv => kv.Value.Mirrors.Select(url => new RegistryMirror(kv.Key, url))),
            registries.Where(kv => kv.Value.Insecure).Select(kv => kv.Key));

    private static string? CacheDirectory(CliEnvironment environment) =>
        environment.GetVariable("GITSTREAMSYNC_CACHE_DIR")
        ?? (environment.GetVariable("XDG_CACHE_HOME") is { } xdg ? Path.Combine(xdg, "gitstreamsync")
        : environment.GetVariable("HOME") is { } home ? Path.Combine(home, ".cache", "gitstreamsync")
        : null);
}
