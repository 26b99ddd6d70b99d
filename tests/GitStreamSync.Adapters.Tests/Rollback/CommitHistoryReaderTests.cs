using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Rollback;
using GitStreamSync.Adapters.Git;
using GitStreamSync.Testing.Rollback;
using static GitStreamSync.Adapters.Tests.Git.GitTestSupport;
using static GitStreamSync.Testing.Rollback.StreamFiles;

namespace GitStreamSync.Adapters.Tests.Rollback;

public sealed class CommitHistoryReaderTests
{
    private const string File = "streams/ubuntu.yaml";
    private const string From = "registry.example/ubuntu:16.04";
    private static readonly TagKey Ubuntu = new(File, "myubuntu", "16.04");
    private static readonly TagKey Other = new(File, "myubuntu", "18.04");

    private static string Stream(string current, string? other = null) => Yaml(
        "myubuntu",
        new StreamTag("16.04", From, current == Digest(1) ? [Digest(1)] : [current, Digest(1)]),
        new StreamTag("18.04", "registry.example/ubuntu:18.04", [other ?? Digest(1)]));

    private static string ToolMessage(TagKey key, string old, string next) =>
        CommitMessageWriter.Write(new CommitContent([new DigestTrailer(key, Core.Images.Digest.Parse(old), Core.Images.Digest.Parse(next))], [], "run-1"));

    private static async Task<CommitHistory> ReadAsync(GitWorkTree tree, int depth = CommitHistory.DefaultDepth)
    {
        using var workspace = await OpenAsync(Options(), tree.Path);
        return await new CommitHistoryReader().ReadAsync(workspace, depth, CancellationToken.None);
    }

    [Fact]
    public async Task Commits_come_newest_first_with_parents_identities_and_messages()
    {
        using var tree = GitWorkTree.Init(new Dictionary<string, string> { [File] = Stream(Digest(1)) });
        var first = tree.Head;
        tree.Write("README.md", "# images\n");
        var second = tree.Commit("Add a README\n\nWith a body.");

        var history = await ReadAsync(tree);

        Assert.False(history.Truncated);
        Assert.Equal([second, first], history.Commits.Select(c => c.Id));
        Assert.Equal([first], history.Commits[0].ParentIds);
        Assert.Empty(history.Commits[1].ParentIds);
        Assert.Equal("Add a README\n\nWith a body.\n", history.Commits[0].Message);
        Assert.Equal(GitWorkTree.PersonName, history.Commits[0].Author.Name);
        Assert.Empty(history.Commits[0].Transitions);
    }

    [Fact]
    public async Task A_persons_edit_of_items0_is_read_as_a_transition_per_tag()
    {
        using var tree = GitWorkTree.Init(new Dictionary<string, string> { [File] = Stream(Digest(2), other: Digest(3)) });
        tree.Write(File, Stream(Digest(1), other: Digest(3)));
        tree.Commit("Pin 16.04 back");

        var history = await ReadAsync(tree);

        var transition = Assert.Single(history.Commits[0].Transitions);
        Assert.Equal(new TagTransition(Ubuntu, Core.Images.Digest.Parse(Digest(2)), Core.Images.Digest.Parse(Digest(1))), transition);
        // The root commit is not compared: with nothing before it, it moves no item away from anything.
        Assert.Empty(history.Commits[1].Transitions);
    }

    [Fact]
    public async Task Tool_commits_and_merge_commits_are_not_diffed()
    {
        using var tree = GitWorkTree.Init(new Dictionary<string, string> { [File] = Stream(Digest(1)) });
        tree.Write(File, Stream(Digest(2)));
        tree.Commit(ToolMessage(Ubuntu, Digest(1), Digest(2)));
        tree.Git("checkout", "-q", "-b", "side", "HEAD~1");
        tree.Write("other/app.json", "{\"kind\": \"ImageStream\"}\n");
        tree.Commit("Add app");
        tree.Git("checkout", "-q", "main");
        tree.Git("merge", "-q", "--no-ff", "-m", "Merge side", "side");

        var history = await ReadAsync(tree);

        Assert.True(history.Commits[0].IsMerge);
        Assert.Empty(history.Commits[0].Transitions);
        Assert.Empty(history.Commits.Single(c => c.Message.StartsWith("Update", StringComparison.Ordinal)).Transitions);
    }

    [Fact]
    public async Task A_commit_comes_before_its_parent_even_when_its_clock_was_behind()
    {
        using var tree = GitWorkTree.Init(new Dictionary<string, string> { [File] = Stream(Digest(1)) });
        var parent = tree.Commit("Committed with the right time");
        var past = new Dictionary<string, string> { ["GIT_COMMITTER_DATE"] = "1000000000 +0000", ["GIT_AUTHOR_DATE"] = "1000000000 +0000" };
        Testing.Git.GitCli.Run(tree.Path, past, "commit", "-q", "--allow-empty", "-m", "Committed from a machine with a wrong clock");
        var child = tree.Head;

        var history = await ReadAsync(tree);

        Assert.Equal([child, parent], history.Commits.Take(2).Select(c => c.Id));
    }

    [Fact]
    public async Task The_walk_stops_at_its_depth_and_says_so()
    {
        using var tree = GitWorkTree.Init(new Dictionary<string, string> { [File] = Stream(Digest(1)) });
        for (var i = 0; i < 5; i++)
        {
            tree.Commit($"Change {i}");
        }

        var history = await ReadAsync(tree, depth: 4);

        Assert.Equal(4, history.Commits.Count);
        Assert.True(history.Truncated);
        Assert.False((await ReadAsync(tree, depth: 6)).Truncated);
    }

    [Fact]
    public async Task Files_in_other_folders_json_files_and_files_that_do_not_parse_are_handled()
    {
        using var tree = GitWorkTree.Init(new Dictionary<string, string> { [File] = Stream(Digest(2)), ["deep/a/b/broken.yaml"] = "a: [\n" });
        tree.Write("deep/a/b/broken.yaml", "still: [ broken\n");
        tree.Write("deep/a/c/app.json", "{\"apiVersion\": \"v1\", \"kind\": \"ImageStream\", \"metadata\": {\"name\": \"app\"}, \"status\": {\"tags\": [{\"tag\": \"latest\", \"items\": [{\"created\": \"2026-11-01T00:00:00Z\", \"dockerImageReference\": \"r/app@" + Digest(4) + "\", \"image\": \"" + Digest(4) + "\", \"generation\": 1}]}]}}\n");
        tree.Commit("Add app, touch broken");

        var history = await ReadAsync(tree);

        var transition = Assert.Single(history.Commits[0].Transitions);
        Assert.Equal(new TagKey("deep/a/c/app.json", "app", "latest"), transition.Key);
        Assert.Null(transition.Before);
    }

    [Fact]
    public async Task A_git_revert_and_a_hand_edit_in_a_real_repository_reject_digests_for_their_tags_only()
    {
        using var tree = GitWorkTree.Init(new Dictionary<string, string> { [File] = Stream(Digest(1), other: Digest(1)) });
        tree.Write(File, Stream(Digest(2), other: Digest(1)));
        var update = tree.Commit(ToolMessage(Ubuntu, Digest(1), Digest(2)));
        tree.Write(File, Stream(Digest(2), other: Digest(5)));
        tree.Commit("Move 18.04 to image 5 by hand");
        var revert = tree.Revert(update);
        Assert.Equal(Stream(Digest(1), other: Digest(5)), tree.Read(File));

        var rejections = RejectionFinder.Find(new RollbackEvidence((await ReadAsync(tree)).Commits, []));

        Assert.Equal(
            [(Ubuntu, Digest(2), RejectionKind.Reverted), (Other, Digest(1), RejectionKind.ChangedByHand)],
            rejections.All.Select(r => (r.Key, r.Digest.ToString(), r.Kind)));
        Assert.StartsWith($"reverted in {CommitId.Short(revert)} (Revert \"Update 1 image digest in 1 ImageStream\")", rejections.All[0].Source, StringComparison.Ordinal);
    }
}
