using System.Runtime.InteropServices;
using LibGit2Sharp;

namespace GitStreamSync.Adapters.Git;

/// <summary>
/// libgit2 has no network timeout by default: a server that accepts and never answers blocks a
/// fetch or push forever. LibGit2Sharp 0.32 does not expose the options, so they are set through
/// <c>git_libgit2_opts</c> in the native library LibGit2Sharp bundles (libgit2 1.8.6).
/// The settings are process-wide.
/// </summary>
internal static class LibGit2NetworkTimeouts
{
    // include/git2/common.h (libgit2 1.8), enum git_libgit2_opt_t.
    internal const int SetServerConnectTimeout = 39;
    internal const int GetServerConnectTimeout = 40;
    internal const int SetServerTimeout = 41;
    internal const int GetServerTimeout = 42;

    // The bundled library's name (LibGit2Sharp.NativeBinaries 2.0.324); the version is pinned centrally.
    internal const string NativeLibraryName = "libgit2-5853918";

    private static readonly Lock Gate = new();

    public static void Apply(TimeSpan connect, TimeSpan server)
    {
        lock (Gate)
        {
            // Loads the native library the way LibGit2Sharp does before the first call below.
            _ = GlobalSettings.Version;
            Check(SetInt(SetServerConnectTimeout, Milliseconds(connect)), "server connect timeout");
            Check(SetInt(SetServerTimeout, Milliseconds(server)), "server timeout");
        }
    }

    public static (TimeSpan Connect, TimeSpan Server) Read()
    {
        lock (Gate)
        {
            _ = GlobalSettings.Version;
            Check(GetInt(GetServerConnectTimeout, out var connect), "server connect timeout");
            Check(GetInt(GetServerTimeout, out var server), "server timeout");
            return (TimeSpan.FromMilliseconds(connect), TimeSpan.FromMilliseconds(server));
        }
    }

    private static int Milliseconds(TimeSpan value) =>
        value <= TimeSpan.Zero ? throw new ArgumentOutOfRangeException(nameof(value), "a Git network timeout must be positive") : (int)Math.Min(int.MaxValue, value.TotalMilliseconds);

    private static void Check(int result, string what)
    {
        if (result != 0)
        {
            throw new InvalidOperationException($"libgit2 refused to set the {what} (error {result})");
        }
    }

    // git_libgit2_opts is variadic; on x86-64 and arm64 Linux an int vararg travels like a fixed one.
    [DllImport(NativeLibraryName, EntryPoint = "git_libgit2_opts")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories)]
    private static extern int SetInt(int option, int value);

    [DllImport(NativeLibraryName, EntryPoint = "git_libgit2_opts")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories)]
    private static extern int GetInt(int option, out int value);
}
