using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Rollback;
using static GitStreamSync.Core.Tests.Rollback.HistoryBuilder;

namespace GitStreamSync.Core.Tests.Rollback;

public sealed class RejectionRecordTests
{
    private static int commits;

    private static RejectionLogCommit Commit(string message) => new($"{++commits:x40}", message);

    private static RejectionLogCommit Recorded(int number, DateTimeOffset closedAt, string baseBranch = "main", params RejectedTrailer[] digests) =>
        Commit(RejectionRecordMessage.Format(new RecordedRejection(number, new Uri($"https://github.com/acme/app/pull/{number}"), baseBranch, closedAt, digests)));

    private static RejectionRecord Record(params RejectionLogCommit[] oldestFirst) => new(new RejectionLogState(oldestFirst[^1].Id, oldestFirst));

    private static ToolPullRequest Pull(int number, ToolPullRequestState state, DateTimeOffset? closedAt, string baseBranch = "main", int digest = 0, bool rollback = false) => new(
        number,
        new Uri($"https://github.com/acme/app/pull/{number}"),
        rollback ? "gitstreamsync/rollback/main/myubuntu-16.04" : "gitstreamsync/" + baseBranch,
        baseBranch,
        state,
        closedAt,
        new PullRequestMarker(baseBranch, rollback ? "rollback/streams/ubuntu.yaml#myubuntu:16.04" : null, [new PullRequestMarkerEntry(new TagKey(Ubuntu.FilePath, Ubuntu.Stream, Ubuntu.Tag), D(1), D(digest == 0 ? number : digest))]));

    [Fact]
    public void Every_recorded_close_on_this_base_rejects_what_it_proposed_however_old()
    {
        var record = Record(
            Recorded(3, Start, "main", new RejectedTrailer(Ubuntu, D(3))),
            Recorded(4, Start.AddDays(400), "release", new RejectedTrailer(Ubuntu, D(4))),
            Recorded(5, Start.AddDays(2), "main", new RejectedTrailer(Ubuntu, D(5)), new RejectedTrailer(UbuntuOther, D(5))));

        Assert.Equal(
            [new ClosedPullRequest(3, Start, [new ProposedDigest(Ubuntu, D(3))]),
             new ClosedPullRequest(5, Start.AddDays(2), [new ProposedDigest(Ubuntu, D(5)), new ProposedDigest(UbuntuOther, D(5))])],
            record.ClosedPullRequests("main"),
            new ClosedComparer());
        Assert.Equal(Start.AddDays(400), record.NewestClosedAt);
        Assert.Equal(3, record.PullRequestCount);
    }

    [Fact]
    public void A_released_digest_trailer_accepts_a_recorded_rejection_until_another_close_rejects_it_again()
    {
        var release = Commit($"Release myubuntu:16.04\n\n{RejectionRecordMessage.ReleaseTrailer(Ubuntu, D(3))}\n");

        var released = Record(Recorded(3, Start, "main", new RejectedTrailer(Ubuntu, D(3)), new RejectedTrailer(UbuntuOther, D(3))), release);
        var again = Record(Recorded(3, Start, "main", new RejectedTrailer(Ubuntu, D(3))), release, Recorded(9, Start.AddDays(1), "main", new RejectedTrailer(Ubuntu, D(3))));

        Assert.Equal([new ProposedDigest(UbuntuOther, D(3))], Assert.Single(released.ClosedPullRequests("main")).Proposed);
        Assert.Equal(9, Assert.Single(again.ClosedPullRequests("main")).Number);
        // Released but recorded: the listing does not make it new again.
        Assert.Empty(released.Unrecorded([Pull(3, ToolPullRequestState.ClosedUnmerged, Start)]));
    }

    [Fact]
    public void Only_closes_a_person_made_that_the_record_lacks_are_new_oldest_first_on_every_base()
    {
        var record = Record(Recorded(3, Start.AddSeconds(30), "main", new RejectedTrailer(Ubuntu, D(3))));

        var fresh = record.Unrecorded(
        [
            Pull(8, ToolPullRequestState.ClosedUnmerged, Start.AddDays(2)),
            Pull(3, ToolPullRequestState.ClosedUnmerged, Start.AddSeconds(30).AddMilliseconds(400)),
            Pull(4, ToolPullRequestState.Merged, Start.AddDays(1)),
            Pull(5, ToolPullRequestState.Open, null),
            Pull(6, ToolPullRequestState.ClosedByTool, Start.AddDays(1)),
            Pull(7, ToolPullRequestState.ClosedUnmerged, Start.AddDays(1), baseBranch: "release"),
            Pull(10, ToolPullRequestState.ClosedUnmerged, Start.AddDays(1), rollback: true),
        ]);

        Assert.Equal([7, 8], fresh.Select(r => r.Number));
        Assert.Equal("release", fresh[0].BaseBranch);
        Assert.Equal([new RejectedTrailer(Ubuntu, D(8))], fresh[1].Digests);
    }

    [Fact]
    public void A_pull_request_reopened_and_closed_again_is_a_new_close()
    {
        var record = Record(Recorded(3, Start, "main", new RejectedTrailer(Ubuntu, D(3))));

        var fresh = Assert.Single(record.Unrecorded([Pull(3, ToolPullRequestState.ClosedUnmerged, Start.AddDays(1), digest: 30)]));

        Assert.Equal((3, Start.AddDays(1)), (fresh.Number, fresh.ClosedAt));
        Assert.Equal([new RejectedTrailer(Ubuntu, D(30))], fresh.Digests);
    }

    [Fact]
    public void No_record_yet_means_no_tip_no_newest_close_and_nothing_held()
    {
        Assert.Null(RejectionRecord.Empty.Tip);
        Assert.Null(RejectionRecord.Empty.NewestClosedAt);
        Assert.Empty(RejectionRecord.Empty.ClosedPullRequests("main"));
    }

    [Fact]
    public void Recorded_and_listed_closes_together_hold_through_the_finder_and_a_later_commit_still_accepts()
    {
        var history = new HistoryBuilder();
        history.Initial();
        var record = Record(Recorded(3, Start.AddMinutes(1), "main", new RejectedTrailer(Ubuntu, D(3))));
        var listedOnly = RollbackDetection.ClosedUnmerged([Pull(8, ToolPullRequestState.ClosedUnmerged, Start.AddMinutes(2))], "main");
        // A person sets D(3) after the close: the record's rejection is decided by that later commit, as a listed one is.
        history.Commit("Set 16.04 back", transitions: [new TagTransition(Ubuntu, D(1), D(3))]);

        var set = RejectionFinder.Find(new RollbackEvidence(history.Evidence().Commits, [.. record.ClosedPullRequests("main"), .. listedOnly]));

        Assert.Null(set.Find(Ubuntu, D(3)));
        Assert.Equal("closed pull request #8", set.Find(Ubuntu, D(8))?.Source);
    }

    private sealed class ClosedComparer : IEqualityComparer<ClosedPullRequest>
    {
        public bool Equals(ClosedPullRequest? x, ClosedPullRequest? y) =>
            x is not null && y is not null && x.Number == y.Number && x.ClosedAt == y.ClosedAt && x.Proposed.SequenceEqual(y.Proposed);

        public int GetHashCode(ClosedPullRequest obj) => obj.Number;
    }
}
