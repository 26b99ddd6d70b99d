namespace GitStreamSync.Core.Ports;

/// <summary>How commit ids are shown to people: the first 12 hex digits, as in logs, reports and messages.</summary>
internal static class CommitId
{
    public static string Short(string commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        return commit[..Math.Min(12, commit.Length)];
    }
}
