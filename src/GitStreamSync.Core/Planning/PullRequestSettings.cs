namespace GitStreamSync.Core.Planning;

internal enum PullRequestGroupBy
{
    /// <summary>One branch and pull request per base branch: <c>gitstreamsync/&lt;base&gt;</c>.</summary>
    Base,

    /// <summary>One branch and pull request per ImageStream: <c>gitstreamsync/&lt;base&gt;/&lt;stream&gt;</c>.</summary>
    Stream,
}

/// <summary>The <c>pullRequests</c> section of the repository config.</summary>
internal sealed record PullRequestSettings
{
    public const int DefaultMaxOpen = 10;

    public PullRequestGroupBy GroupBy { get; init; } = PullRequestGroupBy.Base;
    public PullRequestTitleTemplate Title { get; init; } = PullRequestTitleTemplate.Default;
    public IReadOnlyList<string> Labels { get; init; } = [];
    public IReadOnlyList<string> Reviewers { get; init; } = [];
    public IReadOnlyList<string> TeamReviewers { get; init; } = [];
    public IReadOnlyList<string> Assignees { get; init; } = [];
    public bool Draft { get; init; }

    /// <summary>No new pull request is opened while this many of the tool's are open.</summary>
    public int MaxOpen { get; init; } = DefaultMaxOpen;

    /// <summary>The first segment of the tool's branch names.</summary>
    public string BranchPrefix { get; init; } = "gitstreamsync";

    public static PullRequestSettings Default { get; } = new();

    public static PullRequestGroupBy ParseGroupBy(string text) => text switch
    {
        "base" => PullRequestGroupBy.Base,
        "stream" => PullRequestGroupBy.Stream,
        _ => throw new PullRequestSettingsFormatException($"pullRequests.groupBy '{text}' is not known: use 'base' (one pull request per base branch) or 'stream' (one per ImageStream)"),
    };

    /// <summary>The tool's branch for a base branch and, when grouping by stream, a stream.</summary>
    public string BranchFor(string baseBranch, string? stream) =>
        GroupBy == PullRequestGroupBy.Stream && stream is not null ? $"{BranchPrefix}/{baseBranch}/{stream}" : $"{BranchPrefix}/{baseBranch}";
}

public sealed class PullRequestSettingsFormatException(string message) : FormatException(message);
