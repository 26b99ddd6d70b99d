using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Rollback;
using System.Text;
using GitStreamSync.Core.Tests.Edit;

namespace GitStreamSync.Core.Tests.Rollback;

public sealed class RollbackPullRequestTests
{
    private static readonly TagKey Key = new("streams/ubuntu.yaml", "myubuntu", "16.04");
    private static readonly Digest X = Digest.ComputeSha256(Encoding.UTF8.GetBytes("x"));
    private static readonly Digest A = Digest.ComputeSha256(Encoding.UTF8.GetBytes("a"));
    private static readonly string Golden = GoldenFile.Folder();

    private static RollbackReport Report() => new()
    {
        Outcome = RollbackOutcome.Pushed,
        Location = "https://github.com/acme/images.git",
        BaseBranch = "main",
        BaseCommit = new string('1', 40),
        Branch = RollbackPullRequest.BranchFor("main", Key),
        Key = Key,
        Index = 1,
        From = new TagEvent(new DateTimeOffset(2026, 11, 10, 4, 0, 0, TimeSpan.Zero), $"ubuntu@{X}", X.ToString(), 3),
        To = new TagEvent(new DateTimeOffset(2026, 11, 1, 4, 0, 0, TimeSpan.Zero), $"ubuntu@{A}", A.ToString(), 2),
        Source = "ubuntu:16.04",
        Followers =
        [
            new("streams/ubuntu.yaml#myubuntu", "streams/ubuntu.yaml", "myubuntu", "current", TagChangeKind.Updated, $"ubuntu@{X}", X.ToString(), $"ubuntu@{A}", A.ToString()),
            new("streams/webapp.yaml#webapp-base", "streams/webapp.yaml", "webapp-base", "build", TagChangeKind.New, null, null, $"ubuntu@{A}", A.ToString()),
        ],
    };

    [Fact]
    public void The_draft_matches_the_golden_body_and_carries_the_repository_settings()
    {
        var settings = new Core.Configuration.PullRequestSettings { Labels = ["images"], Reviewers = ["pat"], MaxOpen = 1 };

        var draft = RollbackPullRequest.Draft(Report(), settings, "20261128T071542Z-abc123");

        Assert.Equal(("gitstreamsync/rollback/main/myubuntu-16.04", "main", $"Roll back myubuntu:16.04 to {A.Abbreviated}"), (draft.HeadBranch, draft.BaseBranch, draft.Title));
        Assert.Equal(["images"], draft.Labels);
        Assert.Equal(["pat"], draft.Reviewers);
        Assert.Null(draft.MaxOpenPullRequests);
        GoldenFile.AssertMatches(Path.Combine(Golden, "rollback-pull-request.md"), draft.Body);
    }

    [Fact]
    public void The_marker_reads_back_as_a_rollback_of_one_tag()
    {
        var draft = RollbackPullRequest.Draft(Report(), Core.Configuration.PullRequestSettings.Default, "r1");

        var marker = PullRequestMarker.Parse(draft.Body);

        Assert.True(RollbackPullRequest.IsRollback(marker));
        Assert.Equal("rollback/myubuntu:16.04", marker.Group);
        var entry = Assert.Single(marker.Entries);
        Assert.Equal((X, A), (entry.OldDigest, entry.NewDigest));
        Assert.False(RollbackPullRequest.IsRollback(marker with { Group = "myubuntu" }));
        Assert.False(RollbackPullRequest.IsRollback(marker with { Group = null }));
    }

    [Fact]
    public void A_rollback_pull_request_closed_unmerged_rejects_nothing_while_a_sync_one_does()
    {
        var rollback = PullRequestMarker.Parse(RollbackPullRequest.Draft(Report(), Core.Configuration.PullRequestSettings.Default, "r1").Body);
        var sync = rollback with { Group = null };
        ToolPullRequest Closed(int number, PullRequestMarker marker) =>
            new(number, new Uri($"https://github.com/acme/images/pull/{number}"), "b", "main", ToolPullRequestState.ClosedUnmerged, DateTimeOffset.UnixEpoch, marker);

        var closed = RollbackDetection.ClosedUnmerged([Closed(3, rollback), Closed(4, sync)], "main");

        Assert.Equal([4], closed.Select(c => c.Number));
    }

    [Fact]
    public void The_rollback_branch_is_outside_the_branches_sync_closes()
    {
        Assert.StartsWith("gitstreamsync/rollback/", RollbackPullRequest.BranchFor("main", Key), StringComparison.Ordinal);
        Assert.False(RollbackPullRequest.BranchFor("main", Key).StartsWith("gitstreamsync/main", StringComparison.Ordinal));
        Assert.Equal("gitstreamsync/rollback/release-1/myubuntu-16.04", RollbackPullRequest.BranchFor("release-1", Key));
    }

    [Fact]
    public void Streams_of_one_name_in_two_files_get_two_rollback_branches()
    {
        var first = RollbackPullRequest.BranchFor("main", new TagKey("a/streams.yaml", "myubuntu", "16.04"), streamNameShared: true);
        var second = RollbackPullRequest.BranchFor("main", new TagKey("b/streams.yaml", "myubuntu", "16.04"), streamNameShared: true);

        Assert.NotEqual(first, second);
        Assert.Matches("^gitstreamsync/rollback/main/myubuntu-16.04-[0-9a-f]{8}$", first);
        Assert.Equal(first, RollbackPullRequest.BranchFor("main", new TagKey("a/streams.yaml", "myubuntu", "16.04"), streamNameShared: true));
    }

    [Theory]
    [InlineData("myubuntu:16.04", "myubuntu", "16.04")]
    [InlineData("streams/a:b.yaml#myubuntu:latest", "streams/a:b.yaml#myubuntu", "latest")]
    public void Targets_parse_as_stream_and_tag(string text, string stream, string tag)
    {
        Assert.Equal(new RollbackTarget(stream, tag), RollbackTarget.Parse(text));
    }

    [Theory]
    [InlineData("myubuntu")]
    [InlineData("myubuntu:")]
    [InlineData(":16.04")]
    [InlineData("file.yaml#:16.04")]
    public void Other_targets_are_refused(string text)
    {
        var error = Assert.Throws<RollbackTargetFormatException>(() => RollbackTarget.Parse(text));
        Assert.Contains("is not STREAM:TAG", error.Message, StringComparison.Ordinal);
    }
}
