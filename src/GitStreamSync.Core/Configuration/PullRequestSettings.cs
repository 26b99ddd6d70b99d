namespace GitStreamSync.Core.Configuration;

/// <summary>
/// How the tool's pull requests are made: the <c>pullRequests</c> section of <c>.gitstreamsync.yaml</c>,
/// and the tool's branch as the run chose it. The title stays the text as written; the propose step
/// reads it with <see cref="Propose.PullRequestTitleTemplate.For"/>.
/// </summary>
internal sealed record PullRequestSettings
{
    public static PullRequestSettings Default { get; } = new();

    /// <summary>Title template; null means the tool's own wording.</summary>
    public string? Title { get; init; }

    public IReadOnlyList<string> Labels { get; init; } = [];
    public IReadOnlyList<string> Reviewers { get; init; } = [];

    /// <summary>Team slugs (<c>team</c> or <c>org/team</c>) asked for review.</summary>
    public IReadOnlyList<string> TeamReviewers { get; init; } = [];
    public IReadOnlyList<string> Assignees { get; init; } = [];
    public bool Draft { get; init; }
    public PullRequestGrouping GroupBy { get; init; } = PullRequestGrouping.Base;

    /// <summary>The most open pull requests of the tool at once; null means no limit.</summary>
    public int? MaxOpen { get; init; }

    /// <summary>The login that opens the tool's pull requests (<c>author</c>, <c>--pull-request-author</c>), for credentials that cannot say; null: ask GitHub.</summary>
    public string? Author { get; init; }

    /// <summary>The first segment of the tool's branch names.</summary>
    public string BranchPrefix { get; init; } = "gitstreamsync";

    /// <summary>The tool's branch for the base as the run chose it (<c>--branch</c> or the <c>branch</c> setting); null: <c>PREFIX/BASE</c>.</summary>
    public string? Branch { get; init; }

    /// <summary>Which pull requests are the tool's, for this run's branch and author.</summary>
    public Configuration.PullRequestOwnership Ownership => new(Branch, Author);

    /// <summary>The tool's branch for a base branch and, when grouping by stream, a stream.</summary>
    public string BranchFor(string baseBranch, string? stream)
    {
        var root = Branch ?? $"{BranchPrefix}/{baseBranch}";
        return GroupBy == PullRequestGrouping.Stream && stream is not null ? StreamBranch(root, stream) : root;
    }

    /// <summary>The branch of one stream under the run's branch: <c>gitstreamsync/main/ubuntu</c>.</summary>
    public static string StreamBranch(string branch, string stream) => $"{branch}/{stream}";
}
