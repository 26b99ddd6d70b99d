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

    public static void Guard(string action, Action work) =>
        Guard(action, () =>
        {
            work();
            return 0;
        });

    private static string Describe(LibGit2SharpException exception)
    {
        var message = exception.Message.Trim();
        if (message.Contains("timed out", StringComparison.OrdinalIgnoreCase))
        {
            return $"{message} (the Git server did not answer in time)";
        }

        return message.Length == 0 ? exception.GetType().Name : message;
    }
}
