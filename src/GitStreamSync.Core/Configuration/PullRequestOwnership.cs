using System.Text.RegularExpressions;

namespace GitStreamSync.Core.Configuration;

/// <summary>
/// Which pull requests are the tool's. A hidden marker can be copied into any body, so a pull request
/// counts only when all three hold: its head branch is one of the tool's (under <c>gitstreamsync/</c>,
/// which also holds rollback branches, or the run's own branch from <c>--branch</c> or the
/// <c>branch</c> setting), its head lives in the base repository (a fork's branch is someone
/// else's), and it was opened by the identity the run authenticates as. <see cref="Author"/> names
/// that identity when the credentials cannot say (<c>pullRequests.author</c> or
/// <c>--pull-request-author</c>); null: ask the hosting service.
/// </summary>
internal sealed partial record PullRequestOwnership
{
    public const string DefaultBranchRoot = "gitstreamsync";

    public PullRequestOwnership(string? branch = null, string? author = null)
    {
        Branch = branch;
        Author = author;
    }

    /// <summary>The run's branch when it is not under <see cref="DefaultBranchRoot"/>; null: only the default root.</summary>
    public string? Branch { get; }

    /// <summary>The login that opens the tool's pull requests, when the settings name it.</summary>
    public string? Author { get; }

    public static PullRequestOwnership Default { get; } = new();

    /// <summary>Whether <paramref name="headBranch"/> is one of the tool's branches.</summary>
    public bool IsToolBranch(string headBranch)
    {
        ArgumentNullException.ThrowIfNull(headBranch);
        return Under(headBranch, DefaultBranchRoot) || (Branch is { } own && (headBranch == own || Under(headBranch, own)));
    }

    /// <summary>
    /// Null when a pull request with the tool's marker is the tool's; otherwise why it is not, in the
    /// words of the warning that reports it.
    /// </summary>
    /// <param name="headRepository">The head's repository (<c>owner/name</c>), null when GitHub no longer knows it (a deleted fork).</param>
    public string? Refusal(string headBranch, string? headRepository, string baseRepository, string author, string identity)
    {
        ArgumentNullException.ThrowIfNull(headBranch);
        if (headRepository is null || !headRepository.Equals(baseRepository, StringComparison.OrdinalIgnoreCase))
        {
            return $"comes from {(headRepository is null ? "a deleted repository" : $"the fork {headRepository}")}, not from {baseRepository}";
        }

        if (!IsToolBranch(headBranch))
        {
            return $"comes from the branch {headBranch}, which is not one of the tool's ({Roots()})";
        }

        return author.Equals(identity, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"was opened by {author}, not by the tool's identity {identity}";
    }

    /// <summary>GitHub's login rules: letters, digits and single hyphens, 1 to 39 characters, no hyphen at either end; an App's bot is <c>NAME[bot]</c>.</summary>
    public static bool IsLogin(string? login) => login is not null && LoginPattern().IsMatch(login);

    private string Roots() => Branch is { } own && !Under(own, DefaultBranchRoot) ? $"{DefaultBranchRoot}/..., {own}" : $"{DefaultBranchRoot}/...";

    private static bool Under(string branch, string root) => branch.StartsWith(root + "/", StringComparison.Ordinal);

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:\[bot\])?$")]
    private static partial Regex LoginPattern();
}
