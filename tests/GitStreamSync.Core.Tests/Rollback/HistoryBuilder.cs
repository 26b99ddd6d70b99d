using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Rollback;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GitStreamSync.Core.Tests.Rollback;

/// <summary>Builds a base-branch history oldest first, the way Git would record each way of rolling back.</summary>
internal sealed class HistoryBuilder
{
    public static readonly TagKey Ubuntu = new("streams/ubuntu.yaml", "myubuntu", "16.04");
    public static readonly TagKey UbuntuOther = new("streams/ubuntu.yaml", "myubuntu", "18.04");
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly GitIdentity Tool = GitIdentity.Default;
    private static readonly GitIdentity Alice = new("Alice Admin", "alice@example.com");

    private readonly List<HistoryCommit> oldestFirst = [];
    private readonly List<ClosedPullRequest> closed = [];

    public string Tip => oldestFirst[^1].Id;

    public DateTimeOffset Clock { get; private set; } = Start;

    public static Digest D(int n) => Digest.Parse("sha256:" + Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(n))));

    /// <summary>Any commit; its single parent is the current tip unless <paramref name="parents"/> says otherwise.</summary>
    public string Commit(string message, IReadOnlyList<string>? parents = null, IReadOnlyList<TagTransition>? transitions = null, bool byTool = false)
    {
        Clock = Clock.AddMinutes(10);
        var parentIds = parents ?? (oldestFirst.Count == 0 ? [] : [Tip]);
        // Commit ids are 40 hex digits, like Git's.
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(",", parentIds) + message + oldestFirst.Count.ToString(CultureInfo.InvariantCulture))))[..40];
        var who = byTool ? Tool : Alice;
        oldestFirst.Add(new HistoryCommit(id, parentIds, message, who, who, Clock) { Transitions = transitions ?? [] });
        return id;
    }

    public string Initial() => Commit("Add ImageStreams");

    /// <summary>The tool's commit setting <paramref name="key"/> from <paramref name="old"/> to <paramref name="next"/>.</summary>
    public string ToolCommit(TagKey key, Digest? old, Digest next, IReadOnlyList<string>? parents = null) =>
        Commit(ToolMessage(key, old, next), parents, byTool: true);

    public static string ToolMessage(TagKey key, Digest? old, Digest next, IReadOnlyList<RejectedTrailer>? rejected = null) =>
        CommitMessageWriter.Write(new CommitContent([new DigestTrailer(key, old, next)], [], "run-1") { Rejected = rejected ?? [] });

    /// <summary><c>git revert</c>'s message; for a merge commit (<c>-m 1</c>) it adds the "reversing changes" line.</summary>
    public string Revert(string target, string subject, string? mergeParent = null) =>
        Commit(
            $"Revert \"{subject}\"\n\nThis reverts commit {target}" + (mergeParent is null ? ".\n" : $", reversing\nchanges made to {mergeParent}.\n"),
            transitions: []);

    /// <summary>The tool's pull request merged with a merge commit: its branch commit on a side line, then the merge.</summary>
    public string MergeToolPullRequest(TagKey key, Digest? old, Digest next, int number)
    {
        var fork = Tip;
        var side = ToolCommit(key, old, next, parents: [fork]);
        return Commit($"Merge pull request #{number} from acme/gitstreamsync/main\n\nUpdate image digests (1)\n", parents: [fork, side]);
    }

    /// <summary>GitHub's squash merge of the tool's pull request: title with the number, the commit message below, then a co-author line.</summary>
    public string SquashToolPullRequest(TagKey key, Digest? old, Digest next, int number) =>
        Commit($"Update image digests (1) (#{number})\n\n* {ToolMessage(key, old, next)}\n\nCo-authored-by: Bob <bob@example.com>\n");

    public string HandEdit(string subject, params TagTransition[] transitions) => Commit(subject + "\n", transitions: transitions);

    public void ClosePullRequest(int number, TagKey key, Digest digest, DateTimeOffset? at = null)
    {
        Clock = Clock.AddMinutes(10);
        closed.Add(new ClosedPullRequest(number, at ?? Clock, [new ProposedDigest(key, digest)]));
    }

    public RollbackEvidence Evidence(int? depth = null)
    {
        IEnumerable<HistoryCommit> newestFirst = Enumerable.Reverse(oldestFirst);
        if (depth is { } d)
        {
            newestFirst = newestFirst.Take(d);
        }

        return new RollbackEvidence(newestFirst.ToList(), closed);
    }

    public RejectionSet Find(int? depth = null) => RejectionFinder.Find(Evidence(depth));
}
