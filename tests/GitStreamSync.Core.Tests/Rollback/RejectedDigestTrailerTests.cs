using GitStreamSync.Core.Record;
using static GitStreamSync.Core.Tests.Rollback.HistoryBuilder;

namespace GitStreamSync.Core.Tests.Rollback;

public sealed class RejectedDigestTrailerTests
{
    [Fact]
    public void Rejected_digest_trailers_are_written_after_the_tag_trailers_and_parse_back()
    {
        var content = new CommitContent([new DigestTrailer(Ubuntu, D(2), D(1))], [], "run-9")
        {
            Rejected = [new RejectedTrailer(Ubuntu, D(2))],
            Subject = "Roll back myubuntu:16.04",
        };

        var message = CommitMessageWriter.Write(content);
        var lines = message.TrimEnd('\n').Split('\n');
        Assert.Equal("Roll back myubuntu:16.04", lines[0]);
        Assert.Equal($"Rejected-Digest: streams/ubuntu.yaml#myubuntu:16.04 {D(2)}", lines[^2]);
        Assert.Equal("GitStreamSync-Run: run-9", lines[^1]);

        var record = CommitMessageParser.Parse(message);
        Assert.Equal([new RejectedTrailer(Ubuntu, D(2))], record.Rejected);
        Assert.Empty(record.Malformed);
        Assert.Contains($"Rejected-Digest: streams/ubuntu.yaml#myubuntu:16.04 {D(2)}", record.ChangeSet);
    }

    [Theory]
    [InlineData("Rejected-Digest: streams/ubuntu.yaml#myubuntu:16.04")]
    [InlineData("Rejected-Digest: streams/ubuntu.yaml#myubuntu:16.04 sha256:xyz")]
    [InlineData("Rejected-Digest: not-a-key sha256:0000000000000000000000000000000000000000000000000000000000000000")]
    public void A_malformed_rejected_digest_trailer_is_kept_as_malformed(string line)
    {
        var record = CommitMessageParser.Parse($"Subject\n\n{line}\nGitStreamSync-Run: r\n");
        Assert.Empty(record.Rejected);
        Assert.Equal([line], record.Malformed);
    }
}
