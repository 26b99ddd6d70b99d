using System.Globalization;
using System.Text.Json.Nodes;

namespace GitStreamSync.Testing.GitHub;

/// <summary>
/// GitHub's documented size limits on the text the tool writes: pull-request and comment bodies of at
/// most 65,536 characters, titles of at most 256. Over a limit GitHub answers 422 "Validation Failed"
/// naming the field, and stores nothing; the fake does the same, so a run that writes too much fails
/// here as it would on GitHub. GitHub counts characters, not UTF-16 units, so the fake counts runes.
/// </summary>
public sealed partial class GitHubFake
{
    public const int MaxBodyLength = 65_536;
    public const int MaxTitleLength = 256;

    /// <summary>The 422 for a pull request whose title or body is over GitHub's limit, or null when both fit.</summary>
    private static GitHubFakeAnswer? PullRequestTooLong(JsonNode? json) =>
        TooLong(json, "PullRequest", "title", MaxTitleLength) ?? TooLong(json, "PullRequest", "body", MaxBodyLength);

    /// <summary>The 422 for an issue comment whose body is over GitHub's limit, or null when it fits.</summary>
    private static GitHubFakeAnswer? CommentTooLong(JsonNode? json) => TooLong(json, "IssueComment", "body", MaxBodyLength);

    private static GitHubFakeAnswer? TooLong(JsonNode? json, string resource, string field, int maximum)
    {
        if (json is not JsonObject || json[field] is not JsonValue value || !value.TryGetValue<string>(out var text) || Characters(text) <= maximum)
        {
            return null;
        }

        var error = new JsonObject
        {
            ["resource"] = resource,
            ["code"] = "custom",
            ["field"] = field,
            ["message"] = $"{field} is too long (maximum is {maximum.ToString(CultureInfo.InvariantCulture)} characters)",
        };
        return GitHubFakeAnswer.Json(422, GitHubFakeJson.Error("Validation Failed", [error]));
    }

    private static int Characters(string text) => text.EnumerateRunes().Count();
}
