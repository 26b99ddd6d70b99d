using GitStreamSync.Adapters.Git;
using GitStreamSync.Adapters.Registry;
using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Sync;

namespace GitStreamSync.Cli.Commands;

/// <summary>Builds the sync run's adapters from the environment and the common options.</summary>
internal static class SyncComposition
{
    public static async Task<SyncReport> RunAsync(CommandRun run, SyncRequest request, CancellationToken cancellationToken, string? gitHubApiUrl = null)
    {
        var rollback = await RollbackComposition.CreateAsync(run, request.Location, gitHubApiUrl, cancellationToken).ConfigureAwait(false);
        var gitOptions = new GitWorkspaceOptions
        {
            Credentials = GitCredentials.FromEnvironment(request.Location, run.Environment.GetVariable),
            CacheDirectory = run.Environment.GetVariable("GITSTREAMSYNC_GIT_CACHE"),
        };
        OciRegistryClient? resolver = null;
        try
        {
            var runner = new SyncRunner(
                new LibGit2SharpWorkspaceFactory(gitOptions),
                config => resolver = new OciRegistryClient(
                    new RegistryClientOptions { Registries = Registries(run, config) }, run.Environment.GetVariable, run.Time, run.CreateLogger<OciRegistryClient>()),
                run.CreateLogger<SyncRunner>(),
                rollback);
            return await runner.RunAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            resolver?.Dispose();
        }
    }

    /// <summary>Mirrors and insecure hosts: the command line's first (they win), then the repository settings'.</summary>
    internal static Adapters.Registry.RegistrySettings Registries(CommandRun run, RepositoryConfig config) =>
        new(
            run.Settings.RegistryMirrors.Select(m => new RegistryMirror(m.Host, m.Endpoint))
                .Concat(config.Registries.SelectMany(r => r.Value.Mirrors.Select(url => new RegistryMirror(r.Key, url)))),
            run.Settings.InsecureRegistries.Concat(config.Registries.Where(r => r.Value.Insecure).Select(r => r.Key)));
}
