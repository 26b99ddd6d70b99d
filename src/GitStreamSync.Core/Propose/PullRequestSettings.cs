using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
namespace GitStreamSync.Core.Propose;

/// <summary>How the tool's pull requests are made: the <c>pullRequests</c> section of the repository config, checked.</summary>
internal sealed record PullRequestSettings
{
    public Configuration.PullRequestGrouping GroupBy { get; init; } = Configuration.PullRequestGrouping.Base;
    public PullRequestTitleTemplate Title { get; init; } = PullRequestTitleTemplate.Default;
    public IReadOnlyList<string> Labels { get; init; } = [];
    public IReadOnlyList<string> Reviewers { get; init; } = [];
    public IReadOnlyList<string> TeamReviewers { get; init; } = [];
    public IReadOnlyList<string> Assignees { get; init; } = [];
    public bool Draft { get; init; }

    /// <summary>No new pull request is opened while this many of the tool's are open; null: no limit.</summary>
    public int? MaxOpen { get; init; }

    /// <summary>The first segment of the tool's branch names.</summary>
    public string BranchPrefix { get; init; } = "gitstreamsync";

    /// <summary>The login that opens the tool's pull requests (<c>pullRequests.author</c>, <c>--pull-request-author</c>); null: the credentials say.</summary>
    public string? Author { get; init; }

    /// <summary>The tool's branch for the base as the run chose it (<c>--branch</c> or the <c>branch</c> setting); null: <c>PREFIX/BASE</c>.</summary>
    public string? Branch { get; init; }

    public static PullRequestSettings Default { get; } = new();

    /// <summary>The settings as read from <c>.gitstreamsync.yaml</c>; a bad title template throws <see cref="PullRequestTemplateFormatException"/>.</summary>
    public static PullRequestSettings From(Configuration.PullRequestSettings configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        return new PullRequestSettings
        {
            GroupBy = configured.GroupBy,
            Title = configured.Title is { } title ? PullRequestTitleTemplate.Parse(title)
                : configured.GroupBy == Configuration.PullRequestGrouping.Stream ? PullRequestTitleTemplate.DefaultPerStream
                : PullRequestTitleTemplate.Default,
            Labels = configured.Labels,
            Reviewers = configured.Reviewers,
            TeamReviewers = configured.TeamReviewers,
            Assignees = configured.Assignees,
            Draft = configured.Draft,
            MaxOpen = configured.MaxOpen,
            Author = configured.Author,
        };
    }

    /// <summary>Which pull requests are the tool's, for this run's branch and author.</summary>
    public PullRequestOwnership Ownership => new(Branch, Author);

    /// <summary>The tool's branch for a base branch and, when grouping by stream, a stream.</summary>
    public string BranchFor(string baseBranch, string? stream)
    {
        var root = Branch ?? $"{BranchPrefix}/{baseBranch}";
        return GroupBy == Configuration.PullRequestGrouping.Stream && stream is not null ? StreamBranch(root, stream) : root;
    }

    /// <summary>The branch of one stream under the run's branch: <c>gitstreamsync/main/ubuntu</c>.</summary>
    public static string StreamBranch(string branch, string stream) => $"{branch}/{stream}";
}

