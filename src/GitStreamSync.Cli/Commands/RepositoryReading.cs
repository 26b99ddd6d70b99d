using GitStreamSync.Adapters.Files;
using GitStreamSync.Adapters.Git;
using GitStreamSync.Core.Ports;

namespace GitStreamSync.Cli.Commands;

/// <summary>
/// Opens a repository for the commands that only read it (<c>get</c>, <c>render</c>): a plain folder
/// as it is on disk, a working copy or bare repository at its current branch's commit, a URL
/// cloned (or fetched) into the Git cache.
/// </summary>
internal static class RepositoryReading
{
    public static async Task<IRepositoryWorkspace> OpenAsync(CommandRun run, string location, CancellationToken cancellationToken)
    {
        var place = SyncCommand.ResolveLocation(run.Environment, location);
        if (FolderWorkspace.IsPlainFolder(place))
        {
            return new FolderWorkspace(place);
        }

        var options = new GitWorkspaceOptions
        {
            Credentials = GitCredentials.FromEnvironment(place, run.Environment.GetVariable),
            CacheDirectory = run.Environment.GetVariable("GITSTREAMSYNC_GIT_CACHE"),
        };
        return await new LibGit2SharpWorkspaceFactory(options, run.CreateLogger<LibGit2SharpWorkspaceFactory>()).OpenAsync(new WorkspaceRequest(place), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The settings as <c>sync</c> reads them (<c>--config FILE</c>, else the repository's
    /// <c>.gitstreamsync.yaml</c>): which files are ImageStreams (<c>paths</c>), whose pull
    /// requests are the tool's and how deep history is read for rejected digests.
    /// </summary>
    public static Core.Configuration.RepositoryConfig ReadSettings(CommandRun run, IRepositoryWorkspace workspace) =>
        RepositoryOpening.ReadConfig(workspace, SyncCommand.ReadConfigFile(run), RepositoryConfigFile.FindTimeZone);

    /// <summary>The files of the workspace every command reads as ImageStreams (<see cref="Core.Configuration.SourceSelection"/>).</summary>
    public static IReadOnlyList<Core.Read.SourceFile> ReadStreamFiles(IRepositoryWorkspace workspace, Core.Configuration.RepositoryConfig settings) =>
        workspace.ReadFiles(new Core.Configuration.SourceSelection(new Core.Configuration.PathFilter(settings.Paths)).Includes);
}
