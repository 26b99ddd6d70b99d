using GitStreamSync.Core.Configuration;

namespace GitStreamSync.Core.Tests.Configuration;

public sealed class PullRequestOwnershipTests
{
    private const string Base = "acme/images";
    private const string Tool = "gitstreamsync-bot";

    [Theory]
    [InlineData("gitstreamsync/main", null, true)]
    [InlineData("gitstreamsync/main/ubuntu", null, true)]
    [InlineData("gitstreamsync/rollback/main/ubuntu-16.04", null, true)]
    [InlineData("gitstreamsync", null, false)]
    [InlineData("gitstreamsync-main", null, false)]
    [InlineData("feature/gitstreamsync/main", null, false)]
    [InlineData("images/update", "images/update", true)]
    [InlineData("images/update/ubuntu", "images/update", true)]
    [InlineData("images/updates", "images/update", false)]
    [InlineData("gitstreamsync/rollback/main/x", "images/update", true)]
    public void A_head_branch_is_the_tools_under_its_prefix_or_the_runs_own_branch(string head, string? branch, bool expected) =>
        Assert.Equal(expected, new PullRequestOwnership(branch).IsToolBranch(head));

    [Fact]
    public void A_pull_request_is_the_tools_only_from_its_branch_in_the_base_repository_by_its_login()
    {
        var ownership = PullRequestOwnership.Default;

        Assert.Null(ownership.Refusal("gitstreamsync/main", Base, Base, Tool, Tool));
        Assert.Null(ownership.Refusal("gitstreamsync/main", "ACME/Images", Base, "GitStreamSync-Bot", Tool));
        Assert.Equal("was opened by alice, not by the tool's identity gitstreamsync-bot", ownership.Refusal("gitstreamsync/main", Base, Base, "alice", Tool));
        Assert.Equal("comes from the fork mallory/images, not from acme/images", ownership.Refusal("gitstreamsync/main", "mallory/images", Base, Tool, Tool));
        Assert.Equal("comes from a deleted repository, not from acme/images", ownership.Refusal("gitstreamsync/main", null, Base, Tool, Tool));
        Assert.Equal("comes from the branch topic, which is not one of the tool's (gitstreamsync/...)", ownership.Refusal("topic", Base, Base, Tool, Tool));
        Assert.Equal("comes from the branch topic, which is not one of the tool's (gitstreamsync/..., images/update)",
            new PullRequestOwnership("images/update").Refusal("topic", Base, Base, Tool, Tool));
    }

    [Theory]
    [InlineData("octocat", true)]
    [InlineData("a", true)]
    [InlineData("my-org-bot", true)]
    [InlineData("github-actions[bot]", true)]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789abc", true)]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789abcd", false)]
    [InlineData("-bot", false)]
    [InlineData("bot-", false)]
    [InlineData("a--b", false)]
    [InlineData("a_b", false)]
    [InlineData("[bot]", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Logins_follow_GitHubs_rules(string? login, bool expected) => Assert.Equal(expected, PullRequestOwnership.IsLogin(login));

    [Theory]
    [InlineData("platform", "acme", "platform", null)]
    [InlineData("acme/platform", "acme", "platform", null)]
    [InlineData("ACME/platform-team", "acme", "platform-team", null)]
    [InlineData("other/platform", "acme", null, "pullRequests.teamReviewers: 'other/platform' is a team of other, but the repository belongs to acme")]
    public void A_team_reviewer_is_sent_as_the_slug_of_a_team_of_the_repositorys_organisation(string text, string owner, string? slug, string? error)
    {
        var (sent, refusal) = TeamReviewer.Parse(text).For(owner);

        Assert.Equal(slug, sent);
        if (error is null)
        {
            Assert.Null(refusal);
        }
        else
        {
            Assert.StartsWith(error, refusal, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("a/b/c")]
    [InlineData("@acme/team")]
    [InlineData("/team")]
    [InlineData("")]
    public void A_team_reviewer_that_is_not_team_or_org_slash_team_is_refused(string text) =>
        Assert.Throws<FormatException>(() => TeamReviewer.Parse(text));
}
