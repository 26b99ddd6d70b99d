using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Adapters.Git;
using GitStreamSync.Testing.Git;

namespace GitStreamSync.Adapters.Tests.Git;

/// <summary>One loopback Git server per test class (push needs Basic auth); each test makes its own repository.</summary>
public sealed class GitServerFixture : IDisposable
{
    public GitHttpServer Server { get; } = GitHttpServer.Start();

    public void Dispose() => Server.Dispose();
}

internal static class GitTestSupport
{
    public static readonly DateTimeOffset When = new(2026, 11, 28, 5, 0, 0, TimeSpan.Zero);

    // Network timeouts are process-wide in libgit2: every test uses the same short ones.
    public static GitWorkspaceOptions Options(GitHttpServer? server = null, string? cacheDirectory = null) => new()
    {
        Credentials = server is null ? null : new GitCredentials(server.User, server.Password),
        CacheDirectory = cacheDirectory,
        TemporaryRoot = "/dev/shm",
        ConnectTimeout = TimeSpan.FromSeconds(3),
        ServerTimeout = TimeSpan.FromSeconds(3),
    };

    public static Dictionary<string, string> Seed() => new()
    {
        ["streams/app.yaml"] = "kind: ImageStream\nmetadata:\n  name: app\n",
        ["streams/db.json"] = "{\n  \"kind\": \"ImageStream\"\n}\n",
        ["README.md"] = "# repo\n",
    };

    public static string NewName() => "r" + Guid.NewGuid().ToString("N")[..10];

    public static CommitRequest Commit(params SourceFile[] files) =>
        new(files, "Update 1 image digest in 1 ImageStream\n\nImage-Stream-Tag: streams/app.yaml#app:latest - sha256:" + new string('a', 64) + "\n", GitIdentity.Default, GitIdentity.Default, When);

    public static async Task<IRepositoryWorkspace> OpenAsync(GitWorkspaceOptions options, string location, string? baseBranch = null) =>
        await new LibGit2SharpWorkspaceFactory(options).OpenAsync(new WorkspaceRequest(location, baseBranch), CancellationToken.None);
}
