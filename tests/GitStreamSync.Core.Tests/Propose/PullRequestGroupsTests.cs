
using GitStreamSync.Core.Tests.Plan;
using GitStreamSync.Core.Tests.Record;
using GitStreamSync.Core.Tests.Select;
using GitStreamSync.Core.Configuration;
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
    public void The_base_branch_carries_the_whole_content()
    {
        var group = Assert.Single(PullRequestGroups.ForBranches(Content, [new(PullRequestSettings.Default.BranchFor("main", null), null)]));

        Assert.Equal("gitstreamsync/main", group.HeadBranch);
        Assert.Same(Content.Changes, group.Content.Changes);
    }

    [Fact]
    public void Grouping_by_stream_gives_a_branch_per_stream_and_shares_problems_of_streams_without_one()
    {
        var settings = new PullRequestSettings { GroupBy = PullRequestGrouping.Stream, BranchPrefix = "images" };
        var groups = PullRequestGroups.ForBranches(Content, [.. new[] { "alpha", "beta" }.Select(s => new PullRequestBranch(settings.BranchFor("main", s), s))]);

        Assert.Equal(["images/main/alpha", "images/main/beta"], groups.Select(g => g.HeadBranch));
        Assert.Equal(["alpha problem", "gamma problem", "config problem"], groups[0].Content.Problems.Select(p => p.Message));
        Assert.Equal(["gamma problem", "config problem"], groups[1].Content.Problems.Select(p => p.Message));
        Assert.Empty(groups[0].Content.Deferred);
        Assert.Single(groups[1].Content.Deferred);
        Assert.Equal(["alpha", "beta"], groups.Select(g => g.Content.Group));
    }
}

public sealed class PullRequestGroupSectionsTests
{
    [Fact]
    public void Each_streams_pull_request_carries_its_own_held_waiting_and_unverified_tags_and_those_of_streams_without_one()
    {
        var digest = Digest.Parse("sha256:" + new string('a', 64));
        TagKey Key(string stream, string tag) => new($"{stream}.yaml", stream, tag);
        var content = new PullRequestContent
        {
            BaseBranch = "main",
            Changes = [new(Key("alpha", "1"), "alpha:1", null, digest, null, DateTimeOffset.UnixEpoch), new(Key("beta", "1"), "beta:1", null, digest, null, DateTimeOffset.UnixEpoch)],
            Deferred = [new(Key("alpha", "d"), "503"), new(Key("beta", "d"), "503"), new(Key("gamma", "d"), "503")],
            Held = [new(Key("alpha", "h"), digest, "#1"), new(Key("beta", "h"), digest, "#1"), new(Key("gamma", "h"), digest, "#1")],
            Waiting = [new(Key("alpha", "w"), digest, "until"), new(Key("beta", "w"), digest, "until"), new(Key("gamma", "w"), digest, "until")],
            Unverified = [new(Key("alpha", "u"), digest, "unsigned"), new(Key("beta", "u"), digest, "unsigned"), new(Key("gamma", "u"), digest, "unsigned")],
        };

        var groups = PullRequestGroups.ForBranches(content, [new("b/alpha", "alpha"), new("b/beta", "beta")]);

        Assert.Equal(["alpha", "gamma"], groups[0].Content.Deferred.Select(d => d.Key.Stream));
        Assert.Equal(["alpha", "gamma"], groups[0].Content.Held.Select(h => h.Key.Stream));
        Assert.Equal(["alpha", "gamma"], groups[0].Content.Waiting.Select(w => w.Key.Stream));
        Assert.Equal(["alpha", "gamma"], groups[0].Content.Unverified.Select(u => u.Key.Stream));
        Assert.Equal(["beta", "gamma"], groups[1].Content.Held.Select(h => h.Key.Stream));
        Assert.Equal(["beta", "gamma"], groups[1].Content.Waiting.Select(w => w.Key.Stream));
        Assert.Equal(["beta", "gamma"], groups[1].Content.Unverified.Select(u => u.Key.Stream));
    }
}

public sealed class PullRequestSettingsTests
{
    [Fact]
    public void The_title_template_comes_from_the_repository_config_or_the_grouping()
    {
        var configured = new PullRequestSettings { Title = "Images for {base} ({count})", GroupBy = PullRequestGrouping.Stream };

        Assert.Equal("Images for {base} ({count})", PullRequestTitleTemplate.For(configured).Text);
        Assert.Equal("Update image digests ({count})", PullRequestTitleTemplate.For(new PullRequestSettings()).Text);
        Assert.Equal(PullRequestTitleTemplate.DefaultPerStreamText, PullRequestTitleTemplate.For(configured with { Title = null }).Text);
        Assert.Throws<PullRequestTemplateFormatException>(() => PullRequestTitleTemplate.For(configured with { Title = "{nope}" }));
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
        var settings = PullRequestSettings.Default with { GroupBy = PullRequestGrouping.Stream, Branch = "images" };

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
