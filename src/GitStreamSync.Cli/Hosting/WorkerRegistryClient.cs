using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Ports;
using GitStreamSync.Adapters.Registry;
using GitStreamSync.Cli.Commands;

namespace GitStreamSync.Cli.Hosting;

/// <summary>
/// The worker's registry client: one for the worker's life (connections, tokens, index cache), built
/// with the repository settings' <c>registries:</c> section of the first run and built again only
/// when that section changes. Runs of a worker are sequential, so the old client is idle when replaced.
/// </summary>
internal sealed class WorkerRegistryClient(CommandRun run, TimeProvider? time) : IDisposable
{
    private OciRegistryClient? client;
    private string? settingsKey;

    /// <summary>The last run's registry report of the current client (empty before the first).</summary>
    public RegistryRunReport LastRun => client?.LastRun ?? RegistryRunReport.Empty;

    /// <summary>
    /// Every request the current client has sent, by host and status, with the client they belong to:
    /// a run's requests are the difference of the readings before and after it, all of them once the
    /// client was replaced in between.
    /// </summary>
    public (object? Client, IReadOnlyDictionary<(string Host, int Status), int> Counts) Requests =>
        (client, client?.RequestsSoFar ?? new Dictionary<(string Host, int Status), int>());

    public IDigestResolver For(RepositoryConfig config)
    {
        var key = Key(config);
        if (client is null || !string.Equals(key, settingsKey, StringComparison.Ordinal))
        {
            client?.Dispose();
            client = RegistryClientSetup.Create(run, config.Registries, time);
            settingsKey = key;
        }

        return client;
    }

    public void Dispose() => client?.Dispose();

    private static string Key(RepositoryConfig config) => config.Registries.ToString();
}
