using GitStreamSync.Adapters.Git;
using GitStreamSync.Adapters.Registry;
using GitStreamSync.Core.Sync;

namespace GitStreamSync.Cli.Commands;

/// <summary>Builds the sync run's adapters from the environment and the common options.</summary>
internal static class SyncComposition
{
    public static async Task<SyncReport> RunAsync(CommandRun run, SyncRequest request, CancellationToken cancellationToken)
    {
        var gitOptions = new GitWorkspaceOptions
        {
            Credentials = GitCredentials.FromEnvironment(request.Location, run.Environment.GetVariable),
            CacheDirectory = run.Environment.GetVariable("GITSTREAMSYNC_GIT_CACHE"),
        };
        var registries = new RegistrySettings(
            run.Settings.RegistryMirrors.Select(m => new RegistryMirror(m.Host, m.Endpoint)),
            run.Settings.InsecureRegistries);
        using var resolver = new OciRegistryClient(new RegistryClientOptions { Registries = registries }, run.Environment.GetVariable, run.Time, run.CreateLogger<OciRegistryClient>());
        var rollback = new Core.Rollback.RollbackDetection(new CommitHistoryReader(), pullRequests: null, run.CreateLogger<Core.Rollback.RollbackDetection>());
        var runner = new SyncRunner(new LibGit2SharpWorkspaceFactory(gitOptions), resolver, run.CreateLogger<SyncRunner>(), rollback);
        return await runner.RunAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
