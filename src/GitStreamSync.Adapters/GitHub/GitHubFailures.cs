using GitStreamSync.Adapters.Secrets;
using GitStreamSync.Core.Ports;
using Octokit;

namespace GitStreamSync.Adapters.GitHub;

/// <summary>
/// GitHub's error answers, each turned into a message that says what to fix. A message quotes only
/// <see cref="SecretSanitizer.Excerpt"/> of what GitHub (or a proxy in front of it) answered.
/// </summary>
internal static class GitHubFailures
{
    public static PullRequestPublishException Explain(ApiException ex, string operation, GitHubTarget target)
    {
        var answer = Answer(ex);
        return ex switch
        {
            AuthorizationException => new(PullRequestFailureKind.BadCredentials,
                $"GitHub rejected the credentials ({answer}) while trying to {operation} at {target.ApiUrl}: " +
                "the token is invalid or expired. Set GITHUB_TOKEN or GH_TOKEN to a valid token, or check " +
                $"{GitHubCredentials.AppIdVariable} and the App's private key. The branch is pushed and left as it is.", ex),
            ForbiddenException => new(PullRequestFailureKind.Forbidden,
                $"GitHub refused to {operation} on {target.FullName} ({answer}): the token may not write pull requests there. " +
                "Grant 'contents: write' and 'pull-requests: write' (the workflow's permissions block, the fine-grained token's " +
                "repository permissions, or the GitHub App's installation on this repository); under GitHub Actions also enable " +
                "Settings > Actions > General > 'Allow GitHub Actions to create and approve pull requests'. The branch is pushed and left as it is.", ex),
            NotFoundException => new(PullRequestFailureKind.RepositoryNotFound,
                $"GitHub answered 404 to {operation}: repository {target.FullName} was not found at {target.ApiUrl}. Check GITHUB_REPOSITORY " +
                "or the remote URL, --github-api-url / GITHUB_API_URL for GitHub Enterprise, and that the token can see the repository " +
                "(GitHub answers 404, not 403, when a token cannot read a private repository).", ex),
            ApiValidationException validation => new(PullRequestFailureKind.Validation,
                $"GitHub rejected the request to {operation} on {target.FullName} ({answer}{Details(validation)}): {Advice(validation)}", ex),
            _ => new(PullRequestFailureKind.Unreachable,
                $"GitHub failed to {operation} on {target.FullName} ({answer}); the branch is pushed and left as it is: run again later.", ex),
        };
    }

    /// <summary>The status and a short, sanitised excerpt of the answer's message, for an error message.</summary>
    public static string Answer(ApiException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return $"{(int)ex.StatusCode} {SecretSanitizer.Shapes.Excerpt(ex.Message)}".TrimEnd();
    }

    public static PullRequestPublishException Unreachable(Exception ex, string operation, GitHubTarget target) => new(
        PullRequestFailureKind.Unreachable,
        $"cannot reach GitHub at {target.ApiUrl} to {operation} ({SecretSanitizer.Shapes.Excerpt(ex.Message)}): check --github-api-url / GITHUB_API_URL and the network. " +
        "The branch is pushed and left as it is.",
        ex);

    /// <summary>
    /// An answer that is not what GitHub's API returns (<see cref="GitHubAnswerCheck"/>, or one Octokit
    /// could not read); names the host and the kind of fault, never quoting the answer.
    /// </summary>
    public static PullRequestPublishException NotAnApiAnswer(Exception ex, string operation, GitHubTarget target) => new(
        PullRequestFailureKind.Unreachable,
        $"GitHub at {target.ApiUrl.Authority} answered {operation} on {target.FullName} with something that is not what its API returns ({Fault(ex)}): " +
        "check --github-api-url / GITHUB_API_URL and any proxy in front of GitHub. The branch is pushed and left as it is: run again later.",
        ex);

    private static string Fault(Exception ex) => ex switch
    {
        GitHubAnswerException answer => answer.Message,
        System.Runtime.Serialization.SerializationException => "not valid JSON",
        _ => "a value of the wrong type",
    };

    /// <summary>GitHub's answer when an open pull request already has this head and base.</summary>
    public static bool IsPullRequestExists(ApiValidationException ex) =>
        ex.Message.Contains("already exists", StringComparison.OrdinalIgnoreCase)
        || ex.ApiError?.Errors?.Any(e => e.Message?.Contains("already exists", StringComparison.OrdinalIgnoreCase) == true) == true;

    // A size limit is about the text the tool wrote, not the branch or the repository config: say so
    // rather than send the reader to check things that are fine.
    private static string Advice(ApiValidationException ex) =>
        ex.ApiError?.Errors?.Any(e => e.Message?.Contains("too long", StringComparison.OrdinalIgnoreCase) == true) == true
            ? "GitHub takes at most 65,536 characters in a pull-request body or comment and 256 in a title. " +
              "The branch is pushed and left as it is; the pull request's diff shows the changes."
            : "check that the tool's branch was pushed and the base branch exists on GitHub, and that labels, reviewers " +
              "and assignees in the repository config name existing labels and collaborators.";

    private static string Details(ApiValidationException ex)
    {
        var errors = ex.ApiError?.Errors;
        if (errors is null || errors.Count == 0)
        {
            return "";
        }

        return ": " + SecretSanitizer.Shapes.Excerpt(string.Join("; ", errors.Select(e => e.Message ?? $"{e.Resource}.{e.Field} {e.Code}")));
    }
}
