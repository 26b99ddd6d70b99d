using System.Diagnostics;
using GitStreamSync.Core.Ports;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Adapters.Git;

/// <summary>
/// The folder a clone is kept in between runs (<c>--cache-dir</c>, <c>GITSTREAMSYNC_GIT_CACHE</c>).
/// The clone lives in <see cref="CloneName"/> and appears there only by renaming a finished clone
/// into place, so a process killed while cloning leaves a temporary folder (removed by the next
/// run), never a clone without refs. The folder itself may be a mount point or a folder systemd
/// made: everything the tool creates stays inside it. While a run uses the clone it holds
/// <see cref="LockName"/> open for exclusive use; the operating system releases it when the process
/// ends, however it ends, so lock files left in the clone by a killed process can be removed safely.
/// </summary>
internal sealed class GitCacheFolder : IDisposable
{
    public const string CloneName = "repository.git";
    public const string LockName = "lock";
    private const string TemporaryPrefix = ".clone-";
    private const string DiscardedPrefix = ".discarded-";

    private readonly FileStream lockFile;
    private readonly ILogger logger;

    private GitCacheFolder(string root, FileStream lockFile, ILogger logger)
    {
        Root = root;
        this.lockFile = lockFile;
        this.logger = logger;
    }

    public string Root { get; }

    public string ClonePath => Path.Combine(Root, CloneName);

    /// <summary>Takes the folder for this process, waiting up to <paramref name="wait"/> for another process to finish with it.</summary>
    public static GitCacheFolder Acquire(string root, TimeSpan wait, ILogger logger)
    {
        root = Path.GetFullPath(root);
        Directory.CreateDirectory(root);
        var lockPath = Path.Combine(root, LockName);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                var folder = new GitCacheFolder(root, stream, logger);
                folder.RemoveLeftovers();
                return folder;
            }
            catch (IOException) when (File.Exists(lockPath) && waited.Elapsed < wait)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(200));
            }
            catch (IOException exception) when (File.Exists(lockPath))
            {
                throw new RepositoryException($"the cache folder {root} is in use by another gitstreamsync process (waited {wait.TotalSeconds:0} s); give each process its own folder", exception);
            }
        }
    }

    /// <summary>A new empty folder for a clone in progress, on the same file system as <see cref="ClonePath"/>.</summary>
    public string NewTemporaryClone() => Path.Combine(Root, TemporaryPrefix + Guid.NewGuid().ToString("N"));

    /// <summary>Moves a finished clone into place.</summary>
    public void Install(string temporaryClone) => Directory.Move(temporaryClone, ClonePath);

    /// <summary>Removes the clone after it failed its check; it is moved aside first, so a failed delete never leaves it half there.</summary>
    public void Discard(string reason)
    {
        logger.LogWarning("The cached clone {Path} is not usable ({Reason}); cloning it again", ClonePath, reason);
        var aside = Path.Combine(Root, DiscardedPrefix + Guid.NewGuid().ToString("N"));
        Directory.Move(ClonePath, aside);
        LibGit2SharpWorkspace.DeleteDirectory(aside);
    }

    public void Dispose() => lockFile.Dispose();

    private void RemoveLeftovers()
    {
        foreach (var leftover in Directory.EnumerateDirectories(Root).Where(d => Path.GetFileName(d) is var name && (name.StartsWith(TemporaryPrefix, StringComparison.Ordinal) || name.StartsWith(DiscardedPrefix, StringComparison.Ordinal))))
        {
            logger.LogInformation("Removed {Path}, left by a run that ended before it finished", leftover);
            LibGit2SharpWorkspace.DeleteDirectory(leftover);
        }

        if (!Directory.Exists(ClonePath))
        {
            return;
        }

        // Git takes a lock by creating NAME.lock next to the file it rewrites. This process holds
        // the folder, so any lock file still there belongs to a process that died mid-write; left
        // alone it would make every later fetch fail with "failed to lock file".
        var stale = Directory.EnumerateFiles(ClonePath, "*.lock", SearchOption.TopDirectoryOnly);
        if (Directory.Exists(Path.Combine(ClonePath, "refs")))
        {
            stale = stale.Concat(Directory.EnumerateFiles(Path.Combine(ClonePath, "refs"), "*.lock", SearchOption.AllDirectories));
        }

        foreach (var file in stale.ToList())
        {
            logger.LogWarning("Removed the lock file {Path}, left by a run that ended while writing the cached clone", file);
            File.Delete(file);
        }
    }
}
