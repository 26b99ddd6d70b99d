namespace GitStreamSync.Core.Ports;

/// <summary>
/// How commit ids are shown to people, in logs, reports, rejection sources and messages: the first
/// <see cref="ShortLength"/> hex digits, the length GitHub's pages and <c>git log --oneline</c> show,
/// so an id the tool prints can be found where reviewers look.
/// </summary>
internal static class CommitId
{
    public const int ShortLength = 7;

    public static string Short(string commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        return commit[..Math.Min(ShortLength, commit.Length)];
    }
}
