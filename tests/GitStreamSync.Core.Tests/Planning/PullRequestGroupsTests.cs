using GitStreamSync.Core.Images;
using GitStreamSync.Core.Planning;

namespace GitStreamSync.Core.Tests.Planning;

public sealed class PullRequestGroupsTests
{
    private static readonly Digest A = Digest.Parse("sha256:" + new string('a', 64));

    private static readonly PullRequestContent Content = new()
    {
        BaseBranch = "main",
        Changes =
        [
            new(new("a.yaml", "alpha", "1"), "alpha:1", null, A, null, DateTimeOffset.UnixEpoch),
            new(new("b.yaml", "beta", "1"), "beta:1", null, A, null, DateTimeOffset.UnixEpoch),
        ],
        Problems = [new("a.yaml", "alpha", "2", "alpha problem"), new("c.yaml", "gamma", "1", "gamma problem"), new(null, null, null, "config problem")],
        Deferred = [new(new("b.yaml", "beta", "2"), "deferred")],
    };

    [Fact]
    public void Grouping_by_base_gives_one_pull_request_on_the_base_branch()
    {
        var group = Assert.Single(PullRequestGroups.Split(Content, PullRequestSettings.Default));

        Assert.Equal("gitstreamsync/main", group.HeadBranch);
        Assert.Same(Content.Changes, group.Content.Changes);
    }

    [Fact]
    public void Grouping_by_stream_gives_a_branch_per_stream_and_shares_problems_of_streams_without_one()
    {
        var groups = PullRequestGroups.Split(Content, new PullRequestSettings { GroupBy = PullRequestGroupBy.Stream, BranchPrefix = "images" });

        Assert.Equal(["images/main/alpha", "images/main/beta"], groups.Select(g => g.HeadBranch));
        Assert.Equal(["alpha problem", "gamma problem", "config problem"], groups[0].Content.Problems.Select(p => p.Message));
        Assert.Equal(["gamma problem", "config problem"], groups[1].Content.Problems.Select(p => p.Message));
        Assert.Empty(groups[0].Content.Deferred);
        Assert.Single(groups[1].Content.Deferred);
        Assert.Equal(["alpha", "beta"], groups.Select(g => g.Content.Group));
    }

    [Fact]
    public void Nothing_to_change_gives_no_pull_request() =>
        Assert.Empty(PullRequestGroups.Split(Content with { Changes = [] }, PullRequestSettings.Default));

    [Theory]
    [InlineData("base", "Base")]
    [InlineData("stream", "Stream")]
    public void GroupBy_parses_the_config_words(string text, string expected) =>
        Assert.Equal(expected, PullRequestSettings.ParseGroupBy(text).ToString());

    [Fact]
    public void An_unknown_groupBy_names_the_choices() =>
        Assert.Contains("'base'", Assert.Throws<PullRequestSettingsFormatException>(() => PullRequestSettings.ParseGroupBy("file")).Message, StringComparison.Ordinal);
}

public sealed class PullRequestSettingsTests
{
    [Fact]
    public void Settings_from_the_repository_config_keep_every_value_and_check_the_title()
    {
        var configured = new GitStreamSync.Core.Configuration.PullRequestSettings
        {
            Title = "Images for {base} ({count})",
            Labels = ["images"],
            Reviewers = ["alice"],
            TeamReviewers = ["acme/platform"],
            Assignees = ["bob"],
            Draft = true,
            GroupBy = GitStreamSync.Core.Configuration.PullRequestGrouping.Stream,
            MaxOpen = 3,
        };

        var settings = PullRequestSettings.From(configured);

        Assert.Equal(("Images for {base} ({count})", "Stream", 3, true), (settings.Title.Text, settings.GroupBy.ToString(), settings.MaxOpen, settings.Draft));
        Assert.Equal(["images"], settings.Labels);
        Assert.Equal(["alice"], settings.Reviewers);
        Assert.Equal(["acme/platform"], settings.TeamReviewers);
        Assert.Equal(["bob"], settings.Assignees);
        Assert.Equal("Update image digests ({count})", PullRequestSettings.From(new GitStreamSync.Core.Configuration.PullRequestSettings()).Title.Text);
        Assert.Throws<PullRequestTemplateFormatException>(() => PullRequestSettings.From(configured with { Title = "{nope}" }));
    }
}
