namespace GitStreamSync.Core.Ports;

/// <summary>A Git failure that ends the run (exit code 3): unreachable server, bad credentials, refused push, I/O error.</summary>
public class RepositoryException : Exception
{
    public RepositoryException()
    {
    }

    public RepositoryException(string message)
        : base(message)
    {
    }

    public RepositoryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A branch was not where this run last saw it: another run or a person moved it meanwhile.</summary>
public sealed class BranchMovedException(string branch, string? expected, string? actual)
    : RepositoryException($"branch '{branch}' moved during the run (expected {Show(expected)}, found {Show(actual)})")
{
    public string Branch { get; } = branch;
    public string? Expected { get; } = expected;
    public string? Actual { get; } = actual;

    private static string Show(string? commit) => commit is null ? "no branch" : CommitId.Short(commit);
}

/// <summary>The server refused the push (a hook, branch protection, permissions).</summary>
public sealed class PushRejectedException(string branch, string reason)
    : RepositoryException($"the Git server refused the push to '{branch}': {reason}")
{
    public string Branch { get; } = branch;
    public string Reason { get; } = reason;
}

/// <summary>A working copy given as PATH has uncommitted changes: the run refuses to touch it.</summary>
public sealed class UncommittedChangesException(string path, IReadOnlyList<string> changedPaths)
    : RepositoryException($"the working copy {path} has uncommitted changes ({string.Join(", ", changedPaths.Take(5))}{(changedPaths.Count > 5 ? ", ..." : "")}); commit or stash them first")
{
    public IReadOnlyList<string> ChangedPaths { get; } = changedPaths;
}
