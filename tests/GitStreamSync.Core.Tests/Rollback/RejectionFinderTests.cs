using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Rollback;
using static GitStreamSync.Core.Tests.Rollback.HistoryBuilder;

namespace GitStreamSync.Core.Tests.Rollback;

public sealed class RejectionFinderTests
{
    private const string Subject = "Update 1 image digest in 1 ImageStream";

    [Fact]
    public void A_history_without_rollbacks_rejects_nothing()
    {
        var history = new HistoryBuilder();
        history.Initial();
        history.ToolCommit(Ubuntu, D(1), D(2));
        history.ToolCommit(Ubuntu, D(2), D(3));

        Assert.Empty(history.Find().All);
    }

    [Fact]
    public void Reverting_a_direct_tool_commit_rejects_the_digest_it_set_for_that_tag_only()
    {
        var history = new HistoryBuilder();
        history.Initial();
        var update = history.ToolCommit(Ubuntu, D(1), D(2));
        var revert = history.Revert(update, Subject);

        var rejected = Assert.Single(history.Find().All);
        Assert.Equal(Ubuntu, rejected.Key);
        Assert.Equal(D(2), rejected.Digest);
        Assert.Equal(RejectionKind.Reverted, rejected.Kind);
        Assert.Equal(revert, rejected.By);
        Assert.Equal($"reverted in {CommitId.Short(revert)} (Revert \"{Subject}\")", rejected.Source);
        Assert.Equal("streams/ubuntu.yaml#myubuntu", rejected.StreamKey);
        Assert.Null(history.Find().Find(UbuntuOther, D(2)));
    }

    [Fact]
    public void Reverting_the_merge_commit_of_a_pull_request_rejects_what_the_merged_tool_commit_set()
    {
        var history = new HistoryBuilder();
        var root = history.Initial();
        var merge = history.MergeToolPullRequest(Ubuntu, D(1), D(2), number: 12);
        var revert = history.Revert(merge, "Merge pull request #12 from acme/gitstreamsync/main", mergeParent: root);

        var rejected = Assert.Single(history.Find().All);
        Assert.Equal((Ubuntu, D(2), revert), (rejected.Key, rejected.Digest, rejected.By));
    }

    [Fact]
    public void A_merged_pull_request_alone_rejects_nothing_even_when_its_merge_commit_moved_items()
    {
        var history = new HistoryBuilder();
        history.Initial();
        var fork = history.Tip;
        var side = history.ToolCommit(Ubuntu, D(1), D(2), parents: [fork]);
        // The merge commit differs from its first parent like a person's edit would: it must not count as one.
        history.Commit("Merge pull request #3\n", parents: [fork, side], transitions: [new TagTransition(Ubuntu, D(1), D(2))]);

        Assert.Empty(history.Find().All);
    }

    [Fact]
    public void Reverting_a_squash_merged_pull_request_commit_recognises_it_by_the_trailers_inside()
    {
        var history = new HistoryBuilder();
        history.Initial();
        var squash = history.SquashToolPullRequest(Ubuntu, D(1), D(2), number: 7);
        var revert = history.Revert(squash, "Update image digests (1) (#7)");

        var rejected = Assert.Single(history.Find().All);
        Assert.Equal((Ubuntu, D(2), RejectionKind.Reverted, revert), (rejected.Key, rejected.Digest, rejected.Kind, rejected.By));
    }

    [Fact]
    public void A_squash_merge_is_the_tools_commit_so_its_own_item_change_is_not_a_hand_edit()
    {
        var history = new HistoryBuilder();
        history.Initial();
        history.Commit(
            $"Update image digests (1) (#7)\n\n* {ToolMessage(Ubuntu, D(1), D(2))}\n\nCo-authored-by: Bob <bob@example.com>\n",
            transitions: [new TagTransition(Ubuntu, D(1), D(2))]);

        Assert.Empty(history.Find().All);
    }

    [Fact]
    public void A_revert_of_the_revert_lifts_the_rejection_and_a_third_revert_restores_it()
    {
        var history = new HistoryBuilder();
        history.Initial();
        var update = history.ToolCommit(Ubuntu, D(1), D(2));
        var revert = history.Revert(update, Subject);
        var revertOfRevert = history.Revert(revert, $"Revert \"{Subject}\"");
        Assert.Empty(history.Find().All);

        var third = history.Revert(revertOfRevert, $"Revert \"Revert \"{Subject}\"\"");
        var rejected = Assert.Single(history.Find().All);
        Assert.Equal((D(2), third), (rejected.Digest, rejected.By));
    }

    [Fact]
    public void Reverting_the_revert_of_a_merge_commit_lifts_it()
    {
        var history = new HistoryBuilder();
        var root = history.Initial();
        var merge = history.MergeToolPullRequest(Ubuntu, D(1), D(2), number: 12);
        var revert = history.Revert(merge, "Merge pull request #12", mergeParent: root);
        history.Revert(revert, "Revert \"Merge pull request #12\"");

        Assert.Empty(history.Find().All);
    }

    [Fact]
    public void A_person_moving_items0_back_rejects_the_digest_moved_away_from()
    {
        var history = new HistoryBuilder();
        history.Initial();
        history.ToolCommit(Ubuntu, D(1), D(2));
        var edit = history.HandEdit("Pin ubuntu back: 2 breaks the build", new TagTransition(Ubuntu, D(2), D(1)));

        var rejected = Assert.Single(history.Find().All);
        Assert.Equal((Ubuntu, D(2), RejectionKind.ChangedByHand), (rejected.Key, rejected.Digest, rejected.Kind));
        Assert.Equal($"changed by hand in {CommitId.Short(edit)} by Alice Admin (Pin ubuntu back: 2 breaks the build)", rejected.Source);
    }

    [Fact]
    public void A_person_removing_a_tag_or_its_file_rejects_nothing()
    {
        var history = new HistoryBuilder();
        history.Initial();
        history.ToolCommit(Ubuntu, D(1), D(2));
        history.HandEdit("Drop the 16.04 tag", new TagTransition(Ubuntu, D(2), null));

        Assert.Empty(history.Find().All);
    }

    [Fact]
    public void A_person_setting_a_rejected_digest_by_hand_lifts_the_rejection()
    {
        var history = new HistoryBuilder();
        history.Initial();
        var update = history.ToolCommit(Ubuntu, D(1), D(2));
        history.Revert(update, Subject);
        history.HandEdit("2 is fine after all", new TagTransition(Ubuntu, D(1), D(2)));

        var rejected = Assert.Single(history.Find().All);
        Assert.Equal(D(1), rejected.Digest);
        Assert.Equal(RejectionKind.ChangedByHand, rejected.Kind);
    }

    [Fact]
    public void A_later_tool_commit_setting_the_digest_again_lifts_the_rejection()
    {
        var history = new HistoryBuilder();
        history.Initial();
        var update = history.ToolCommit(Ubuntu, D(1), D(2));
        history.Revert(update, Subject);
        Assert.Single(history.Find().All);

        // --include-rejected proposed it again and the pull request was merged.
        history.ToolCommit(Ubuntu, D(1), D(2));
        Assert.Empty(history.Find().All);
    }

    [Fact]
    public void A_pull_request_closed_unmerged_rejects_what_it_proposed()
    {
        var history = new HistoryBuilder();
        history.Initial();
        history.ClosePullRequest(12, Ubuntu, D(2));

        var rejected = Assert.Single(history.Find().All);
        Assert.Equal((Ubuntu, D(2), RejectionKind.ClosedPullRequest, "#12", "closed pull request #12"), (rejected.Key, rejected.Digest, rejected.Kind, rejected.By, rejected.Source));
    }

    [Fact]
    public void A_commit_accepting_the_digest_after_the_close_lifts_it_but_one_before_does_not()
    {
        var history = new HistoryBuilder();
        history.Initial();
        history.ToolCommit(Ubuntu, D(1), D(2));
        history.ClosePullRequest(12, Ubuntu, D(2));
        Assert.Single(history.Find().All);

        history.ToolCommit(Ubuntu, D(1), D(2));
        Assert.Empty(history.Find().All);
    }

    [Fact]
    public void The_rollback_commands_trailer_rejects_and_reverting_that_commit_lifts_it()
    {
        var history = new HistoryBuilder();
        history.Initial();
        history.ToolCommit(Ubuntu, D(1), D(2));
        var rollback = history.Commit(ToolMessage(Ubuntu, D(2), D(1), [new RejectedTrailer(Ubuntu, D(2))]), byTool: true);

        var rejected = Assert.Single(history.Find().All);
        Assert.Equal((D(2), RejectionKind.RolledBack, rollback), (rejected.Digest, rejected.Kind, rejected.By));
        Assert.StartsWith($"rolled back in {CommitId.Short(rollback)} (", rejected.Source, StringComparison.Ordinal);

        history.Revert(rollback, Subject);
        Assert.DoesNotContain(history.Find().All, r => r.Digest == D(2));
    }

    [Fact]
    public void A_rejection_for_one_tag_leaves_another_tag_with_the_same_digest_alone()
    {
        var history = new HistoryBuilder();
        history.Initial();
        var first = history.ToolCommit(Ubuntu, D(1), D(2));
        history.ToolCommit(UbuntuOther, D(1), D(2));
        history.Revert(first, Subject);
        history.ClosePullRequest(4, Ubuntu, D(3));
        history.HandEdit("back", new TagTransition(Ubuntu, D(1), D(5)));

        var set = history.Find();
        Assert.All(set.All, r => Assert.Equal(Ubuntu, r.Key));
        Assert.Empty(set.For(UbuntuOther));
        Assert.NotNull(set.Find(Ubuntu, D(2)));
    }

    [Fact]
    public void A_revert_whose_target_is_beyond_the_depth_falls_back_to_the_items_it_moved()
    {
        var history = new HistoryBuilder();
        history.Initial();
        var update = history.ToolCommit(Ubuntu, D(1), D(2));
        for (var i = 0; i < 5; i++)
        {
            history.Commit($"Unrelated change {i}\n");
        }

        history.Commit($"Revert \"{Subject}\"\n\nThis reverts commit {update}.\n", transitions: [new TagTransition(Ubuntu, D(2), D(1))]);

        var rejected = Assert.Single(history.Find(depth: 3).All);
        Assert.Equal((D(2), RejectionKind.Reverted), (rejected.Digest, rejected.Kind));
    }

    [Fact]
    public void The_same_history_always_gives_the_same_ordered_set()
    {
        var history = new HistoryBuilder();
        history.Initial();
        var a = history.ToolCommit(UbuntuOther, D(1), D(7));
        var b = history.ToolCommit(Ubuntu, D(1), D(9));
        history.Revert(b, Subject);
        history.Revert(a, Subject);

        var keys = history.Find().All.Select(r => r.Key.ToString()).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        Assert.Equal(history.Find().All, history.Find().All);
    }
}
