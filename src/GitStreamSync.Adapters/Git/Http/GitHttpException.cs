namespace GitStreamSync.Adapters.Git.Http;

/// <summary>
/// A failure of the Git HTTP transport, handed to libgit2 as its error: with a message to set, or
/// with the code of a failure whose message libgit2 already holds (the credentials callback's).
/// </summary>
internal sealed class GitHttpException : Exception
{
    public GitHttpException(string message)
        : base(message)
    {
        Code = LibGit2Error.Failed;
    }

    public GitHttpException(int codeWithMessageSet)
        : base("the credentials callback failed")
    {
        Code = codeWithMessageSet;
        MessageIsSet = true;
    }

    public int Code { get; }

    public bool MessageIsSet { get; }
}
