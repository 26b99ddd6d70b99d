using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Publish;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Run;
using GitStreamSync.Adapters.Git;
using GitStreamSync.Adapters.Registry;

namespace GitStreamSync.Cli.Commands;

/// <summary>Builds the sync run's adapters from the environment and the common options.</summary>
internal static class SyncComposition
{
    /// <summary>A run that writes nothing (<c>plan</c>, <c>--dry-run</c>): no branch is ever in the way.</summary>
    /// <remarks>Its GitHub connection (when the remote is on GitHub and credentials are set) only lists the closed pull requests that reject digests.</remarks>
    public static Task<SyncReport> RunAsync(CommandRun run, SyncRequest request, CancellationToken cancellationToken)
    {
        var github = PullRequestComposition.Connect(run, request.Location, null);
        return RunAsync(run, request, PullRequestComposition.Port(github is { HasCredentials: true } ? github : null, new PullRequestOptions(NoPullRequest: true, Require: false, ApiUrl: null)), cancellationToken);
    }

    /// <param name="pullRequests">The run's way to its pull requests: rollback detection, the push and the propose stage share it.</param>
    /// <param name="shared">A run over many repositories: the answers every repository's resolver shares (null: this repository alone).</param>
    /// <param name="signingKey">Signs the run's commits (<c>--signing-key</c>); null: unsigned.</param>
    /// <param name="oneOfMany">The run is one of many repositories: its clone gets its own folder under the Git cache.</param>
    public static async Task<SyncReport> RunAsync(CommandRun run, SyncRequest request, Core.Propose.PullRequestPort pullRequests, CancellationToken cancellationToken, SharedResolutions? shared = null, SshSigningKey? signingKey = null, bool oneOfMany = false)
    {
        ArgumentNullException.ThrowIfNull(pullRequests);
        var gitOptions = new GitWorkspaceOptions
        {
            Credentials = GitCredentials.FromEnvironment(request.Location, run.Environment.GetVariable),
            CacheDirectory = GitCacheFolders.For(run.Environment.GetVariable("GITSTREAMSYNC_GIT_CACHE"), request.Location, oneOfMany),
            SigningKey = signingKey,
        };
        OciRegistryClient? resolver = null;
        try
        {
            // A plain folder (plan only: it writes nothing) is read from disk and has no history.
            var folder = request.DryRun && Adapters.Files.FolderWorkspace.IsPlainFolder(request.Location);
            var runner = new SyncRunner(
                folder ? new Adapters.Files.FolderWorkspaceFactory() : new LibGit2SharpWorkspaceFactory(gitOptions, run.CreateLogger<LibGit2SharpWorkspaceFactory>()),
                config => shared is null
                    ? resolver = RegistryClientSetup.Create(run, config.Registries)
                    : shared.Through(resolver = RegistryClientSetup.Create(run, config.Registries)),
                run.CreateLogger<SyncRunner>(),
                folder ? null : RollbackComposition.Create(run),
                folder ? Core.Propose.PullRequestPort.None : pullRequests);
            return await runner.RunAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            resolver?.Dispose();
        }
    }
}
