using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Read;
namespace GitStreamSync.Core.Ports;

/// <summary>
/// How every run that writes (<c>sync</c>, <c>rollback</c>) starts: open the repository at its base,
/// read the settings there (<c>--config FILE</c>, else the base tip's <c>.gitstreamsync.yaml</c>, else
/// the defaults) and move to the settings' base branch when no <c>--base</c> was given.
/// A wrong setting ends the run with <see cref="RepositoryConfigFormatException"/> (exit 2).
/// </summary>
internal static class RepositoryOpening
{
    public static async Task<(IRepositoryWorkspace Workspace, RepositoryConfig Config)> OpenAsync(
        IRepositoryWorkspaceFactory workspaces,
        string location,
        string? baseBranch,
        SourceFile? configFile,
        Func<string, TimeZoneInfo?> findTimeZone,
        CancellationToken cancellationToken)
    {
        var workspace = await workspaces.OpenAsync(new WorkspaceRequest(location, baseBranch), cancellationToken).ConfigureAwait(false);
        try
        {
            var config = ReadConfig(workspace, configFile, findTimeZone);
            if (baseBranch is null && config.BaseBranch is { } configuredBase && configuredBase != workspace.BaseBranch)
            {
                workspace.UseBaseBranch(configuredBase);
            }

            return (workspace, config);
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    /// <summary>The settings: <paramref name="configFile"/> when given, else the workspace's settings file, else the defaults.</summary>
    public static RepositoryConfig ReadConfig(IRepositoryWorkspace workspace, SourceFile? configFile, Func<string, TimeZoneInfo?> findTimeZone)
    {
        var found = configFile is null ? workspace.ReadFiles(path => path == RepositoryConfig.FileName) : [];
        var file = configFile ?? (found.Count > 0 ? found[0] : null);
        if (file is null)
        {
            return RepositoryConfig.Default;
        }

        var read = RepositoryConfigReader.Read(file, findTimeZone);
        return read.Problems.Count > 0 ? throw new RepositoryConfigFormatException(read.Problems) : read.Config;
    }
}
