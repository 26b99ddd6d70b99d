using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Record;
using GitStreamSync.Testing.Rollback;
using static GitStreamSync.Testing.Rollback.StreamFiles;

namespace GitStreamSync.Cli.Tests.Rollback;

public sealed class GetIstagTests
{
    private const string File = "streams/ubuntu.yaml";
    private static readonly TagKey Key = new(File, "myubuntu", "16.04");

    private static string Stream(params string[] digests) => Yaml("myubuntu", new StreamTag("16.04", "registry.example/ubuntu:16.04", digests));

    [Fact]
    public async Task Shows_the_history_newest_first_and_marks_the_reverted_digest()
    {
        using var tree = GitWorkTree.Init(new Dictionary<string, string> { [File] = Stream(Digest(1)) });
        tree.Write(File, Stream(Digest(2), Digest(1)));
        var update = tree.Commit(CommitMessageWriter.Write(new CommitContent([new DigestTrailer(Key, Core.Images.Digest.Parse(Digest(1)), Core.Images.Digest.Parse(Digest(2)))], [], "run-1")));
        var revert = tree.Revert(update);
        tree.Write(File, Stream(Digest(1), Digest(2), Digest(1)));
        tree.Commit("Keep the history of the rolled-back image");

        var result = await CliRunner.RunAsync("get", "istag", "myubuntu:16.04", tree.Path);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.Split('\n');
        Assert.Equal("streams/ubuntu.yaml#myubuntu:16.04", lines[0]);
        Assert.Contains(Core.Images.Digest.Parse(Digest(1)).Abbreviated, lines[2], StringComparison.Ordinal);
        Assert.Contains(Core.Images.Digest.Parse(Digest(2)).Abbreviated, lines[3], StringComparison.Ordinal);
        Assert.Equal($"                      rejected: reverted in {CommitId.Short(revert)} (Revert \"Update 1 image digest in 1 ImageStream\")", lines[4]);
        Assert.DoesNotContain("rejected", lines[2], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("myubuntu:20.04", "has no tag '20.04'")]
    [InlineData("other:16.04", "no ImageStream 'other'")]
    [InlineData("myubuntu:", "is not STREAM:TAG")]
    public async Task Refuses_a_tag_or_stream_that_does_not_exist(string name, string message)
    {
        using var tree = GitWorkTree.Init(new Dictionary<string, string> { [File] = Stream(Digest(1)) });

        var result = await CliRunner.RunAsync("get", "istag", name, tree.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }
}
