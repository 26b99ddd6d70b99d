using System.Globalization;
using System.Text.Json.Nodes;

namespace GitStreamSync.Testing.GitHub;

/// <summary>Response bodies in the shapes GitHub's REST reference documents (the fields Octokit reads, and a few more).</summary>
internal static class GitHubFakeJson
{
    public static JsonObject User(Uri web, string login) => new()
    {
        ["login"] = login,
        ["id"] = StableId(login),
        ["node_id"] = "U_" + login,
        ["type"] = login.EndsWith("[bot]", StringComparison.Ordinal) ? "Bot" : "User",
        ["site_admin"] = false,
        ["html_url"] = new Uri(web, login).ToString(),
    };

    public static JsonObject Repository(Uri api, Uri web, GitHubFakeRepository repo) => new()
    {
        ["id"] = repo.Id,
        ["node_id"] = "R_" + repo.Id.ToString(CultureInfo.InvariantCulture),
        ["name"] = repo.Name,
        ["full_name"] = repo.FullName,
        ["private"] = false,
        ["owner"] = User(web, repo.Owner),
        ["html_url"] = new Uri(web, repo.FullName).ToString(),
        ["url"] = new Uri(api, $"repos/{repo.FullName}").ToString(),
        ["default_branch"] = repo.DefaultBranch,
        ["fork"] = false,
        ["visibility"] = "public",
        ["permissions"] = new JsonObject { ["admin"] = false, ["push"] = true, ["pull"] = true },
    };

    public static JsonObject PullRequest(Uri api, Uri web, GitHubFakeRepository repo, GitHubFakePullRequest pr)
    {
        var html = new Uri(web, $"{repo.FullName}/pull/{pr.Number.ToString(CultureInfo.InvariantCulture)}").ToString();
        return new JsonObject
        {
            ["id"] = pr.Id,
            ["node_id"] = "PR_" + pr.Id.ToString(CultureInfo.InvariantCulture),
            ["number"] = pr.Number,
            ["url"] = new Uri(api, $"repos/{repo.FullName}/pulls/{pr.Number.ToString(CultureInfo.InvariantCulture)}").ToString(),
            ["html_url"] = html,
            ["diff_url"] = html + ".diff",
            ["patch_url"] = html + ".patch",
            ["issue_url"] = new Uri(api, $"repos/{repo.FullName}/issues/{pr.Number.ToString(CultureInfo.InvariantCulture)}").ToString(),
            ["state"] = pr.State,
            ["locked"] = false,
            ["title"] = pr.Title,
            ["body"] = pr.Body,
            ["draft"] = pr.Draft,
            ["user"] = User(web, pr.Author),
            ["labels"] = new JsonArray([.. pr.Labels.Select(l => (JsonNode)Label(api, repo, l))]),
            ["assignees"] = new JsonArray([.. pr.Assignees.Select(a => (JsonNode)User(web, a))]),
            ["assignee"] = pr.Assignees.Count > 0 ? User(web, pr.Assignees[0]) : null,
            ["requested_reviewers"] = new JsonArray([.. pr.RequestedReviewers.Select(r => (JsonNode)User(web, r))]),
            ["requested_teams"] = new JsonArray([.. pr.RequestedTeams.Select(t => (JsonNode)new JsonObject { ["slug"] = t, ["name"] = t, ["id"] = StableId(t) })]),
            ["head"] = pr.HeadRepository is { } fork ? ForkRef(api, web, fork, pr.Head) : Ref(api, web, repo, pr.Head),
            ["base"] = Ref(api, web, repo, pr.Base),
            ["created_at"] = Time(pr.CreatedAt),
            ["updated_at"] = Time(pr.UpdatedAt),
            ["closed_at"] = pr.ClosedAt is { } closed ? Time(closed) : null,
            ["merged_at"] = pr.MergedAt is { } merged ? Time(merged) : null,
            ["merged"] = pr.MergedAt is not null,
            ["mergeable"] = null,
            ["merge_commit_sha"] = null,
            ["author_association"] = "NONE",
            ["comments"] = pr.Comments.Count,
            ["commits"] = 1,
            ["additions"] = 0,
            ["deletions"] = 0,
            ["changed_files"] = 0,
            ["maintainer_can_modify"] = false,
        };
    }

    /// <summary>The App as <c>GET /app</c> answers it (GitHub docs, "Get the authenticated app").</summary>
    public static JsonObject App(Uri api, Uri web, GitHubFakeApp app) => new()
    {
        ["id"] = app.AppId,
        ["slug"] = app.Slug,
        ["node_id"] = "A_" + app.AppId.ToString(CultureInfo.InvariantCulture),
        ["client_id"] = "Iv1." + app.AppId.ToString(CultureInfo.InvariantCulture),
        ["owner"] = User(web, "acme"),
        ["name"] = app.Slug,
        ["description"] = "",
        ["external_url"] = new Uri(web, app.Slug).ToString(),
        ["html_url"] = new Uri(web, "apps/" + app.Slug).ToString(),
        ["created_at"] = "2026-01-01T00:00:00Z",
        ["updated_at"] = "2026-01-01T00:00:00Z",
        ["permissions"] = new JsonObject { ["contents"] = "write", ["pull_requests"] = "write", ["metadata"] = "read" },
        ["events"] = new JsonArray(),
        ["installations_count"] = 1,
        ["url"] = new Uri(api, "app").ToString(),
    };

    public static JsonObject Label(Uri api, GitHubFakeRepository repo, GitHubFakeLabel label) => new()
    {
        ["id"] = label.Id,
        ["node_id"] = "LA_" + label.Id.ToString(CultureInfo.InvariantCulture),
        ["url"] = new Uri(api, $"repos/{repo.FullName}/labels/{Uri.EscapeDataString(label.Name)}").ToString(),
        ["name"] = label.Name,
        ["color"] = label.Color,
        ["default"] = false,
        ["description"] = null,
    };

    public static JsonObject Comment(Uri api, Uri web, GitHubFakeRepository repo, int number, GitHubFakeComment comment) => new()
    {
        ["id"] = comment.Id,
        ["node_id"] = "IC_" + comment.Id.ToString(CultureInfo.InvariantCulture),
        ["url"] = new Uri(api, $"repos/{repo.FullName}/issues/comments/{comment.Id.ToString(CultureInfo.InvariantCulture)}").ToString(),
        ["html_url"] = new Uri(web, $"{repo.FullName}/pull/{number.ToString(CultureInfo.InvariantCulture)}#issuecomment-{comment.Id.ToString(CultureInfo.InvariantCulture)}").ToString(),
        ["body"] = comment.Body,
        ["user"] = User(web, comment.Author),
        ["created_at"] = Time(comment.CreatedAt),
        ["updated_at"] = Time(comment.CreatedAt),
        ["author_association"] = "NONE",
    };

    /// <summary>GitHub's error body: <c>message</c>, <c>documentation_url</c>, and <c>errors</c> for 422.</summary>
    public static string Error(string message, JsonArray? errors = null)
    {
        var body = new JsonObject { ["message"] = message, ["documentation_url"] = "https://docs.github.com/rest" };
        if (errors is not null)
        {
            body["errors"] = errors;
            body["status"] = "422";
        }

        return body.ToJsonString();
    }

    public static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static JsonObject Ref(Uri api, Uri web, GitHubFakeRepository repo, string branch) => new()
    {
        ["label"] = $"{repo.Owner}:{branch}",
        ["ref"] = branch,
        ["sha"] = new string('0', 40),
        ["user"] = User(web, repo.Owner),
        ["repo"] = Repository(api, web, repo),
    };

    /// <summary>A fork's head: another repository, labelled <c>owner:branch</c> with the fork's owner.</summary>
    private static JsonObject ForkRef(Uri api, Uri web, string fullName, string branch)
    {
        var slash = fullName.IndexOf('/', StringComparison.Ordinal);
        var fork = new GitHubFakeRepository(StableId(fullName), fullName[..slash], fullName[(slash + 1)..], "main");
        var repository = Repository(api, web, fork);
        repository["fork"] = true;
        return new JsonObject
        {
            ["label"] = $"{fork.Owner}:{branch}",
            ["ref"] = branch,
            ["sha"] = new string('0', 40),
            ["user"] = User(web, fork.Owner),
            ["repo"] = repository,
        };
    }

    // FNV-1a: the same id for the same login in every run, so recorded answers compare across runs.
    private static long StableId(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (hash % 1_000_000) + 1000;
    }
}
