
using GitStreamSync.Core.Tests.Plan;
using GitStreamSync.Core.Tests.Record;
using GitStreamSync.Core.Tests.Select;
using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
namespace GitStreamSync.Core.Tests.Propose;

public sealed class PullRequestContentBuilderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 4, 0, 0, TimeSpan.Zero);

    private static string Sha(char c) => "sha256:" + new string(c, 64);

    [Fact]
    public void Digest_changes_become_rows_and_failures_problems_deferred_and_held_tags_their_sections()
    {
        var key = new TagKey("s/u.yaml", "u", "16.04");
        var facts = new PullRequestRunFacts
        {
            BaseBranch = "main",
            Now = Now,
            RunId = "run-1",
            Changes =
            [
                new("s/u.yaml#u", "s/u.yaml", "u", "16.04", TagChangeKind.Updated, "ubuntu@" + Sha('a'), Sha('a'), "ubuntu@" + Sha('b'), Sha('b')) { Platform = Platform.LinuxAmd64 },
                new("s/u.yaml#u", "s/u.yaml", "u", "new", TagChangeKind.New, null, null, "quay.io/x/y@" + Sha('c'), Sha('c')),
                new("s/u.yaml#u", "s/u.yaml", "u", "ref", TagChangeKind.Reference, null, null, "ubuntu:ref", ""),
                new("s/u.yaml#u", "s/u.yaml", "u", "gone", TagChangeKind.ConditionSet, "ubuntu@" + Sha('d'), Sha('d'), null, null)
                {
                    Condition = new TagEventCondition("ImportSuccess", "False", Now, "NotFound", "manifest unknown", 1),
                },
            ],
            Failures = [new("s/u.yaml#u", "gone", "NotFound", "manifest unknown")],
            Deferred = [new("s/o.yaml#o", "t", "o:t", new ResolutionFailed(ResolutionFailureKind.Timeout, "registry timed out"))],
            Held = [new("s/u.yaml#u", "held", Digest.Parse(Sha('e')), "revert of 1a2b3c4d")],
            Problems = [new Problem("s/bad.yaml", new SourceLocation(3, 5), "not a mapping")],
            Sources = new Dictionary<TagKey, string> { [key] = "docker.io/library/ubuntu:16.04" },
        };

        var content = PullRequestContentBuilder.Build(facts);

        Assert.Equal(
            [
                (key, "docker.io/library/ubuntu:16.04", (Digest?)Digest.Parse(Sha('a')), Digest.Parse(Sha('b')), (Platform?)Platform.LinuxAmd64),
                (new TagKey("s/u.yaml", "u", "new"), "quay.io/x/y", null, Digest.Parse(Sha('c')), null),
            ],
            content.Changes.Select(c => (c.Key, c.Source, c.OldDigest, c.NewDigest, c.Platform)));
        Assert.All(content.Changes, c => Assert.Equal(Now, c.FirstSeen));
        Assert.Equal(["gone: NotFound: manifest unknown", "-: line 3: not a mapping"], content.Problems.Select(p => $"{p.Tag ?? "-"}: {p.Message}"));
        Assert.Equal(new TagKey("s/o.yaml", "o", "t"), Assert.Single(content.Deferred).Key);
        Assert.Equal("revert of 1a2b3c4d", Assert.Single(content.Held).RejectedBy);
        Assert.Equal(("main", "run-1"), (content.BaseBranch, content.RunId));
    }

    [Fact]
    public void A_change_to_an_index_kept_whole_is_marked_all_platforms_and_a_chosen_child_is_not()
    {
        var index = Digest.Parse(Sha('f'));
        var facts = new PullRequestRunFacts
        {
            BaseBranch = "main",
            Now = Now,
            Changes =
            [
                new("s/u.yaml#u", "s/u.yaml", "u", "whole", TagChangeKind.New, null, null, "ubuntu@" + index, index.ToString()) { IndexDigest = index },
                new("s/u.yaml#u", "s/u.yaml", "u", "child", TagChangeKind.New, null, null, "ubuntu@" + Sha('b'), Sha('b')) { IndexDigest = index, Platform = Platform.LinuxAmd64 },
            ],
        };

        var content = PullRequestContentBuilder.Build(facts);

        Assert.Equal([("child", false), ("whole", true)], content.Changes.Select(c => (c.Key.Tag, c.AllPlatforms)).OrderBy(x => x.Tag));
    }
}
