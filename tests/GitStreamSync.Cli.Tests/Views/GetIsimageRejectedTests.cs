using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using GitStreamSync.Testing.Rollback;
using static GitStreamSync.Testing.Rollback.StreamFiles;

namespace GitStreamSync.Cli.Tests.Views;

/// <summary><c>get isimage</c> in a real repository: a digest whose tool commit was reverted is shown as rejected, with the revert.</summary>
public sealed class GetIsimageRejectedTests
{
    private const string File = "streams/ubuntu.yaml";

    private static string Stream(params string[] digests) => Yaml("myubuntu", new StreamTag("16.04", "registry.example/ubuntu:16.04", digests));

    [Fact]
    public async Task A_reverted_digest_is_marked_rejected_with_the_revert()
    {
        using var tree = GitWorkTree.Init(new Dictionary<string, string> { [File] = Stream(Digest(1)) });
        tree.Write(File, Stream(Digest(2), Digest(1)));
        var key = new TagKey(File, "myubuntu", "16.04");
        var update = tree.Commit(CommitMessageWriter.Write(new CommitContent([new DigestTrailer(key, Core.Images.Digest.Parse(Digest(1)), Core.Images.Digest.Parse(Digest(2)))], [], "run-1")));
        var revert = tree.Revert(update);
        tree.Write(File, Stream(Digest(1), Digest(2), Digest(1)));
        tree.Commit("Keep the history of the rolled-back image");

        var rejected = await CliRunner.RunAsync("get", "isimage", $"myubuntu@{Digest(2)}", tree.Path);
        var current = await CliRunner.RunAsync("get", "isimage", $"myubuntu@{Digest(1)}", tree.Path);

        Assert.Equal(0, rejected.ExitCode);
        var row = rejected.Out.Split('\n')[1];
        Assert.Contains(" 16.04 ", row, StringComparison.Ordinal);
        Assert.EndsWith($"reverted in {revert[..7]} (Revert \"Update 1 image digest in 1 ImageStream\")", row, StringComparison.Ordinal);
        Assert.All(current.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1), line => Assert.EndsWith("   no", line, StringComparison.Ordinal));
    }
}
