using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using GitStreamSync.Testing.Rollback;
using static GitStreamSync.Testing.Rollback.StreamFiles;

namespace GitStreamSync.Cli.Tests.Views;

/// <summary><c>describe is</c>: golden outputs over the synced example, and a real repository with a failed import, an alias, a reference tag and a reverted digest.</summary>
public sealed class DescribeTests
{
    private const string File = "streams/app.yaml";

    private static readonly string SyncedExample = Path.Combine(RepositoryRoot.TestsDirectory, "Golden", "sync-example-repo");

    [Theory]
    [InlineData("webapp-base", "describe/webapp-base.txt")]
    [InlineData("python", "describe/python.txt")]
    [InlineData("imagestreams/monitoring.json#node-exporter", "describe/node-exporter.txt")]
    public async Task Describes_the_synced_example_as_oc_does(string name, string golden)
    {
        var result = await CliRunner.RunAsync("describe", "is", name, SyncedExample);

        Assert.Equal(0, result.ExitCode);
        GoldenFile.AssertMatches(golden, result.Out);
    }

    private static string Stream(params string[] digests) => $$"""
        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata:
          name: app
          labels: {team: web}
        spec:
          tags:
          - name: v1
            from: {kind: DockerImage, name: registry.example/app:v1}
          - name: latest
            from: {kind: ImageStreamTag, name: v1}
          - name: vendor
            reference: true
            from: {kind: DockerImage, name: vendor.example/agent:7}
          - name: broken
            from: {kind: DockerImage, name: registry.example/app:gone}
        status:
          dockerImageRepository: ""
          tags:
          - tag: broken
            conditions:
            - type: ImportSuccess
              status: "False"
              lastTransitionTime: "2026-01-14T09:30:00Z"
              reason: NotFound
              message: dockerimage.image.openshift.io "registry.example/app:gone" not found
              generation: 1
            items: null
          - tag: v1
            items:
        {{string.Concat(digests.Select((d, i) => $"    - created: \"2026-01-{10 + digests.Length - i:00}T00:00:00Z\"\n      dockerImageReference: registry.example/app@{d}\n      generation: 1\n      image: {d}\n"))}}
        """;

    [Fact]
    public async Task Shows_conditions_aliases_references_and_the_reverted_digest_with_how_to_release_it()
    {
        using var tree = GitWorkTree.Init(new Dictionary<string, string> { [File] = Stream(Digest(1)) });
        tree.Write(File, Stream(Digest(2), Digest(1)));
        var key = new TagKey(File, "app", "v1");
        var update = tree.Commit(CommitMessageWriter.Write(new CommitContent([new DigestTrailer(key, Core.Images.Digest.Parse(Digest(1)), Core.Images.Digest.Parse(Digest(2)))], [], "run-1")));
        var revert = tree.Revert(update);
        tree.Write(File, Stream(Digest(1), Digest(2), Digest(1)));
        tree.Commit("Keep the history of the rolled-back image");

        var result = await CliRunner.RunAsync("describe", "is", "app", tree.Path);

        Assert.Equal(0, result.ExitCode);
        var reverted = $"reverted in {revert[..7]} (Revert \"Update 1 image digest in 1 ImageStream\")";
        Assert.Equal($"""
            Name:			app
            Namespace:		<none>
            Created:		<unknown>
            Labels:			team=web
            Annotations:		<none>
            Image Repository:	
            Image Lookup:		local=false
            Unique Images:		2
            Tags:			4

            v1 (latest)
              updates automatically from registry registry.example/app:v1

              * registry.example/app@{Digest(1)}
                  2 days ago
                registry.example/app@{Digest(2)}
                  3 days ago
                  rejected: {reverted}
                registry.example/app@{Digest(1)}
                  4 days ago

            broken
              updates automatically from registry registry.example/app:gone

              ! error: Import failed (NotFound): dockerimage.image.openshift.io "registry.example/app:gone" not found
                  24 hours ago

            vendor
              reference to registry vendor.example/agent:7


            Rejected digests (held in Git; sync does not propose them again):
              v1 {Digest(2)}
                  {reverted}
              To release one: revert what rejected it (git revert <commit>), run sync --include-rejected once,
              or list STREAM:TAG under rollback.includeRejected in .gitstreamsync.yaml.

            """, result.Out);
    }
}
