using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using GitStreamSync.Testing.Rollback;
using static GitStreamSync.Testing.Rollback.StreamFiles;

namespace GitStreamSync.Cli.Tests.Render;

/// <summary>
/// Git is the deployment record: in a real repository, a tool commit that moved a tag's digest
/// changes the rendered image, and reverting that commit changes it back.
/// </summary>
public sealed class RenderRevertTests
{
    private const string File = "streams/app.yaml";

    private static string Stream(params string[] digests) => Yaml("app", new StreamTag("v1", "registry.example/app:v1", digests));

    [Fact]
    public async Task Reverting_a_digest_update_renders_the_previous_image_again()
    {
        using var tree = GitWorkTree.Init(new Dictionary<string, string> { [File] = Stream(Digest(1)) });
        Assert.Equal($"app:v1\tregistry.example/app@{Digest(1)}\n", await ImagesAsync(tree));

        tree.Write(File, Stream(Digest(2), Digest(1)));
        var key = new TagKey(File, "app", "v1");
        var update = tree.Commit(CommitMessageWriter.Write(new CommitContent(
            [new DigestTrailer(key, Core.Images.Digest.Parse(Digest(1)), Core.Images.Digest.Parse(Digest(2)))], [], "run-1")));
        Assert.Equal($"app:v1\tregistry.example/app@{Digest(2)}\n", await ImagesAsync(tree));
        Assert.Contains($"name: registry.example/app@{Digest(2)}\n", (await CliRunner.RunAsync("render", tree.Path, "--format", "openshift")).Out, StringComparison.Ordinal);

        tree.Revert(update);

        Assert.Equal($"app:v1\tregistry.example/app@{Digest(1)}\n", await ImagesAsync(tree));
        var openshift = await CliRunner.RunAsync("render", tree.Path, "--format", "openshift");
        Assert.Contains($"name: registry.example/app@{Digest(1)}\n", openshift.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(Digest(2), openshift.Out, StringComparison.Ordinal);
    }

    private static async Task<string> ImagesAsync(GitWorkTree tree)
    {
        var result = await CliRunner.RunAsync("render", tree.Path, "--format", "images");
        Assert.Equal(0, result.ExitCode);
        return result.Out;
    }
}
