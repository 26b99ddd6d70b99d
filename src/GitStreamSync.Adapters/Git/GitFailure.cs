using GitStreamSync.Adapters.Git.Http;
using GitStreamSync.Adapters.Secrets;
using GitStreamSync.Core.Ports;
using LibGit2Sharp;

namespace GitStreamSync.Adapters.Git;

/// <summary>Turns LibGit2Sharp and I/O exceptions into the run-level <see cref="RepositoryException"/> with a plain message.</summary>
internal static class GitFailure
{
    public static T Guard<T>(string action, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (RepositoryException)
        {
            throw;
        }
        catch (UserCancelledException exception)
        {
            // Only the progress callbacks cancel, and only when the run's token is cancelled.
            throw new OperationCanceledException("the Git operation was cancelled", exception);
        }
        catch (LibGit2SharpException exception)
        {
            // The credentials callback's own message (bad or missing credentials) arrives as the inner message.
            throw new RepositoryException($"{action}: {Describe(exception)}", exception);
        }
        catch (IOException exception)
        {
            throw new RepositoryException($"{action}: {exception.Message}", exception);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new RepositoryException($"{action}: {exception.Message}", exception);
        }
    }

    /// <summary>
    /// Runs a network operation, repeating it when a socket call was interrupted by a signal.
    /// libgit2 1.8 does not retry a read or write that fails with EINTR, and the .NET runtime
    /// signals threads (for example to suspend them for a collection), so under load a clone,
    /// fetch or push over the transports libgit2 still runs itself (SSH, git://; HTTP is .NET's)
    /// can fail with "Interrupted system call" although nothing is wrong. The
    /// operations wrapped here are reads, or pushes that a lease check guards, so repeating one is
    /// safe. <paramref name="work"/> makes its own credentials callback on every attempt, because a
    /// callback counts its calls to detect bad credentials. <paramref name="call"/> tells the HTTP
    /// transport the run's cancellation, which also stops a request it is waiting on, and the proxy.
    /// </summary>
    public static T GuardNetwork<T>(string action, Func<T> work, Action? beforeRetry, GitHttpCall call)
    {
        const int Attempts = 4;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var during = GitHttpTransport.During(call);
                return Guard(action, work);
            }
            catch (RepositoryException exception) when (attempt < Attempts && WasInterrupted(exception))
            {
                beforeRetry?.Invoke();
            }
        }
    }

    public static void GuardNetwork(string action, Action work, Action? beforeRetry, GitHttpCall call) =>
        GuardNetwork(action, () =>
        {
            work();
            return 0;
        }, beforeRetry, call);

    private static bool WasInterrupted(RepositoryException exception) =>
        exception.InnerException is LibGit2SharpException inner
        && inner.Message.Contains("Interrupted system call", StringComparison.OrdinalIgnoreCase);

    public static void Guard(string action, Action work) =>
        Guard(action, () =>
        {
            work();
            return 0;
        });

    private static string Describe(LibGit2SharpException exception)
    {
        // libgit2 quotes the server (a proxy's page, a hook's output): short, one line, masked.
        var message = SecretSanitizer.Shapes.Excerpt(exception.Message, 300);
        if (message.Contains("timed out", StringComparison.OrdinalIgnoreCase))
        {
            return $"{message} (the Git server did not answer in time)";
        }

        return message.Length == 0 ? exception.GetType().Name : message;
    }
}
