using System.Runtime.InteropServices;

namespace GitStreamSync.Adapters.Git.Http;

/// <summary>
/// Sets libgit2's last error from the managed HTTP transport. LibGit2Sharp turns a transport
/// stream's exception into an error code only, without its message, so the message is set here
/// first and libgit2 hands it to the caller as the operation's failure.
/// </summary>
internal static class LibGit2Error
{
    // include/git2/errors.h (libgit2 1.8): GIT_ERROR_NET, and GIT_EUSER, which LibGit2Sharp maps to a cancellation.
    private const int NetworkCategory = 12;
    public const int Failed = -1;
    public const int Cancelled = -7;

    public static int Set(string message)
    {
        _ = SetString(NetworkCategory, message);
        return Failed;
    }

    [DllImport(LibGit2NetworkTimeouts.NativeLibraryName, EntryPoint = "git_error_set_str")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories)]
    private static extern int SetString(int category, [MarshalAs(UnmanagedType.LPUTF8Str)] string message);
}
