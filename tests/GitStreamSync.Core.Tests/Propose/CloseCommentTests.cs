using GitStreamSync.Core.Record;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Tests.Edit;
using System.Runtime.CompilerServices;

namespace GitStreamSync.Core.Tests.Propose;

/// <summary>The comment on a pull request the tool closes names the real reason per tag; one golden file per reason.</summary>
public sealed class CloseCommentTests
{
    private static readonly TagKey Alpha1 = new("streams/a.yaml", "alpha", "1");
    private static readonly TagKey Alpha2 = new("streams/a.yaml", "alpha", "2");

    private static readonly PullRequestMarker Marker = new("main", null, [new(Alpha1, Sha('c'), Sha('d')), new(Alpha2, Sha('a'), Sha('b'))]);

    public static TheoryData<string> Reasons => new()
    {
        "already-on-base", "moved-back-to-base", "rejected-by-commit", "rejected-by-pull-request", "tag-removed", "tag-pinned", "tag-reference", "registry-refuses",
    };

    [Theory]
    [MemberData(nameof(Reasons))]
    public void Each_reason_has_its_own_words(string reason)
    {
        // alpha:1 reached the base in every case; alpha:2 is the tag whose reason differs.
        TagFacts? Facts(TagKey key) => key == Alpha1 ? new TagFacts(TagStanding.Resolved, Sha('d')) : Second(reason);

        var comment = PullRequestPublication.CloseComment("main", Marker, Facts);

        GoldenFile.AssertMatches(Path.Combine(GoldenDirectory(), reason + ".md"), comment + "\n");
        Assert.Contains("not treated as rejected", comment, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tag_upstream_moved_back_to_a_rejected_digest_is_not_said_to_be_no_longer_followed()
    {
        var comment = PullRequestPublication.CloseComment("main", Marker, key => key == Alpha1 ? new TagFacts(TagStanding.Resolved, Sha('d')) : Second("rejected-by-pull-request"));

        Assert.DoesNotContain("no longer followed", comment, StringComparison.Ordinal);
        Assert.Contains("- `streams/a.yaml#alpha:2`: upstream moved back to `sha256:eeeeeeeeeeee`, which was rejected: closed pull request #", comment, StringComparison.Ordinal);
        Assert.Contains("12; the base keeps `sha256:aaaaaaaaaaaa`\n", comment, StringComparison.Ordinal);
    }

    private static TagFacts? Second(string reason) => reason switch
    {
        "already-on-base" => new TagFacts(TagStanding.Resolved, Sha('b')),
        "moved-back-to-base" => new TagFacts(TagStanding.Resolved, Sha('a')),
        "rejected-by-commit" => new TagFacts(TagStanding.Held, Sha('a')) { Rejected = Sha('e'), Detail = "reverted in 1a2b3c4 (Revert \"Update 1 image digest\")" },
        "rejected-by-pull-request" => new TagFacts(TagStanding.Held, Sha('a')) { Rejected = Sha('e'), Detail = "closed pull request #12" },
        "tag-removed" => null,
        "tag-pinned" => new TagFacts(TagStanding.Pinned, Sha('a')),
        "tag-reference" => new TagFacts(TagStanding.Reference, Sha('a')),
        "registry-refuses" => new TagFacts(TagStanding.Failed, Sha('a')) { Detail = "NotFound: quay.io/acme/alpha:2: manifest unknown" },
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };

    // Next to this file, apart from the status editor's case folders.
    private static string GoldenDirectory([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "Golden", "close-comment");

    private static Digest Sha(char c) => Digest.Parse("sha256:" + new string(c, 64));
}
