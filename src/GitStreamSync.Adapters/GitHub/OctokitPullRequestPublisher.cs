using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
using Microsoft.Extensions.Logging;
using Octokit;

namespace GitStreamSync.Adapters.GitHub;

/// <summary>
/// <see cref="IPullRequestPublisher"/> over Octokit. One open pull request per head branch,
/// updated in place. The tool's pull requests carry the hidden marker in their body and pass
/// <see cref="PullRequestOwnership"/>: the tool's branch, the base repository, opened by the login
/// the run acts as (<see cref="GitHubIdentity"/>). A marker on any other pull request counts for
/// nothing, and each such pull request is reported once per run (this instance lives for one run).
/// Labels, reviewers and assignees the repository config names are added, never removed, so
/// what people add by hand stays.
/// </summary>
internal sealed class OctokitPullRequestPublisher(IGitHubClient client, GitHubTarget target, GitHubRetryPolicy retry, ILogger logger, GitHubIdentity identity)
    : IPullRequestPublisher
{
    private readonly HashSet<int> reported = [];

    public async Task<PublishedPullRequest> PublishAsync(PullRequestDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var teams = TeamSlugs(draft.TeamReviewers);
        var existing = await FindOpenAsync(draft.HeadBranch, cancellationToken).ConfigureAwait(false);
        if (existing is not null && await RefusalAsync(existing, draft.Ownership, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            // GitHub holds one open pull request per head and base: the tool can neither update this one nor open its own.
            throw new PullRequestPublishException(PullRequestFailureKind.Validation,
                $"pull request #{existing.Number} from {draft.HeadBranch} on {target.FullName} {refusal}, so the tool neither updates it nor can open its own for that branch: " +
                "close it, or set pullRequests.author or --pull-request-author if the tool's pull requests are opened by another login. The branch is pushed and left as it is.");
        }

        if (existing is null)
        {
            if (draft.MaxOpenPullRequests is { } max && await CountOpenToolPullRequestsAsync(draft.Ownership, cancellationToken).ConfigureAwait(false) >= max)
            {
                logger.LogWarning("Not opening a pull request for {Branch}: {Max} of the tool's pull requests are open (pullRequests.maxOpen)", draft.HeadBranch, max);
                return new PublishedPullRequest(PullRequestOutcome.LimitReached, null, null, draft.HeadBranch);
            }

            var created = await TryCreateAsync(draft, cancellationToken).ConfigureAwait(false);
            if (created is not null)
            {
                await AddPeopleAndLabelsAsync(created.Number, draft, teams, [], created: true, cancellationToken).ConfigureAwait(false);
                return new PublishedPullRequest(PullRequestOutcome.Created, created.Number, new Uri(created.HtmlUrl), draft.HeadBranch);
            }

            // Another run opened it between our lookup and our create: update that one.
            existing = await FindOpenAsync(draft.HeadBranch, cancellationToken).ConfigureAwait(false)
                ?? throw new PullRequestPublishException(PullRequestFailureKind.Validation,
                    $"GitHub says a pull request from {draft.HeadBranch} already exists on {target.FullName}, but none is open for that branch: " +
                    "close the other pull request for this branch, or set another branch name with --branch");
        }

        var changed = existing.Title != draft.Title || Normalize(existing.Body) != Normalize(draft.Body) || existing.Base.Ref != draft.BaseBranch;
        if (changed)
        {
            var update = new PullRequestUpdate { Title = draft.Title, Body = draft.Body, Base = draft.BaseBranch };
            await retry.RunAsync($"update pull request #{existing.Number}", target,
                () => client.PullRequest.Update(target.Owner, target.Repository, existing.Number, update), cancellationToken).ConfigureAwait(false);
        }

        var labelsAdded = await AddPeopleAndLabelsAsync(existing.Number, draft, teams, [.. existing.Labels.Select(l => l.Name)], created: false, cancellationToken).ConfigureAwait(false);
        return new PublishedPullRequest(changed || labelsAdded ? PullRequestOutcome.Updated : PullRequestOutcome.Unchanged, existing.Number, new Uri(existing.HtmlUrl), draft.HeadBranch);
    }

    public async Task<ToolPullRequest?> CloseAsync(string headBranch, string comment, PullRequestOwnership ownership, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ownership);
        var existing = await FindOpenAsync(headBranch, cancellationToken).ConfigureAwait(false);
        if (existing is null || await RefusalAsync(existing, ownership, cancellationToken).ConfigureAwait(false) is { } refusal && Report(existing, refusal))
        {
            return null;
        }

        var marker = PullRequestMarker.TryParse(existing.Body, out var found) ? found with { ClosedByTool = true }
            : new PullRequestMarker(existing.Base.Ref, null, []) { ClosedByTool = true };
        await retry.RunAsync($"comment on pull request #{existing.Number}", target,
            () => client.Issue.Comment.Create(target.Owner, target.Repository, existing.Number, comment), cancellationToken).ConfigureAwait(false);
        var update = new PullRequestUpdate { State = ItemState.Closed, Body = PullRequestMarker.Replace(existing.Body ?? "", marker) };
        var closed = await retry.RunAsync($"close pull request #{existing.Number}", target,
            () => client.PullRequest.Update(target.Owner, target.Repository, existing.Number, update), cancellationToken).ConfigureAwait(false);
        return new ToolPullRequest(closed.Number, new Uri(closed.HtmlUrl), headBranch, closed.Base.Ref, ToolPullRequestState.ClosedByTool, closed.ClosedAt, marker);
    }

    public Task<IReadOnlyList<ToolPullRequest>> ListToolPullRequestsAsync(PullRequestOwnership ownership, CancellationToken cancellationToken) =>
        ListToolPullRequestsAsync(ownership, ClosedPullRequestWindow.Recent, cancellationToken);

    public async Task<IReadOnlyList<ToolPullRequest>> ListToolPullRequestsAsync(PullRequestOwnership ownership, ClosedPullRequestWindow closed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ownership);
        ArgumentNullException.ThrowIfNull(closed);
        var open = await ListAsync(ItemStateFilter.Open, null, cancellationToken).ConfigureAwait(false);
        var recent = await ListClosedAsync(closed, cancellationToken).ConfigureAwait(false);
        return await ToolsAsync(open.Concat(recent), ownership, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Closed pull requests newest update first, one page at a time, until a page reaches an update
    /// older than <see cref="ClosedPullRequestWindow.ClosedSince"/> (everything after it closed earlier
    /// still) or the page bound is reached, which the log says.
    /// </summary>
    private async Task<List<PullRequest>> ListClosedAsync(ClosedPullRequestWindow window, CancellationToken cancellationToken)
    {
        const int PageSize = 100;
        var request = new PullRequestRequest { State = ItemStateFilter.Closed, SortProperty = PullRequestSort.Updated, SortDirection = SortDirection.Descending };
        var found = new List<PullRequest>();
        for (var page = 1; page <= window.MaxPages; page++)
        {
            var options = new ApiOptions { PageSize = PageSize, PageCount = 1, StartPage = page };
            var items = await retry.RunAsync("list closed pull requests", target,
                () => client.PullRequest.GetAllForRepository(target.Owner, target.Repository, request, options), cancellationToken).ConfigureAwait(false);
            var since = window.ClosedSince;
            found.AddRange(since is null ? items : items.Where(p => p.UpdatedAt >= since));
            // GitHub's Link header says whether a next page exists: a full last page needs no empty one after it.
            var last = items.Count < PageSize || client.GetLastApiInfo()?.Links.ContainsKey("next") == false;
            if (last || (since is not null && items.Any(p => p.UpdatedAt < since)))
            {
                logger.LogDebug("read {Pages} pages of closed pull requests{Since}", page, since is null ? "" : " updated since " + since.Value.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
                return found;
            }
        }

        // The pull-request step reads only recent ones on purpose; rollback detection should know it missed some.
        if (window != ClosedPullRequestWindow.Recent)
        {
            logger.LogWarning(
                "stopped listing closed pull requests after {Pages} pages ({Count} pull requests); older ones are not read in this run",
                window.MaxPages, found.Count);
        }

        return found;
    }

    /// <summary>The pull requests with the tool's marker that are the tool's; the others are reported once and dropped.</summary>
    private async Task<List<ToolPullRequest>> ToolsAsync(IEnumerable<PullRequest> pullRequests, PullRequestOwnership ownership, CancellationToken cancellationToken)
    {
        var tools = new List<ToolPullRequest>();
        foreach (var pullRequest in pullRequests)
        {
            if (ToToolPullRequest(pullRequest) is { } tool
                && !(await RefusalAsync(pullRequest, ownership, cancellationToken).ConfigureAwait(false) is { } refusal && Report(pullRequest, refusal)))
            {
                tools.Add(tool);
            }
        }

        return tools;
    }

    /// <summary>Null when <paramref name="pullRequest"/> is the tool's; else why not. The run's login is asked only when branch and repository fit.</summary>
    private async Task<string?> RefusalAsync(PullRequest pullRequest, PullRequestOwnership ownership, CancellationToken cancellationToken)
    {
        var headRepository = pullRequest.Head.Repository?.FullName;
        var author = pullRequest.User?.Login ?? "";
        var structural = ownership.Refusal(pullRequest.Head.Ref, headRepository, target.FullName, author, author);
        if (structural is not null)
        {
            return structural;
        }

        var login = ownership.Author ?? await identity.LoginAsync(cancellationToken).ConfigureAwait(false);
        return ownership.Refusal(pullRequest.Head.Ref, headRepository, target.FullName, author, login);
    }

    /// <summary>Warns once per run about a pull request that looks like the tool's but is not; always true, for use in a condition.</summary>
    private bool Report(PullRequest pullRequest, string refusal)
    {
        if (reported.Add(pullRequest.Number))
        {
            var looks = PullRequestMarker.TryParse(pullRequest.Body, out _) ? "carries GitStreamSync's marker" : "is on a branch of the tool";
            logger.LogWarning("pull request #{Number} {Looks} but {Refusal}: ignored", pullRequest.Number, looks, refusal);
        }

        return true;
    }

    /// <summary>
    /// GitHub's <c>team_reviewers</c> takes slugs of the repository owner's teams: <c>org/team</c> is
    /// sent as <c>team</c>; a team of another organisation is an error before anything is opened.
    /// </summary>
    private string[] TeamSlugs(IReadOnlyList<string> teams) =>
        [.. teams.Select(text =>
        {
            TeamReviewer team;
            try
            {
                team = TeamReviewer.Parse(text);
            }
            catch (FormatException ex)
            {
                throw new PullRequestPublishException(PullRequestFailureKind.Validation, ex.Message, ex);
            }

            var (slug, error) = team.For(target.Owner);
            return slug ?? throw new PullRequestPublishException(PullRequestFailureKind.Validation, error!);
        })];

    private async Task<PullRequest?> TryCreateAsync(PullRequestDraft draft, CancellationToken cancellationToken)
    {
        var request = new NewPullRequest(draft.Title, draft.HeadBranch, draft.BaseBranch) { Body = draft.Body, Draft = draft.Draft };
        try
        {
            return await retry.RunAsync($"open a pull request from {draft.HeadBranch} into {draft.BaseBranch}", target,
                () => client.PullRequest.Create(target.Owner, target.Repository, request), cancellationToken).ConfigureAwait(false);
        }
        catch (PullRequestPublishException ex) when (ex.InnerException is ApiValidationException validation && GitHubFailures.IsPullRequestExists(validation))
        {
            logger.LogInformation("A pull request from {Branch} appeared meanwhile; updating it", draft.HeadBranch);
            return null;
        }
    }

    /// <summary>
    /// Adds the labels the config asks for and the pull request lacks. Reviewers and assignees are
    /// asked once, when the pull request is opened, so a later run does not re-request a review
    /// someone already gave. A refused reviewer or assignee is a warning, not a failed run.
    /// </summary>
    private async Task<bool> AddPeopleAndLabelsAsync(int number, PullRequestDraft draft, string[] teams, string[] currentLabels, bool created, CancellationToken cancellationToken)
    {
        var missing = draft.Labels.Except(currentLabels, StringComparer.OrdinalIgnoreCase).ToArray();
        if (missing.Length > 0)
        {
            await retry.RunAsync($"label pull request #{number}", target,
                () => client.Issue.Labels.AddToIssue(target.Owner, target.Repository, number, missing), cancellationToken).ConfigureAwait(false);
        }

        if (created)
        {
            await TryAsync($"request reviews on pull request #{number}", draft.Reviewers.Count + teams.Length > 0,
                () => client.PullRequest.ReviewRequest.Create(target.Owner, target.Repository, number, new PullRequestReviewRequest(draft.Reviewers, teams)),
                cancellationToken).ConfigureAwait(false);
            await TryAsync($"assign pull request #{number}", draft.Assignees.Count > 0,
                () => client.Issue.Assignee.AddAssignees(target.Owner, target.Repository, number, new AssigneesUpdate(draft.Assignees)),
                cancellationToken).ConfigureAwait(false);
        }

        return missing.Length > 0;
    }

    private async Task TryAsync<T>(string operation, bool needed, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        if (!needed)
        {
            return;
        }

        try
        {
            await retry.RunAsync(operation, target, call, cancellationToken).ConfigureAwait(false);
        }
        catch (PullRequestPublishException ex) when (ex.Kind == PullRequestFailureKind.Validation)
        {
            logger.LogWarning("Could not {Operation}: {Message}", operation, ex.Message);
        }
    }

    private async Task<PullRequest?> FindOpenAsync(string headBranch, CancellationToken cancellationToken)
    {
        var request = new PullRequestRequest { State = ItemStateFilter.Open, Head = $"{target.Owner}:{headBranch}" };
        var found = await retry.RunAsync($"look up the pull request for {headBranch}", target,
            () => client.PullRequest.GetAllForRepository(target.Owner, target.Repository, request, new ApiOptions { PageSize = 100, PageCount = 1 }),
            cancellationToken).ConfigureAwait(false);
        return found.FirstOrDefault(p => p.Head.Ref == headBranch);
    }

    private async Task<int> CountOpenToolPullRequestsAsync(PullRequestOwnership ownership, CancellationToken cancellationToken) =>
        (await ToolsAsync(await ListAsync(ItemStateFilter.Open, null, cancellationToken).ConfigureAwait(false), ownership, cancellationToken).ConfigureAwait(false)).Count;

    private Task<IReadOnlyList<PullRequest>> ListAsync(ItemStateFilter state, int? pages, CancellationToken cancellationToken)
    {
        var request = new PullRequestRequest { State = state, SortProperty = PullRequestSort.Updated, SortDirection = SortDirection.Descending };
        var options = new ApiOptions { PageSize = 100 };
        if (pages is { } count)
        {
            options.PageCount = count;
        }

        return retry.RunAsync($"list {state.ToString().ToLowerInvariant()} pull requests", target,
            () => client.PullRequest.GetAllForRepository(target.Owner, target.Repository, request, options), cancellationToken);
    }

    private static ToolPullRequest? ToToolPullRequest(PullRequest pullRequest)
    {
        if (!PullRequestMarker.TryParse(pullRequest.Body, out var marker))
        {
            return null;
        }

        var state = pullRequest.State.Value == ItemState.Open ? ToolPullRequestState.Open
            : pullRequest.Merged || pullRequest.MergedAt is not null ? ToolPullRequestState.Merged
            : marker.ClosedByTool ? ToolPullRequestState.ClosedByTool
            : ToolPullRequestState.ClosedUnmerged;
        return new ToolPullRequest(pullRequest.Number, new Uri(pullRequest.HtmlUrl), pullRequest.Head.Ref, pullRequest.Base.Ref, state, pullRequest.ClosedAt, marker);
    }

    // GitHub stores bodies edited in the browser with CRLF; comparing raw would update on every run.
    private static string Normalize(string? body) => (body ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();
}
