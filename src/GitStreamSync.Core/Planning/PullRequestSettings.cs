namespace GitStreamSync.Core.Planning;

internal enum PullRequestGroupBy
{
    /// <summary>One branch and pull request per base branch: <c>gitstreamsync/&lt;base&gt;</c>.</summary>
    Base,

    /// <summary>One branch and pull request per ImageStream: <c>gitstreamsync/&lt;base&gt;/&lt;stream&gt;</c>.</summary>
    Stream,
}

/// <summary>How the tool's pull requests are made: the <c>pullRequests</c> section of the repository config, checked.</summary>
internal sealed record PullRequestSettings
{
    public PullRequestGroupBy GroupBy { get; init; } = PullRequestGroupBy.Base;
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

    /// <summary>The tool's branch for the base as the run chose it (<c>--branch</c> or the <c>branch</c> setting); null: <c>PREFIX/BASE</c>.</summary>
    public string? Branch { get; init; }

    public static PullRequestSettings Default { get; } = new();

    /// <summary>The settings as read from <c>.gitstreamsync.yaml</c>; a bad title template throws <see cref="PullRequestTemplateFormatException"/>.</summary>
    public static PullRequestSettings From(Configuration.PullRequestSettings configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var groupBy = configured.GroupBy == Configuration.PullRequestGrouping.Stream ? PullRequestGroupBy.Stream : PullRequestGroupBy.Base;
        return new PullRequestSettings
        {
            GroupBy = groupBy,
            Title = configured.Title is { } title ? PullRequestTitleTemplate.Parse(title)
                : groupBy == PullRequestGroupBy.Stream ? PullRequestTitleTemplate.DefaultPerStream
                : PullRequestTitleTemplate.Default,
            Labels = configured.Labels,
            Reviewers = configured.Reviewers,
            TeamReviewers = configured.TeamReviewers,
            Assignees = configured.Assignees,
            Draft = configured.Draft,
            MaxOpen = configured.MaxOpen,
        };
    }

    public static PullRequestGroupBy ParseGroupBy(string text) => text switch
    {
        "base" => PullRequestGroupBy.Base,
        "stream" => PullRequestGroupBy.Stream,
        _ => throw new PullRequestSettingsFormatException($"pullRequests.groupBy '{text}' is not known: use 'base' (one pull request per base branch) or 'stream' (one per ImageStream)"),
    };

    /// <summary>The tool's branch for a base branch and, when grouping by stream, a stream.</summary>
    public string BranchFor(string baseBranch, string? stream)
    {
        var root = Branch ?? $"{BranchPrefix}/{baseBranch}";
        return GroupBy == PullRequestGroupBy.Stream && stream is not null ? $"{root}/{stream}" : root;
    }
}

public sealed class PullRequestSettingsFormatException(string message) : FormatException(message);
