using GitStreamSync.Cli.Tests.Render;
using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Read;

namespace GitStreamSync.Cli.Tests.Deploy;

/// <summary>
/// deploy/kubernetes/many-repositories as <c>kubectl kustomize</c> renders it: the worker reads the
/// list of repositories from the ConfigMap it mounts, the list reads without a problem, and every
/// argument is an option of this build.
/// </summary>
public sealed class ManyRepositoriesKubernetesManifestTests
{
    private static readonly List<Dictionary<object, object>> Documents =
        RenderedYaml.Documents(Kubectl.Kustomize(Path.Combine(RepositoryRoot.Path, "deploy", "kubernetes", "many-repositories")));

    private static Dictionary<object, object> Worker =>
        Documents.Single(d => (string?)RenderedYaml.At(d, "kind") == "Deployment");

    private static List<string> Args =>
        [.. ((List<object>)RenderedYaml.At(Worker, "spec", "template", "spec", "containers", 0, "args")!).Cast<string>()];

    [Fact]
    public void The_worker_reads_the_repositories_of_the_ConfigMap_it_mounts()
    {
        var configMap = Documents.Single(d => (string?)RenderedYaml.At(d, "kind") == "ConfigMap");
        var mounted = (string)RenderedYaml.At(Worker, "spec", "template", "spec", "containers", 0, "volumeMounts", 0, "mountPath")!;
        var volume = (string)RenderedYaml.At(Worker, "spec", "template", "spec", "volumes", 0, "configMap", "name")!;
        var args = Args;

        Assert.Equal("worker", args[0]);
        Assert.Equal($"{mounted}/fleet.yaml", args[args.IndexOf("--config") + 1]);
        Assert.Equal(RenderedYaml.At(configMap, "metadata", "name"), volume);
        var list = RepositoryListReader.Read(new SourceFile("fleet.yaml", (string)RenderedYaml.At(configMap, "data", "fleet.yaml")!));
        Assert.Empty(list.Problems);
        Assert.Equal(3, list.Repositories!.Count);
        Assert.Equal(["openshift/imagestreams"], list.Repositories[2].Paths);
    }

    [Fact]
    public void Every_argument_is_an_option_of_this_build()
    {
        using var output = new StringWriter();
        var root = CliApplication.BuildRoot(new CliEnvironment(output, output, new Dictionary<string, string>(), TimeProvider.System, RepositoryRoot.Path));

        var parse = root.Parse(Args);

        Assert.Empty(parse.Errors.Select(e => e.Message));
    }
}
