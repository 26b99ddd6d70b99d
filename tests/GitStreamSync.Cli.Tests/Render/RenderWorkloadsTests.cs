using GitStreamSync.Testing.Git;
using static GitStreamSync.Cli.Tests.Render.RenderedYaml;

namespace GitStreamSync.Cli.Tests.Render;

/// <summary>
/// <c>render --workloads DIR</c>: workloads that follow a stream tag through OpenShift's trigger
/// annotation, or name a tag of a stream with local lookup, come out with only those image values
/// changed to the reviewed references; the result still builds with the real <c>kubectl kustomize</c>.
/// </summary>
public sealed class RenderWorkloadsTests
{
    private const string Workloads = """
        # The shop's workloads.
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: db
          namespace: platform-images
        spec:
          serviceName: db
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec:
              initContainers:
              - name: init
                image: "ubi9:minimal"   # local lookup: pinned
              containers:
              - name: db
                image: 'ubi9:9.4'
              - name: sidecar
                image: python:3.12   # the python stream has no local lookup: left alone
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: db, namespace: platform-images}
        spec:
          ports: [{port: 5432}]
        ---
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: report
          annotations:
            image.openshift.io/triggers: '[{"from":{"kind":"ImageStreamTag","name":"python:3.11","namespace":"shop"},"fieldPath":"spec.jobTemplate.spec.template.spec.containers[0].image"},{"from":{"kind":"ImageStreamTag","name":"python:3.12"},"fieldPath":"spec.jobTemplate.spec.template.spec.containers[?(@.name==\"paused\")].image","paused":true}]'
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers:
                  - name: report
                    image: python:3.11-slim
                  - name: paused
                    image: python:3.12-slim
        """;

    [Fact]
    public async Task Pins_triggered_and_locally_looked_up_images_and_changes_nothing_else()
    {
        using var work = new TemporaryDirectory("workloads");
        var source = Path.Combine(work.Path, "deploy");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "shop.yaml"), Workloads);
        File.Copy(Path.Combine(RepositoryRoot.Path, "example-repo", "deploy", "deployment.yaml"), Path.Combine(source, "webapp.yaml"));
        File.WriteAllText(Path.Combine(source, "kustomization.yaml"), "resources:\n- shop.yaml\n- webapp.yaml\n");
        var images = (await CliRunner.RunAsync("render", RenderGoldenTests.SyncedExample, "--format", "images", "--allow-missing")).Out;
        var output = Path.Combine(work.Path, "out");

        var result = await CliRunner.RunAsync("render", RenderGoldenTests.SyncedExample, "--format", "openshift", "--workloads", source, "-o", output, "--allow-missing");

        Assert.Equal(0, result.ExitCode);
        var expected = Workloads
            .Replace("\"ubi9:minimal\"", $"\"{Reviewed(images, "ubi9:minimal")}\"", StringComparison.Ordinal)
            .Replace("'ubi9:9.4'", $"'{Reviewed(images, "ubi9:9.4")}'", StringComparison.Ordinal)
            .Replace("image: python:3.11-slim", $"image: {Reviewed(images, "python:3.11")}", StringComparison.Ordinal);
        Assert.Equal(expected, File.ReadAllText(Path.Combine(output, "workloads", "shop.yaml")));
        var webapp = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "example-repo", "deploy", "deployment.yaml"))
            .Replace("image: webapp-base:latest", $"image: {Reviewed(images, "webapp-base:latest")}", StringComparison.Ordinal);
        Assert.Equal(webapp, File.ReadAllText(Path.Combine(output, "workloads", "webapp.yaml")));

        var built = Documents(Kubectl.Kustomize(Path.Combine(output, "workloads")));
        var containers = built
            .SelectMany(d => new[] { At(d, "spec", "template", "spec", "containers"), At(d, "spec", "template", "spec", "initContainers"), At(d, "spec", "jobTemplate", "spec", "template", "spec", "containers") })
            .OfType<List<object>>().SelectMany(list => list)
            .ToDictionary(c => (string)At(c, "name")!, c => (string)At(c, "image")!);
        Assert.Equal(Reviewed(images, "ubi9:minimal"), containers["init"]);
        Assert.Equal(Reviewed(images, "ubi9:9.4"), containers["db"]);
        Assert.Equal("python:3.12", containers["sidecar"]);
        Assert.Equal(Reviewed(images, "python:3.11"), containers["report"]);
        Assert.Equal("python:3.12-slim", containers["paused"]);
        Assert.Equal(Reviewed(images, "webapp-base:latest"), containers["web"]);
    }

    [Fact]
    public async Task A_trigger_to_a_tag_without_a_reviewed_digest_is_reported_where_it_is_and_exits_1()
    {
        using var work = new TemporaryDirectory("workloads");
        File.Copy(Path.Combine(RepositoryRoot.Path, "example-repo", "deploy", "deployment.yaml"), Path.Combine(work.Path, "webapp.yaml"));

        var result = await CliRunner.RunAsync("render", RenderGoldenTests.SyncedExample, "--format", "openshift", "--stream", "python", "--workloads", work.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("gitstreamsync: webapp.yaml:22:18: webapp-base:latest has no reviewed digest; the image is left as written\n", result.Error);
        Assert.EndsWith("---\n" + File.ReadAllText(Path.Combine(work.Path, "webapp.yaml")), result.Out, StringComparison.Ordinal);
    }

    private static string Reviewed(string imageLines, string streamTag) =>
        imageLines.Split('\n').Select(line => line.Split('\t')).Single(parts => parts[0] == streamTag)[1];
}
