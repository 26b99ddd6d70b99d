using GitStreamSync.Core.Images;
using GitStreamSync.Core.Record;
using CsCheck;

namespace GitStreamSync.Core.Tests.Record;

public sealed class RejectionRecordMessageTests
{
    private static readonly Digest Rejected = Digest.Parse("sha256:9a9b2b1e7c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f");
    private static readonly Digest Other = Digest.Parse("sha256:152b0e3f39a0e4b5d2f3c2a1b0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a39281");
    private static readonly TagKey Python = new("imagestreams/python.yaml", "python", "3.12");
    private static readonly TagKey App = new("streams/my app.yaml", "app", "latest");

    [Fact]
    public void A_recorded_close_reads_as_a_sentence_and_keeps_its_facts_in_trailers_the_rollback_commits_share()
    {
        var message = RejectionRecordMessage.Format(new RecordedRejection(
            12, new Uri("https://github.com/acme/images/pull/12"), "main", new DateTimeOffset(2026, 11, 28, 8, 9, 4, TimeSpan.FromHours(1)),
            [new RejectedTrailer(Python, Rejected), new RejectedTrailer(App, Other)]));

        Assert.Equal(
            """
            Rejected: pull request #12 closed unmerged

            The 2 digests it proposed are not proposed again for their tags on main.

            Pull-Request: 12 https://github.com/acme/images/pull/12
            Closed-At: 2026-11-28T07:09:04Z
            Base-Branch: main
            Rejected-Digest: imagestreams/python.yaml#python:3.12 sha256:9a9b2b1e7c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f
            Rejected-Digest: streams/my%20app.yaml#app:latest sha256:152b0e3f39a0e4b5d2f3c2a1b0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a39281

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            message);

        // The existing trailer parser reads the same Rejected-Digest lines.
        Assert.Equal([new RejectedTrailer(Python, Rejected), new RejectedTrailer(App, Other)], CommitMessageParser.Parse(message).Rejected);
    }

    [Fact]
    public void Formatting_and_reading_back_gives_the_same_rejection()
    {
        var gen =
            from number in Gen.Int[1, 1_000_000]
            from seconds in Gen.Long[0, 4_000_000_000]
            from count in Gen.Int[1, 5]
            from tags in Gen.String[Gen.Char.AlphaNumeric, 1, 8].Array[count]
            select new RecordedRejection(
                number,
                new Uri($"https://github.com/acme/images/pull/{number}"),
                "release/" + tags[0],
                DateTimeOffset.FromUnixTimeSeconds(seconds),
                [.. tags.Select((t, i) => new RejectedTrailer(new TagKey($"streams/{t} {i}.yaml", "s" + t.ToLowerInvariant(), t), i % 2 == 0 ? Rejected : Other))]);

        gen.Sample(rejection =>
        {
            var read = RejectionRecordMessage.Parse(RejectionRecordMessage.Format(rejection)).Rejection!;
            Assert.Equal((rejection.Number, rejection.Url, rejection.BaseBranch, rejection.ClosedAt), (read.Number, read.Url, read.BaseBranch, read.ClosedAt));
            Assert.Equal(rejection.Digests, read.Digests);
        });
    }

    [Fact]
    public void A_release_written_by_hand_with_git_commit_tree_is_read_and_releases_nothing_else()
    {
        // git commit-tree -m "Release python:3.12" -m "Released-Digest: ..." writes two paragraphs.
        var read = RejectionRecordMessage.Parse($"Release python:3.12\n\n{RejectionRecordMessage.ReleaseTrailer(Python, Rejected)}\n");

        Assert.Null(read.Rejection);
        Assert.Equal([new RejectedTrailer(Python, Rejected)], read.Released);
    }

    [Theory]
    [InlineData("Rejected: pull request #3 closed unmerged\n\nClosed-At: 2026-11-28T07:09:04Z\nRejected-Digest: a.yaml#a:b sha256:9a9b2b1e7c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f\n")]
    [InlineData("Rejected: pull request #3 closed unmerged\n\nPull-Request: 3\nRejected-Digest: a.yaml#a:b sha256:9a9b2b1e7c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f\n")]
    [InlineData("Rejected: pull request #3 closed unmerged\n\nPull-Request: 3\nClosed-At: 2026-11-28T07:09:04Z\nRejected-Digest: a.yaml#a:b sha256:short\n")]
    [InlineData("Release\n\nReleased-Digest: not-a-key sha256:9a9b2b1e7c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f\n")]
    public void A_commit_without_a_number_a_close_instant_or_a_valid_digest_records_nothing(string message)
    {
        var read = RejectionRecordMessage.Parse(message);

        Assert.Null(read.Rejection);
        Assert.Empty(read.Released);
    }
}
