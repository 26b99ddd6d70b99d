using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Rollback;
using static GitStreamSync.Core.Tests.Rollback.HistoryBuilder;

namespace GitStreamSync.Core.Tests.Rollback;

public sealed class RollbackDetectionTests
{
    private static ToolPullRequest Pull(int number, ToolPullRequestState state, string baseBranch = "main", bool closedByTool = false) => new(
        number,
        new Uri($"http://127.0.0.1/pull/{number}"),
        "gitstreamsync/" + baseBranch,
        baseBranch,
        state,
        Start,
        new PullRequestMarker(baseBranch, null, [new PullRequestMarkerEntry(new TagKey(Ubuntu.FilePath, Ubuntu.Stream, Ubuntu.Tag), D(1), D(number))]) { ClosedByTool = closedByTool });

    [Fact]
    public void Only_pull_requests_a_person_closed_unmerged_on_this_base_reject()
    {
        var closed = RollbackDetection.ClosedUnmerged(
            [
                Pull(2, ToolPullRequestState.ClosedUnmerged),
                Pull(3, ToolPullRequestState.Merged),
                Pull(4, ToolPullRequestState.Open),
                Pull(5, ToolPullRequestState.ClosedByTool, closedByTool: true),
                Pull(6, ToolPullRequestState.ClosedUnmerged, baseBranch: "release"),
            ],
            "main");

        var only = Assert.Single(closed);
        Assert.Equal(2, only.Number);
        Assert.Equal([new ProposedDigest(Ubuntu, D(2))], only.Proposed);
    }

    [Fact]
    public void Held_digests_use_the_planners_stream_key_and_leave_released_tags_out()
    {
        var set = new RejectionSet(
        [
            new RejectedDigest(Ubuntu, D(2), RejectionKind.Reverted, "abc", "reverted in abc"),
            new RejectedDigest(UbuntuOther, D(2), RejectionKind.ClosedPullRequest, "#4", "closed pull request #4"),
            new RejectedDigest(new TagKey("other.yaml", "myubuntu", "16.04"), D(3), RejectionKind.ChangedByHand, "def", "changed by hand"),
        ]);

        Assert.Equal(3, RollbackDetection.Held(set, []).Count);
        Assert.Equal(
            [new HeldDigest("streams/ubuntu.yaml#myubuntu", "18.04", D(2), "closed pull request #4")],
            RollbackDetection.Held(set, ["myubuntu:16.04"]));
        Assert.Equal(2, RollbackDetection.Held(set, ["other.yaml#myubuntu:16.04"]).Count);
    }
}
