using GitStreamSync.Core.Tests.Plan;
using GitStreamSync.Core.Tests.Propose;
using GitStreamSync.Core.Tests.Select;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Record;
using CsCheck;

namespace GitStreamSync.Core.Tests.Record;

public sealed class CommitMessageTests
{
    private static readonly Digest Old = Digest.Parse("sha256:152b0e3f39a0e4b5d2f3c2a1b0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a39281");
    private static readonly Digest New = Digest.Parse("sha256:9a9b2b1e7c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f");

    [Fact]
    public void The_message_has_a_subject_a_body_per_file_and_trailers_last()
    {
        var content = new CommitContent(
            [
                new DigestTrailer(new TagKey("streams/ubuntu.yaml", "myubuntu", "16.04"), Old, New),
                new DigestTrailer(new TagKey("streams/app.json", "app", "latest"), null, New),
                new DigestTrailer(new TagKey("streams/ubuntu.yaml", "myubuntu", "18.04"), Old, New),
            ],
            [new StatusTrailer(new TagKey("streams/app.json", "app", "old"), "import-failed:NotFound")],
            "20261128T050000Z-1a2b3c");

        var expected = """
            Update 3 image digests in 2 ImageStreams

            streams/app.json
              app:latest (none) -> sha256:9a9b2b1e7c2d…
              app:old import-failed:NotFound
            streams/ubuntu.yaml
              myubuntu:16.04 sha256:152b0e3f39a0… -> sha256:9a9b2b1e7c2d…
              myubuntu:18.04 sha256:152b0e3f39a0… -> sha256:9a9b2b1e7c2d…

            Image-Stream-Tag: streams/app.json#app:latest - sha256:9a9b2b1e7c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f
            Image-Stream-Tag: streams/ubuntu.yaml#myubuntu:16.04 sha256:152b0e3f39a0e4b5d2f3c2a1b0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a39281 sha256:9a9b2b1e7c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f
            Image-Stream-Tag: streams/ubuntu.yaml#myubuntu:18.04 sha256:152b0e3f39a0e4b5d2f3c2a1b0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a39281 sha256:9a9b2b1e7c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f
            Image-Stream-Tag-Status: streams/app.json#app:old import-failed:NotFound
            GitStreamSync-Run: 20261128T050000Z-1a2b3c

            """;

        Assert.Equal(expected, CommitMessageWriter.Write(content));
    }

    [Theory]
    [InlineData(1, 1, "Update 1 image digest in 1 ImageStream")]
    [InlineData(2, 1, "Update 2 image digests in 1 ImageStream")]
    [InlineData(3, 3, "Update 3 image digests in 3 ImageStreams")]
    public void The_subject_counts_digests_and_streams(int tags, int streams, string expected)
    {
        var digests = Enumerable.Range(0, tags).Select(i => new DigestTrailer(new TagKey("f.yaml", $"s{i % streams}", $"t{i}"), Old, New)).ToList();
        Assert.Equal(expected, CommitMessageWriter.Subject(digests, []));
    }

    [Fact]
    public void A_status_only_commit_says_so()
    {
        Assert.Equal(
            "Update the status of 1 tag in 1 ImageStream",
            CommitMessageWriter.Subject([], [new StatusTrailer(new TagKey("f.yaml", "s", "t"), "import-failed:NotFound")]));
    }

    [Fact]
    public void Written_messages_parse_back_to_the_same_trailers()
    {
        // Any file name Git can hold, beside the awkward ones people write.
        var path = Gen.OneOf(Gen.OneOfConst("a.yaml", "dir with space/x.yaml", "100%/b#c.json", "tab\there.yml", "ü/ß.yaml"), Propose.PullRequestMarkerPropertyTests.Name);
        var name = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-"], 1, 12];
        var tag = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789._-"], 1, 12];
        var key = Gen.Select(path, name, tag, (p, n, t) => new TagKey(p, n, t));
        var digest = Gen.Byte.Array[32].Select(b => Digest.ComputeSha256(b));
        var digestTrailer = Gen.Select(key, digest.Null(), digest, (k, o, n) => new DigestTrailer(k, o, n));
        var statusTrailer = Gen.Select(key, Gen.OneOfConst("import-failed:NotFound", "reference", "import-recovered"), (k, n) => new StatusTrailer(k, n));
        var runId = Gen.String[Gen.Char["abcdef0123456789TZ-"], 1, 30];

        Gen.Select(digestTrailer.List[0, 8], statusTrailer.List[0, 4], runId).Where((d, s, _) => d.Count + s.Count > 0).Sample((digests, statuses, run) =>
        {
            var record = CommitMessageParser.Parse(CommitMessageWriter.Write(new CommitContent(digests, statuses, run)));
            Assert.Equal(digests.OrderBy(d => d.Key.ToString(), StringComparer.Ordinal), record.Digests);
            Assert.Equal(statuses.OrderBy(s => s.Key.ToString(), StringComparer.Ordinal), record.Statuses);
            Assert.Equal(run, record.RunId);
            Assert.Empty(record.Malformed);
            Assert.True(record.IsFromTool);
        }, iter: 500);
    }

    [Fact]
    public void A_persons_message_has_no_tool_trailers_and_a_revert_names_its_commit()
    {
        var revert = """
            Revert "Update 1 image digest in 1 ImageStream"

            This reverts commit 0123456789abcdef0123456789abcdef01234567.
            """;

        var record = CommitMessageParser.Parse(revert);

        Assert.False(record.IsFromTool);
        Assert.Empty(record.Digests);
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", record.RevertedCommit);
        Assert.Equal("Revert \"Update 1 image digest in 1 ImageStream\"", record.Subject);
    }

    [Fact]
    public void Broken_trailer_lines_are_kept_as_malformed_not_thrown()
    {
        var message = "Subject\n\nImage-Stream-Tag: nokey sha256:abc\nImage-Stream-Tag: f.yaml#s:t - not-a-digest\nSigned-off-by: A <a@b>\nGitStreamSync-Run: r1\n";

        var record = CommitMessageParser.Parse(message);

        Assert.Equal(2, record.Malformed.Count);
        Assert.Empty(record.Digests);
        Assert.Equal("r1", record.RunId);
    }

    [Fact]
    public void Trailer_like_lines_in_the_body_are_not_trailers()
    {
        var message = $"Subject\n\nImage-Stream-Tag: f.yaml#s:t - {New}\n\nGitStreamSync-Run: r1\n";
        Assert.Empty(CommitMessageParser.Parse(message).Digests);
    }

    [Theory]
    [InlineData("f.yaml#s:t", "f.yaml", "s", "t")]
    [InlineData("a#b/f.yaml#s:t", "a#b/f.yaml", "s", "t")]
    [InlineData("my%20dir/f.yaml#s:t", "my dir/f.yaml", "s", "t")]
    public void Tag_keys_parse(string text, string file, string stream, string tag)
    {
        Assert.Equal(new TagKey(file, stream, tag), TagKey.Parse(text));
        Assert.Equal(text, TagKey.Parse(text).ToString());
    }

    [Theory]
    [InlineData("f.yaml")]
    [InlineData("#s:t")]
    [InlineData("f.yaml#s")]
    [InlineData("f.yaml#s:")]
    [InlineData("f.yaml#:t")]
    [InlineData("f.yaml#s:t:u")]
    [InlineData("bad%zz#s:t")]
    public void Bad_tag_keys_are_refused(string text)
    {
        Assert.False(TagKey.TryParse(text, out _));
        Assert.Throws<TagKeyFormatException>(() => TagKey.Parse(text));
    }
}

public sealed class TagKeyTests
{
    // A trailer's value is trimmed of white space when read, Unicode spaces included: a file name
    // that begins or ends with one must survive the round trip.
    [Theory]
    [InlineData(" leading.yaml")]
    [InlineData("\u3000ideographic.yaml")]
    [InlineData("dir/trailing\u2003")]
    [InlineData("nbsp\u00A0.json")]
    [InlineData("100%/a b.yaml")]
    public void A_file_name_with_spaces_of_any_kind_reads_back_from_its_trailer_text(string path)
    {
        var key = new GitStreamSync.Core.Record.TagKey(path, "app", "v1");

        var text = key.ToString();

        Assert.DoesNotContain(text, char.IsWhiteSpace);
        Assert.Equal(key, GitStreamSync.Core.Record.TagKey.Parse(text.Trim()));
    }
}
