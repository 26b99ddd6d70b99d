using GitStreamSync.Testing.Git;
using static GitStreamSync.Cli.Tests.Render.RenderedYaml;

namespace GitStreamSync.Cli.Tests.Render;

/// <summary>
/// The component <c>render --format kustomize</c> writes, used by an overlay over a base with a
/// Deployment and built by the real <c>kubectl kustomize</c>: containers naming a stream tag's
/// source, or the stream tag itself for a stream with local lookup, come out pinned by digest.
/// </summary>
public sealed class RenderKustomizeTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: shop
        spec:
          selector:
            matchLabels: {app: shop}
          template:
            metadata:
              labels: {app: shop}
            spec:
              containers:
              - name: api
                image: docker.io/library/python:3.12-slim
              - name: worker
                image: docker.io/library/python:3.11-slim
              - name: base
                image: ubi9:9.4
              - name: proxy
                image: nginx:mainline-alpine
              - name: other
                image: busybox:1.36
        """;

    [Fact]
    public async Task An_overlay_using_the_component_runs_each_image_by_its_reviewed_digest()
    {
        using var work = new TemporaryDirectory("kustomize");
        Write(work.Path, "base/deployment.yaml", Deployment);
        Write(work.Path, "base/kustomization.yaml", "resources:\n- deployment.yaml\n");
        Write(work.Path, "overlay/kustomization.yaml", "resources:\n- ../base\ncomponents:\n- ../images\n");
        var images = await CliRunner.RunAsync("render", RenderGoldenTests.SyncedExample, "--format", "images", "--allow-missing");

        var result = await CliRunner.RunAsync("render", RenderGoldenTests.SyncedExample, "--format", "kustomize", "--allow-missing", "-o", Path.Combine(work.Path, "images"));

        Assert.Equal(0, result.ExitCode);
        var built = Assert.Single(Documents(Kubectl.Kustomize(Path.Combine(work.Path, "overlay"))));
        var containers = ((List<object>)At(built, "spec", "template", "spec", "containers")!).ToDictionary(c => (string)At(c, "name")!, c => (string)At(c, "image")!);
        Assert.Equal(Reviewed(images.Out, "python:3.12"), containers["api"]);
        Assert.Equal(Reviewed(images.Out, "python:3.11"), containers["worker"]);
        Assert.Equal(Reviewed(images.Out, "ubi9:9.4"), containers["base"]);
        Assert.Equal(Reviewed(images.Out, "nginx:mainline"), containers["proxy"]);
        Assert.Equal("busybox:1.36", containers["other"]);
        Assert.Matches("^docker.io/library/python@sha256:[0-9a-f]{64}$", containers["api"]);
    }

    private static string Reviewed(string imageLines, string streamTag) =>
        imageLines.Split('\n').Select(line => line.Split('\t')).Single(parts => parts[0] == streamTag)[1];

    private static void Write(string root, string path, string text)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }
}
