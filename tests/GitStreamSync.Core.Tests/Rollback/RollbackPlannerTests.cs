using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Rollback;
using System.Text;
using GitStreamSync.Core.Tests.Edit;

namespace GitStreamSync.Core.Tests.Rollback;

/// <summary>
/// <c>rollback</c>'s planner over Golden/rollback-steps/input.yaml: 16.04 has history X (current,
/// with a failure condition), A, B; 18.04 has X, C.
/// </summary>
public sealed class RollbackPlannerTests
{
    private const string File = "streams/ubuntu.yaml";
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 7, 15, 42, 500, TimeSpan.Zero);
    private static readonly Digest X = DigestOf("x");
    private static readonly Digest A = DigestOf("a");
    private static readonly Digest B = DigestOf("b");
    private static readonly string CaseDirectory = Path.Combine(GoldenFile.Folder(), "rollback-steps");

    private static Digest DigestOf(string seed) => Digest.ComputeSha256(Encoding.UTF8.GetBytes(seed));

    private static SourceFile Input() => new(File, GoldenFile.Read(Path.Combine(CaseDirectory, "input.yaml")));

    private static IReadOnlyList<ImageStreamDocument> Streams(params SourceFile[] files) => ImageStreamReader.ReadRepository(files.Length == 0 ? [Input()] : files).Streams;

    private static RollbackPlanResult Plan(RollbackTarget target, int historyLimit = 10, params SourceFile[] files) =>
        RollbackPlanner.Plan(Streams(files), target, Now, historyLimit);

    [Fact]
    public void Steps_one_writes_the_golden_status_and_it_reads_back_equal()
    {
        var plan = Plan(new RollbackTarget("myubuntu", "16.04")).Plan!;
        var edits = StatusEdits.Apply([Input()], plan.AsSyncPlan());

        Assert.Empty(edits.Problems);
        var output = Assert.Single(edits.Files).Text;
        GoldenFile.AssertMatches(Path.Combine(CaseDirectory, "expected.yaml"), output);
        var reread = Assert.Single(ImageStreamReader.ReadFile(new SourceFile(File, output)).Streams);
        Assert.Equal(StatusEditor.Sorted(plan.Stream.NewStatus!), reread.Status);
        Assert.Equal(StatusEditor.Sorted(Streams()[0].Status!).Tags[1], reread.Status!.Tags[1]);
    }

    [Fact]
    public void The_chosen_item_becomes_a_new_event_at_now_with_the_next_generation_and_the_conditions_go()
    {
        var plan = Plan(new RollbackTarget("myubuntu", "16.04")).Plan!;

        var entry = plan.Stream.NewStatus!.Tags.Single(t => t.Tag == "16.04");
        Assert.Equal(new TagEvent(new DateTimeOffset(2026, 11, 28, 7, 15, 42, TimeSpan.Zero), $"ubuntu@{A}", A.ToString(), 5), entry.Items[0]);
        Assert.Equal([A.ToString(), X.ToString(), A.ToString(), B.ToString()], entry.Items.Select(i => i.Image));
        Assert.Empty(entry.Conditions);
        Assert.Equal((1, X, A), (plan.Index, plan.FromDigest, plan.ToDigest));
        Assert.Equal(new TagChange($"{File}#myubuntu", File, "myubuntu", "16.04", TagChangeKind.Updated, $"ubuntu@{X}", X.ToString(), $"ubuntu@{A}", A.ToString()), plan.Change);
    }

    [Fact]
    public void The_history_limit_is_respected()
    {
        var entry = Plan(new RollbackTarget("myubuntu", "16.04") { Steps = 2 }, historyLimit: 2).Plan!.Stream.NewStatus!.Tags.Single(t => t.Tag == "16.04");

        Assert.Equal([B.ToString(), X.ToString()], entry.Items.Select(i => i.Image));
    }

    [Theory]
    [InlineData("sha256:{b}")]
    [InlineData("{b}")]
    [InlineData("{b7}")]
    [InlineData("sha256:{b7}")]
    [InlineData("{B12}")]
    public void To_takes_a_full_digest_or_an_unambiguous_prefix(string to)
    {
        var text = to.Replace("{b}", B.Hex, StringComparison.Ordinal).Replace("{b7}", B.Hex[..7], StringComparison.Ordinal)
            .Replace("{B12}", B.Hex[..12].ToUpperInvariant(), StringComparison.Ordinal);

        var plan = Plan(new RollbackTarget("myubuntu", "16.04") { To = text }).Plan!;

        Assert.Equal((2, B), (plan.Index, plan.ToDigest));
    }

    [Fact]
    public void File_hash_name_picks_one_of_two_streams_of_the_same_name_and_the_bare_name_is_refused()
    {
        var other = Input() with { Path = "other/ubuntu.yaml" };

        var ambiguous = Plan(new RollbackTarget("myubuntu", "16.04"), 10, Input(), other);
        var chosen = Plan(new RollbackTarget("other/ubuntu.yaml#myubuntu", "16.04"), 10, Input(), other);

        Assert.Equal("ImageStream 'myubuntu' is defined in 2 places; name one as FILE#STREAM:TAG: other/ubuntu.yaml#myubuntu, streams/ubuntu.yaml#myubuntu", ambiguous.Refusal);
        Assert.Equal("other/ubuntu.yaml", chosen.Plan!.Key.FilePath);
    }

    [Theory]
    [InlineData("other", "16.04", null, 1, "no ImageStream 'other' (the repository has: myubuntu)")]
    [InlineData("myubuntu", "20.04", null, 1, "streams/ubuntu.yaml#myubuntu has no tag '20.04' (its tags: 16.04, 18.04)")]
    [InlineData("myubuntu", "16.04", null, 3, "--steps 3 is out of range for streams/ubuntu.yaml#myubuntu:16.04: its history has 3 items, so --steps takes 1 to 2; its history, newest first:\n  items[0] {x} created 2026-11-10T04:00:00Z (current)\n  items[1] {a} created 2026-11-01T04:00:00Z\n  items[2] {b} created 2026-10-01T04:00:00Z")]
    [InlineData("myubuntu", "16.04", null, 0, "--steps 0 is out of range for streams/ubuntu.yaml#myubuntu:16.04")]
    [InlineData("myubuntu", "16.04", "sha256:{c}", 1, "streams/ubuntu.yaml#myubuntu:16.04 has no item sha256:{c} in its history; its history, newest first:\n  items[0] {x}")]
    [InlineData("myubuntu", "16.04", "abc", 1, "--to 'abc' for streams/ubuntu.yaml#myubuntu:16.04 is not a digest or a hex prefix of at least 7 characters")]
    [InlineData("myubuntu", "16.04", "{x}", 1, "streams/ubuntu.yaml#myubuntu:16.04 is already at {x} (items[0]): nothing to roll back")]
    [InlineData("myubuntu", "18.04", null, 2, "--steps 2 is out of range for streams/ubuntu.yaml#myubuntu:18.04: its history has 2 items, so --steps takes 1 to 1")]
    public void Refuses_naming_the_file_and_the_tag(string stream, string tag, string? to, int steps, string expected)
    {
        string Fill(string text) => text.Replace("{x}", X.ToString(), StringComparison.Ordinal).Replace("{a}", A.ToString(), StringComparison.Ordinal)
            .Replace("{b}", B.ToString(), StringComparison.Ordinal).Replace("{c}", DigestOf("c").Hex, StringComparison.Ordinal);

        var result = Plan(new RollbackTarget(stream, tag) { To = to is null ? null : Fill(to), Steps = steps });

        Assert.Null(result.Plan);
        Assert.StartsWith(Fill(expected), result.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void An_older_item_with_the_current_digest_is_already_current()
    {
        var text = Input().Text.Replace($"image: {B}", $"image: {X}", StringComparison.Ordinal).Replace($"ubuntu@{B}", $"ubuntu@{X}", StringComparison.Ordinal);

        var result = Plan(new RollbackTarget("myubuntu", "16.04") { Steps = 2 }, 10, new SourceFile(File, text));

        Assert.StartsWith($"streams/ubuntu.yaml#myubuntu:16.04 is already at {X} (items[0])", result.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prefix_matching_two_digests_is_refused_as_ambiguous()
    {
        var first = Digest.Parse("sha256:abcdef01" + new string('1', 56));
        var second = Digest.Parse("sha256:abcdef01" + new string('2', 56));
        var text = Input().Text.Replace(A.ToString(), first.ToString(), StringComparison.Ordinal).Replace(B.ToString(), second.ToString(), StringComparison.Ordinal);

        var result = Plan(new RollbackTarget("myubuntu", "16.04") { To = "abcdef0" }, 10, new SourceFile(File, text));

        Assert.Equal($"--to 'abcdef0' matches 2 digests in the history of streams/ubuntu.yaml#myubuntu:16.04: {first}, {second}; give more characters", result.Refusal);
    }

    [Fact]
    public void The_commit_says_roll_back_and_rejects_the_digest_rolled_away_from()
    {
        var plan = Plan(new RollbackTarget("myubuntu", "16.04")).Plan!;
        var key = new TagKey(File, "myubuntu", "16.04");

        var message = CommitMessageWriter.Write(plan.CommitContent("run-7"));
        var record = CommitMessageParser.Parse(message);

        Assert.StartsWith($"Roll back myubuntu:16.04 to {A.Abbreviated}\n", message, StringComparison.Ordinal);
        Assert.Equal([new DigestTrailer(key, X, A)], record.Digests);
        Assert.Equal([new RejectedTrailer(key, X)], record.Rejected);
        Assert.Equal("run-7", record.RunId);
    }

    [Fact]
    public void The_same_inputs_give_the_same_status_and_message()
    {
        var target = new RollbackTarget("myubuntu", "16.04") { To = B.Hex[..9] };
        var first = Plan(target).Plan!;
        var second = Plan(target).Plan!;

        Assert.Equal(first.Stream.NewStatus, second.Stream.NewStatus);
        Assert.Equal(CommitMessageWriter.Write(first.CommitContent("r")), CommitMessageWriter.Write(second.CommitContent("r")));
    }
}
