using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace GitStreamSync.Testing.GitHub;

public sealed partial class GitHubFake
{
    private GitHubFakeAnswer Answer(string method, string path, IQueryCollection query, string authorization, string body)
    {
        lock (Gate)
        {
            var fault = _faults.FirstOrDefault(f => f.Times > 0 && f.Method == method && path.StartsWith(f.PathPrefix, StringComparison.Ordinal));
            if (fault is not null)
            {
                fault.Times--;
                return GitHubFakeAnswer.Json(fault.Status, fault.Body, fault.Headers) with { ContentType = fault.ContentType };
            }

            JsonNode? json;
            try
            {
                json = body.Length == 0 ? null : JsonNode.Parse(body);
            }
            catch (JsonException)
            {
                return GitHubFakeAnswer.Json(400, GitHubFakeJson.Error("Problems parsing JSON"));
            }

            if (AccessTokensRoute().Match(path) is { Success: true } tokenRoute && method == "POST")
            {
                return CreateInstallationToken(long.Parse(tokenRoute.Groups["id"].Value, CultureInfo.InvariantCulture), authorization);
            }

            switch (method, path)
            {
                case ("GET", "/user"):
                    return CurrentUser(authorization);
                case ("GET", "/app"):
                    return CurrentApp(authorization);
            }

            var repoRoute = RepositoryRoute().Match(path);
            if (!repoRoute.Success)
            {
                return GitHubFakeAnswer.NotFound();
            }

            _repositories.TryGetValue($"{repoRoute.Groups["owner"].Value}/{repoRoute.Groups["repo"].Value}", out var repo);
            var rest = repoRoute.Groups["rest"].Value;
            if (rest == "/installation" && method == "GET")
            {
                return FindInstallation(repo, authorization);
            }

            if (Authenticate(authorization) is not { } token)
            {
                return GitHubFakeAnswer.Json(401, GitHubFakeJson.Error(EchoRefusedAuthorization ? EchoOf(authorization) : "Bad credentials"));
            }

            if (repo is null || (token.Repositories is not null && !token.Repositories.Contains(repo.FullName)))
            {
                return GitHubFakeAnswer.NotFound();
            }

            if (method != "GET" && !token.CanWrite)
            {
                return GitHubFakeAnswer.Json(403, GitHubFakeJson.Error("Resource not accessible by integration"));
            }

            return (method, rest) switch
            {
                ("GET", "") => GitHubFakeAnswer.Json(200, GitHubFakeJson.Repository(ApiUrl, WebUrl, repo).ToJsonString()),
                ("GET", "/pulls") => ListPullRequests(repo, path, query),
                ("POST", "/pulls") => CreatePullRequest(repo, token, json),
                _ => PullRequestRoute(method, rest, repo, token, json),
            };
        }
    }

    private GitHubFakeAnswer PullRequestRoute(string method, string rest, GitHubFakeRepository repo, GitHubFakeToken token, JsonNode? json)
    {
        var match = NumberedRoute().Match(rest);
        var pr = match.Success ? repo.PullRequests.FirstOrDefault(p => p.Number == int.Parse(match.Groups["number"].Value, CultureInfo.InvariantCulture)) : null;
        if (pr is null)
        {
            return GitHubFakeAnswer.NotFound();
        }

        var now = Time.GetUtcNow();
        switch (method, match.Groups["kind"].Value, match.Groups["sub"].Value)
        {
            case ("GET", "pulls", ""):
                return PullRequestAnswer(200, repo, pr);
            case ("PATCH", "pulls", ""):
                return UpdatePullRequest(repo, pr, json, now);
            case ("PUT", "pulls", "/merge"):
                return MergePullRequest(pr, json, now);
            case ("POST", "pulls", "/requested_reviewers"):
                var reviewers = Strings(json?["reviewers"]);
                var teams = Strings(json?["team_reviewers"]);
                if (reviewers.Any(r => r.Equals(pr.Author, StringComparison.OrdinalIgnoreCase)))
                {
                    return Invalid("Review cannot be requested from pull request author.");
                }

                // team_reviewers are slugs of the repository owner's teams: "org/team" names no team.
                if ((repo.Collaborators.Count > 0 && reviewers.Any(r => !repo.Collaborators.Contains(r)))
                    || teams.Any(t => t.Contains('/', StringComparison.Ordinal) || (repo.Teams.Count > 0 && !repo.Teams.Contains(t))))
                {
                    return Invalid($"Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the {repo.FullName} repository.");
                }

                pr.RequestedReviewers.AddRange(reviewers.Except(pr.RequestedReviewers, StringComparer.OrdinalIgnoreCase));
                pr.RequestedTeams.AddRange(teams.Except(pr.RequestedTeams, StringComparer.OrdinalIgnoreCase));
                return PullRequestAnswer(201, repo, pr);
            case ("GET", "issues", "/labels"):
                return LabelsAnswer(repo, pr);
            case ("POST", "issues", "/labels"):
                foreach (var name in Strings(json is JsonArray ? json : json?["labels"]))
                {
                    if (!repo.Labels.TryGetValue(name, out var label))
                    {
                        label = repo.Labels[name] = new GitHubFakeLabel(NextId(), name, "ededed");
                    }

                    if (!pr.Labels.Contains(label))
                    {
                        pr.Labels.Add(label);
                    }
                }

                pr.UpdatedAt = now;
                return LabelsAnswer(repo, pr);
            case ("POST", "issues", "/assignees"):
                // GitHub silently drops assignees who cannot be assigned.
                pr.Assignees.AddRange(Strings(json?["assignees"])
                    .Where(a => repo.Collaborators.Count == 0 || repo.Collaborators.Contains(a))
                    .Except(pr.Assignees, StringComparer.OrdinalIgnoreCase));
                return PullRequestAnswer(201, repo, pr);
            case ("GET", "issues", "/comments"):
                return GitHubFakeAnswer.Json(200, new JsonArray([.. pr.Comments.Select(c => (JsonNode)GitHubFakeJson.Comment(ApiUrl, WebUrl, repo, pr.Number, c))]).ToJsonString());
            case ("POST", "issues", "/comments"):
                if (json?["body"]?.GetValue<string>() is not { Length: > 0 } text)
                {
                    return Invalid(null, "IssueComment", "body", "missing_field");
                }

                if (CommentTooLong(json) is { } commentTooLong)
                {
                    return commentTooLong;
                }

                var comment = new GitHubFakeComment(NextId(), token.Login, text, now);
                pr.Comments.Add(comment);
                pr.UpdatedAt = now;
                return GitHubFakeAnswer.Json(201, GitHubFakeJson.Comment(ApiUrl, WebUrl, repo, pr.Number, comment).ToJsonString());
            default:
                return GitHubFakeAnswer.NotFound();
        }
    }

    private GitHubFakeAnswer ListPullRequests(GitHubFakeRepository repo, string path, IQueryCollection query)
    {
        var state = query["state"].FirstOrDefault() ?? "open";
        var head = query["head"].FirstOrDefault();
        var baseBranch = query["base"].FirstOrDefault();
        var sort = query["sort"].FirstOrDefault() ?? "created";
        var direction = query["direction"].FirstOrDefault() ?? (sort == "created" ? "desc" : "asc");
        var perPage = Math.Clamp(int.TryParse(query["per_page"].FirstOrDefault(), CultureInfo.InvariantCulture, out var pp) ? pp : 30, 1, 100);
        var page = Math.Max(int.TryParse(query["page"].FirstOrDefault(), CultureInfo.InvariantCulture, out var pg) ? pg : 1, 1);

        IEnumerable<GitHubFakePullRequest> found = repo.PullRequests.Where(p => state == "all" || p.State == state);
        if (head is not null)
        {
            // GitHub's head filter is user:ref-name; a bare ref is accepted as the repository owner's.
            var colon = head.IndexOf(':', StringComparison.Ordinal);
            var (user, branch) = colon < 0 ? (repo.Owner, head) : (head[..colon], head[(colon + 1)..]);
            found = found.Where(p => user.Equals(HeadOwner(repo, p), StringComparison.OrdinalIgnoreCase) && p.Head == branch);
        }

        if (baseBranch is not null)
        {
            found = found.Where(p => p.Base == baseBranch);
        }

        Func<GitHubFakePullRequest, DateTimeOffset> key = sort == "updated" ? p => p.UpdatedAt : p => p.CreatedAt;
        var ordered = (direction == "asc" ? found.OrderBy(key).ThenBy(p => p.Number) : found.OrderByDescending(key).ThenByDescending(p => p.Number)).ToList();
        var lastPage = Math.Max(1, (ordered.Count + perPage - 1) / perPage);
        var items = ordered.Skip((page - 1) * perPage).Take(perPage).Select(p => (JsonNode)GitHubFakeJson.PullRequest(ApiUrl, WebUrl, repo, p));
        var headers = new Dictionary<string, string>();
        if (page < lastPage)
        {
            var others = string.Join("&", query.Where(q => q.Key != "page").Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}"));
            string Link(int n) => new Uri(ApiUrl, path.TrimStart('/')) + "?" + (others.Length > 0 ? others + "&" : "") + "page=" + n.ToString(CultureInfo.InvariantCulture);
            headers["Link"] = $"<{Link(page + 1)}>; rel=\"next\", <{Link(lastPage)}>; rel=\"last\"";
        }

        return GitHubFakeAnswer.Json(200, new JsonArray([.. items]).ToJsonString(), headers);
    }

    private GitHubFakeAnswer CreatePullRequest(GitHubFakeRepository repo, GitHubFakeToken token, JsonNode? json)
    {
        var title = json?["title"]?.GetValue<string>();
        var head = json?["head"]?.GetValue<string>();
        var baseBranch = json?["base"]?.GetValue<string>();
        if (string.IsNullOrEmpty(title) || string.IsNullOrEmpty(head) || string.IsNullOrEmpty(baseBranch))
        {
            var field = string.IsNullOrEmpty(title) ? "title" : string.IsNullOrEmpty(head) ? "head" : "base";
            return Invalid(null, "PullRequest", field, "missing_field");
        }

        if (PullRequestTooLong(json) is { } tooLong)
        {
            return tooLong;
        }

        head = head.Contains(':', StringComparison.Ordinal) ? head[(head.IndexOf(':', StringComparison.Ordinal) + 1)..] : head;
        if (repo.Branches is not null && !repo.Branches.Contains(head))
        {
            return Invalid(null, "PullRequest", "head", "invalid");
        }

        if (repo.Branches is not null && !repo.Branches.Contains(baseBranch))
        {
            return Invalid(null, "PullRequest", "base", "invalid");
        }

        BeforeCreatePullRequest?.Invoke(repo, head);
        if (repo.PullRequests.Any(p => p.State == "open" && p.HeadRepository is null && p.Head == head && p.Base == baseBranch))
        {
            return Invalid($"A pull request already exists for {repo.Owner}:{head}.");
        }

        var now = Time.GetUtcNow();
        var pr = new GitHubFakePullRequest
        {
            Id = NextId(),
            Number = repo.PullRequests.Count + 1,
            Head = head,
            Base = baseBranch,
            Title = title,
            Body = json?["body"]?.GetValue<string>(),
            Draft = json?["draft"]?.GetValue<bool>() ?? false,
            Author = token.Login,
            CreatedAt = now,
            UpdatedAt = now,
        };
        repo.PullRequests.Add(pr);
        var answer = PullRequestAnswer(201, repo, pr);
        return answer with { Headers = new Dictionary<string, string> { ["Location"] = new Uri(ApiUrl, $"repos/{repo.FullName}/pulls/{pr.Number}").ToString() } };
    }

    private GitHubFakeAnswer UpdatePullRequest(GitHubFakeRepository repo, GitHubFakePullRequest pr, JsonNode? json, DateTimeOffset now)
    {
        if (PullRequestTooLong(json) is { } tooLong)
        {
            return tooLong;
        }

        if (json?["state"]?.GetValue<string>() is { } state)
        {
            if (state is not ("open" or "closed"))
            {
                return Invalid(null, "PullRequest", "state", "invalid");
            }

            if (state == "open" && pr.MergedAt is not null)
            {
                return Invalid("Cannot reopen a merged pull request.");
            }

            pr.State = state;
            pr.ClosedAt = state == "closed" ? now : null;
        }

        if (json?["base"]?.GetValue<string>() is { } newBase)
        {
            if (repo.Branches is not null && !repo.Branches.Contains(newBase))
            {
                return Invalid(null, "PullRequest", "base", "invalid");
            }

            pr.Base = newBase;
        }

        pr.Title = json?["title"]?.GetValue<string>() ?? pr.Title;
        pr.Body = json?["body"]?.GetValue<string>() ?? pr.Body;
        pr.UpdatedAt = now;
        return PullRequestAnswer(200, repo, pr);
    }

    /// <summary>
    /// GitHub's merge route: marks the pull request merged and closed. The fake holds no Git objects, so the
    /// branch itself is merged elsewhere (the Git server); <c>sha</c>, when sent, is echoed as the merge's sha.
    /// </summary>
    private static GitHubFakeAnswer MergePullRequest(GitHubFakePullRequest pr, JsonNode? json, DateTimeOffset now)
    {
        if (pr.State != "open")
        {
            return GitHubFakeAnswer.Json(405, GitHubFakeJson.Error("Pull Request is not mergeable"));
        }

        var method = json?["merge_method"]?.GetValue<string>() ?? "merge";
        if (method is not ("merge" or "squash" or "rebase"))
        {
            return Invalid(null, "PullRequest", "merge_method", "invalid");
        }

        pr.State = "closed";
        pr.ClosedAt = now;
        pr.MergedAt = now;
        pr.UpdatedAt = now;
        var body = new JsonObject { ["sha"] = json?["sha"]?.GetValue<string>(), ["merged"] = true, ["message"] = "Pull Request successfully merged" };
        return GitHubFakeAnswer.Json(200, body.ToJsonString());
    }

    private static string HeadOwner(GitHubFakeRepository repo, GitHubFakePullRequest pr) =>
        pr.HeadRepository is { } fork ? fork[..fork.IndexOf('/', StringComparison.Ordinal)] : repo.Owner;

    private GitHubFakeAnswer PullRequestAnswer(int status, GitHubFakeRepository repo, GitHubFakePullRequest pr) =>
        GitHubFakeAnswer.Json(status, GitHubFakeJson.PullRequest(ApiUrl, WebUrl, repo, pr).ToJsonString());

    private GitHubFakeAnswer LabelsAnswer(GitHubFakeRepository repo, GitHubFakePullRequest pr) =>
        GitHubFakeAnswer.Json(200, new JsonArray([.. pr.Labels.Select(l => (JsonNode)GitHubFakeJson.Label(ApiUrl, repo, l))]).ToJsonString());

    /// <summary>422 as GitHub sends it: "Validation Failed" with an errors array, or a custom error message.</summary>
    private static GitHubFakeAnswer Invalid(string? customMessage, string resource = "PullRequest", string? field = null, string code = "custom")
    {
        var error = new JsonObject { ["resource"] = resource, ["code"] = code };
        if (field is not null)
        {
            error["field"] = field;
        }

        if (customMessage is not null)
        {
            error["message"] = customMessage;
        }

        return GitHubFakeAnswer.Json(422, GitHubFakeJson.Error("Validation Failed", [error]));
    }

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(n => n?.GetValue<string>()).OfType<string>()] : [];

    [GeneratedRegex("^/repos/(?<owner>[^/]+)/(?<repo>[^/]+)(?<rest>/.*)?$")]
    private static partial Regex RepositoryRoute();

    [GeneratedRegex("^/(?<kind>pulls|issues)/(?<number>[0-9]+)(?<sub>/[a-z_]+)?$")]
    private static partial Regex NumberedRoute();

    [GeneratedRegex("^/app/installations/(?<id>[0-9]+)/access_tokens$")]
    private static partial Regex AccessTokensRoute();
}
