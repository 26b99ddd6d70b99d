using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
namespace GitStreamSync.Adapters.Files;

/// <summary>
/// A plain folder (not a Git repository root) as a read-only workspace, for <c>plan</c>, which
/// writes nothing: files come from disk as <c>validate</c> reads them, there is no branch to
/// publish and no history. Committing or publishing is refused.
/// </summary>
internal sealed class FolderWorkspace(string root) : IRepositoryWorkspace
{
    private readonly RepositoryFileSource source = new(root);

    public string DisplayLocation => source.Root;

    public string BaseBranch { get; private set; } = "(folder)";

    public string BaseCommit => "(folder)";

    public bool HasRemote => false;

    /// <summary>True when <paramref name="location"/> is a folder on disk that Git would not open as a repository root (no <c>.git</c>, not bare).</summary>
    public static bool IsPlainFolder(string location) =>
        !location.Contains("://", StringComparison.Ordinal)
        && Directory.Exists(location)
        && !Directory.Exists(Path.Combine(location, ".git"))
        && !File.Exists(Path.Combine(location, ".git"))
        && !(File.Exists(Path.Combine(location, "HEAD")) && Directory.Exists(Path.Combine(location, "objects")));

    public void UseBaseBranch(string branch) => BaseBranch = branch;

    public IReadOnlyList<SourceFile> ReadFiles(Func<string, bool> include) => source.Read(include).Files;

    public SourceFileSet ReadSourceFiles(Func<string, bool> include) => source.Read(include);

    public BranchCommit? ReadPublishedBranch(string branch) => null;

    public IReadOnlyList<string> ReadPublishedBranchNames() => [];

    public Task DeleteBranchAsync(string branch, string expectedTip, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"{source.Root} is not a Git repository: it has no branches");

    public Task<CreatedCommit> CommitAsync(CommitRequest request, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"{source.Root} is not a Git repository: nothing can be committed there");

    public Task<PublishOutcome> PublishAsync(PublishRequest request, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"{source.Root} is not a Git repository: nothing can be published from there");

    public Task RefreshAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }
}

/// <summary>Opens every location as a <see cref="FolderWorkspace"/>.</summary>
internal sealed class FolderWorkspaceFactory : IRepositoryWorkspaceFactory
{
    public Task<IRepositoryWorkspace> OpenAsync(WorkspaceRequest request, CancellationToken cancellationToken) =>
        Task.FromResult<IRepositoryWorkspace>(new FolderWorkspace(request.Location));
}
