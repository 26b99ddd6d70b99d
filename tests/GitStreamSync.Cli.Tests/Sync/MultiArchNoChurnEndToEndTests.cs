using GitStreamSync.Core.Images;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Cli.Tests.Sync;

/// <summary>
/// No churn from other architectures, end to end (semantics 2.3, the changed test, under
/// <c>importMode: Legacy</c>): a tag that follows a multi-platform image records the linux/amd64
/// image, so upstream rebuilding the index for arm64 alone writes nothing, and rebuilding its amd64
/// image writes one new status item. Real indexes in the loopback registry, real pushes to the
/// loopback Git server.
/// </summary>
public sealed class MultiArchNoChurnEndToEndTests
{
    private static readonly Platform Amd64 = Platform.LinuxAmd64;
    private static readonly Platform Arm64 = Platform.Parse("linux/arm64");

    [Fact]
    public async Task An_index_changed_only_for_arm64_writes_nothing_and_a_new_amd64_image_writes_one_item()
    {
        await using var registry = await RegistryServer.StartAsync();
        using var seeder = RegistrySeeder.For(registry);
        var built = await seeder.PushIndexAsync("team/multi", "1.0", ManifestFormat.Oci, [(Amd64, "amd64 build 1"), (Arm64, "arm64 build 1")]);
        using var git = GitHttpServer.Start();
        const string name = "multi-arch";
        var url = git.CreateRepository(name, new Dictionary<string, string>
        {
            ["streams/multi.yaml"] = $"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: multi\nspec:\n  tags:\n  - name: \"1.0\"\n    from:\n      kind: DockerImage\n      name: {registry.HostPort}/team/multi:1.0\n    importPolicy:\n      importMode: Legacy\n",
        });
        var bare = git.RepositoryPath(name);

        var first = await SyncAsync(url, registry, git);
        Assert.True(first.ExitCode == ExitCodes.Success, first.Out + first.Error);
        var written = git.BranchTip(name, "main");
        Assert.Contains($"image: {Child(built, Amd64)}", GitCli.Show(bare, "main", "streams/multi.yaml"), StringComparison.Ordinal);

        // Upstream rebuilds the arm64 image only: the tag now names another index whose amd64 entry is the same image.
        var armOnly = await seeder.PushIndexAsync("team/multi", "1.0", ManifestFormat.Oci, [(Amd64, "amd64 build 1"), (Arm64, "arm64 build 2")]);
        Assert.NotEqual(built.Digest, armOnly.Digest);
        Assert.NotEqual(Child(built, Arm64), Child(armOnly, Arm64));
        Assert.Equal(Child(built, Amd64), Child(armOnly, Amd64));

        var quiet = await SyncAsync(url, registry, git);

        Assert.True(quiet.ExitCode == ExitCodes.Success, quiet.Out + quiet.Error);
        Assert.Equal(written, git.BranchTip(name, "main"));
        Assert.Null(git.BranchTip(name, "gitstreamsync/main"));

        // Upstream rebuilds the amd64 image: one new status item, the previous one kept as history.
        var amdToo = await seeder.PushIndexAsync("team/multi", "1.0", ManifestFormat.Oci, [(Amd64, "amd64 build 2"), (Arm64, "arm64 build 2")]);
        Assert.NotEqual(Child(armOnly, Amd64), Child(amdToo, Amd64));

        var moved = await SyncAsync(url, registry, git);

        Assert.True(moved.ExitCode == ExitCodes.Success, moved.Out + moved.Error);
        Assert.NotEqual(written, git.BranchTip(name, "main"));
        Assert.Equal("1", GitCli.Run(bare, "rev-list", "--count", $"{written}..main").Trim());
        var status = GitCli.Show(bare, "main", "streams/multi.yaml");
        var newItem = status.IndexOf($"image: {Child(amdToo, Amd64)}", StringComparison.Ordinal);
        var oldItem = status.IndexOf($"image: {Child(built, Amd64)}", StringComparison.Ordinal);
        Assert.True(newItem > 0 && oldItem > newItem, status);
        Assert.DoesNotContain(Child(armOnly, Arm64).ToString(), status, StringComparison.Ordinal);
    }

    private static Digest Child(SeededIndex index, Platform platform) => index.Children.Single(c => c.Platform == platform).Digest;

    private static Task<CliResult> SyncAsync(string url, RegistryServer registry, GitHttpServer git) =>
        CliRunner.RunAsync(
            ["sync", url, "--push-to-base", "--insecure-registry", registry.HostPort],
            new Dictionary<string, string> { ["GITSTREAMSYNC_GIT_USERNAME"] = git.User, ["GITSTREAMSYNC_GIT_PASSWORD"] = git.Password });
}
