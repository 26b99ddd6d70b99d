using GitStreamSync.Adapters.Git;
using GitStreamSync.Core.Ports;
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
        var resolver = RegistryComposition.Create(run);
        try
        {
            var runner = new SyncRunner(new LibGit2SharpWorkspaceFactory(gitOptions), resolver, run.CreateLogger<SyncRunner>());
            return await runner.RunAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            (resolver as IDisposable)?.Dispose();
        }
    }
}
