
using GitStreamSync.Core.Tests.Plan;
using GitStreamSync.Core.Tests.Record;
using GitStreamSync.Core.Tests.Select;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
namespace GitStreamSync.Core.Tests.Propose;

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
        var groups = PullRequestGroups.Split(Content, new PullRequestSettings { GroupBy = GitStreamSync.Core.Configuration.PullRequestGrouping.Stream, BranchPrefix = "images" });

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

public sealed class PullRequestBranchGroupsTests
{
    private static Digest Sha(char c) => Digest.Parse("sha256:" + new string(c, 64));

    private static readonly DateTimeOffset Seen = new(2026, 11, 28, 4, 0, 0, TimeSpan.Zero);

    private static readonly PullRequestContent Content = new()
    {
        BaseBranch = "main",
        Changes =
        [
            new(new("a.yaml", "alpha", "1"), "quay.io/a:1", null, Sha('a'), null, Seen),
            new(new("b.yaml", "beta", "1"), "quay.io/b:1", null, Sha('b'), null, Seen),
        ],
        Problems = [new("a.yaml", "alpha", "2", "gone"), new("c.yaml", null, null, "does not parse"), new("b.yaml", "beta", "2", "gone too")],
    };

    [Fact]
    public void A_branch_without_a_stream_carries_everything_and_a_streams_branch_its_own_part()
    {
        var groups = PullRequestGroups.ForBranches(Content, [new("gitstreamsync/main/alpha", "alpha"), new("gitstreamsync/main/gamma", "gamma")]);

        Assert.Equal(["gitstreamsync/main/alpha", "gitstreamsync/main/gamma"], groups.Select(g => g.HeadBranch));
        Assert.Equal(["alpha"], groups[0].Content.Changes.Select(c => c.Key.Stream));
        Assert.Equal(["gone", "does not parse", "gone too"], groups[0].Content.Problems.Select(p => p.Message));
        Assert.Equal("alpha", groups[0].Content.Group);
        Assert.Empty(groups[1].Content.Changes);

        var whole = Assert.Single(PullRequestGroups.ForBranches(Content, [new("images", null)]));
        Assert.Equal((2, 3, null), (whole.Content.Changes.Count, whole.Content.Problems.Count, whole.Content.Group));
    }

    [Fact]
    public void The_tools_branch_setting_roots_every_branch_name()
    {
        var settings = PullRequestSettings.Default with { GroupBy = GitStreamSync.Core.Configuration.PullRequestGrouping.Stream, Branch = "images" };

        Assert.Equal(("images", "images/alpha"), (settings.BranchFor("main", null), settings.BranchFor("main", "alpha")));
        Assert.Equal("gitstreamsync/main/alpha", (settings with { Branch = null }).BranchFor("main", "alpha"));
    }

    [Fact]
    public void The_regroup_comment_names_the_new_branches_and_says_nothing_is_rejected()
    {
        var comment = PullRequestPublication.RegroupComment("gitstreamsync/main", ["gitstreamsync/main/alpha", "gitstreamsync/main/beta"]);

        Assert.Equal(
            "GitStreamSync closed this pull request: `pullRequests.groupBy` changed, and these changes are now proposed from `gitstreamsync/main/alpha`, `gitstreamsync/main/beta`. "
            + "Git cannot keep `gitstreamsync/main` next to those branches, so the tool deletes it.\n\nClosed by the tool, so these digests are not treated as rejected.",
            comment);
    }
}
