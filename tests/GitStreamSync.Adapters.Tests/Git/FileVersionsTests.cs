using GitStreamSync.Core.Configuration;
using GitStreamSync.Adapters.Git;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Select;
using GitStreamSync.Testing.Rollback;
using static GitStreamSync.Adapters.Tests.Git.GitTestSupport;

namespace GitStreamSync.Adapters.Tests.Git;

/// <summary>
/// The texts a file had along the base branch's first-parent history, read from a real repository:
/// what a pinned tag's source is compared with (semantics doc 2.4, a tag change re-imports).
/// </summary>
public sealed class FileVersionsTests
{
    private const string File = "streams/app.yaml";

    private static string Stream(string from, string? digest) =>
        $"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: app\nspec:\n  tags:\n  - name: \"1\"\n    from:\n      kind: DockerImage\n      name: {from}\n    importPolicy:\n      scheduled: false\n"
        + (digest is null ? "" : $"status:\n  dockerImageRepository: \"\"\n  tags:\n  - tag: \"1\"\n    items:\n    - created: \"2026-11-01T08:00:00Z\"\n      dockerImageReference: quay.io/org/app@{digest}\n      generation: 2\n      image: {digest}\n");

    [Fact]
    public async Task Versions_come_newest_first_once_each_and_stop_where_the_file_did_not_exist()
    {
        var digest = "sha256:" + new string('a', 64);
        using var tree = GitWorkTree.Init(new Dictionary<string, string> { ["README.md"] = "# images\n" });
        tree.Write(File, Stream("quay.io/org/app:1.0", null));
        tree.Commit("Add app");
        tree.Write(File, Stream("quay.io/org/app:1.0", digest));
        tree.Commit("Update image digests");
        tree.Write("README.md", "# images and more\n");
        tree.Commit("Touch the README only");
        tree.Write(File, Stream("quay.io/org/app:1.1", digest));
        tree.Commit("Move app to 1.1");
        using var workspace = await OpenAsync(Options(), tree.Path);

        var versions = workspace.ReadFileVersions(File, maxCommits: 100);

        Assert.Equal([Stream("quay.io/org/app:1.1", digest), Stream("quay.io/org/app:1.0", digest), Stream("quay.io/org/app:1.0", null)], versions);
        Assert.Equal(2, workspace.ReadFileVersions(File, maxCommits: 3).Count);

        // What the sync run reads: the tag was resolved from 1.0, so moving it to 1.1 is a change.
        var streams = ImageStreamReader.ReadFile(new SourceFile(File, versions[0])).Streams;
        var sources = PinnedSources.Read(workspace, streams, PlanSettings.Default, maxCommits: 100);
        Assert.Equal(new PinnedSource("quay.io/org/app:1.0", null, ImportMode.Legacy), sources[PinnedSources.Key(File, "app", "1")]);
        Assert.Equal(DueReason.SpecChanged, Assert.Single(DueTagSelector.Select(streams, PlanSettings.Default with { PinnedSources = sources }).Tags).Reason);
    }
}
