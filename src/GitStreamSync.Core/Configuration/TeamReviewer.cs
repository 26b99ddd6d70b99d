using System.Text.RegularExpressions;

namespace GitStreamSync.Core.Configuration;

/// <summary>
/// A team asked for review, as <c>pullRequests.teamReviewers</c> writes it: <c>team</c> or
/// <c>org/team</c>. GitHub's <c>team_reviewers</c> takes only the slug of a team of the repository's
/// own organisation, so <c>org/team</c> is sent as <c>team</c>, and a team of another organisation
/// cannot be asked at all.
/// </summary>
internal sealed partial record TeamReviewer(string? Organisation, string Slug)
{
    public static bool IsWellFormed(string? text) => text is not null && Pattern().IsMatch(text);

    /// <summary>The team <paramref name="text"/> names; throws <see cref="FormatException"/> when it is not <c>team</c> or <c>org/team</c>.</summary>
    public static TeamReviewer Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Pattern().Match(text);
        return match.Success
            ? new TeamReviewer(match.Groups["org"].Success ? match.Groups["org"].Value : null, match.Groups["slug"].Value)
            : throw new FormatException($"pullRequests.teamReviewers: '{text}' is not a team slug, e.g. platform-team or acme/platform-team");
    }

    /// <summary>
    /// The slug to send for a repository owned by <paramref name="owner"/>, or the reason the team
    /// cannot be asked there (it belongs to another organisation).
    /// </summary>
    public (string? Slug, string? Error) For(string owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return Organisation is null || Organisation.Equals(owner, StringComparison.OrdinalIgnoreCase)
            ? (Slug, null)
            : (null, $"pullRequests.teamReviewers: '{Organisation}/{Slug}' is a team of {Organisation}, but the repository belongs to {owner}; " +
                $"GitHub asks reviews only from teams of the repository's organisation: write '{owner}/<team>' or just the team's slug");
    }

    [GeneratedRegex(@"^(?:(?<org>[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})/)?(?<slug>[A-Za-z0-9][A-Za-z0-9_.-]*)$")]
    private static partial Regex Pattern();
}
