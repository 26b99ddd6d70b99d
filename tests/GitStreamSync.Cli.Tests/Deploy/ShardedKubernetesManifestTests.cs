using GitStreamSync.Cli.Tests.Render;

namespace GitStreamSync.Cli.Tests.Deploy;

/// <summary>
/// deploy/kubernetes/sharded as <c>kubectl kustomize</c> renders it (no cluster needed): an Indexed
/// Job whose pods each resolve their own shard into the shared volume, and a sync Job reading that
/// volume; every container's arguments are read by this build's command line without an error.
/// </summary>
public sealed class ShardedKubernetesManifestTests
{
    private static readonly List<Dictionary<object, object>> Documents =
        RenderedYaml.Documents(Kubectl.Kustomize(Path.Combine(RepositoryRoot.Path, "deploy", "kubernetes", "sharded")));

    private static Dictionary<object, object> Named(string kind, string name) =>
        Documents.Single(d => (string?)RenderedYaml.At(d, "kind") == kind && (string?)RenderedYaml.At(d, "metadata", "name") == name);

    private static List<string> Args(Dictionary<object, object> job) =>
        [.. ((List<object>)RenderedYaml.At(job, "spec", "template", "spec", "containers", 0, "args")!).Cast<string>()];

    private static string After(List<string> args, string option) => args[args.IndexOf(option) + 1];

    [Fact]
    public void The_shards_are_an_Indexed_Job_with_one_pod_per_shard()
    {
        var shards = Named("Job", "gitstreamsync-shards");
        var args = Args(shards);

        Assert.Equal("Indexed", RenderedYaml.At(shards, "spec", "completionMode"));
        var count = (string)RenderedYaml.At(shards, "spec", "completions")!;
        Assert.Equal(count, RenderedYaml.At(shards, "spec", "parallelism"));
        Assert.Equal("plan", args[0]);
        Assert.Equal($"$(JOB_COMPLETION_INDEX)/{count}", After(args, "--shard"));
        Assert.Equal("/resolutions/shard-$(JOB_COMPLETION_INDEX).json", After(args, "--resolutions-out"));
    }

    [Fact]
    public void The_sync_Job_reads_the_folder_the_shards_write_on_the_same_claim()
    {
        var shards = Named("Job", "gitstreamsync-shards");
        var sync = Named("Job", "gitstreamsync-sync");
        var args = Args(sync);

        Assert.Equal("sync", args[0]);
        Assert.Equal("/resolutions", After(args, "--resolutions"));
        Assert.Equal(args[1], Args(shards)[1]);
        foreach (var job in new[] { shards, sync })
        {
            Assert.Equal("/resolutions", RenderedYaml.At(job, "spec", "template", "spec", "containers", 0, "volumeMounts", 0, "mountPath"));
            Assert.Equal("gitstreamsync-resolutions", RenderedYaml.At(job, "spec", "template", "spec", "volumes", 0, "persistentVolumeClaim", "claimName"));
        }

        Assert.Equal(["ReadWriteMany"], ((List<object>)RenderedYaml.At(Named("PersistentVolumeClaim", "gitstreamsync-resolutions"), "spec", "accessModes")!).Cast<string>());
    }

    [Theory]
    [InlineData("gitstreamsync-shards")]
    [InlineData("gitstreamsync-sync")]
    public void Every_argument_is_an_option_of_this_build(string job)
    {
        var args = Args(Named("Job", job)).Select(a => a.Replace("$(JOB_COMPLETION_INDEX)", "2", StringComparison.Ordinal)).ToList();
        using var output = new StringWriter();
        var root = CliApplication.BuildRoot(new CliEnvironment(output, output, new Dictionary<string, string>(), TimeProvider.System, RepositoryRoot.Path));

        var parse = root.Parse(args);

        Assert.Empty(parse.Errors.Select(e => e.Message));
    }
}
