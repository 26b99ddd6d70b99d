using GitStreamSync.Core.Images;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Cli.Tests;

/// <summary><c>gitstreamsync plan</c>: resolves against a real registry and writes nothing.</summary>
public sealed class PlanCommandTests : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("gss-plan-").FullName;
    private RegistryServer registry = null!;
    private SeededImage image = null!;

    private string Bare => Path.Combine(folder, "repo.git");

    public async Task InitializeAsync()
    {
        registry = await RegistryServer.StartAsync();
        using var seeder = RegistrySeeder.For(registry);
        image = await seeder.PushImageAsync("team/app", "1.0", ManifestFormat.Oci, Platform.LinuxAmd64);
        var stream = $"""
            apiVersion: image.openshift.io/v1
            kind: ImageStream
            metadata:
              name: app
            spec:
              tags:
              - name: "1.0"
                from:
                  kind: DockerImage
                  name: {registry.HostPort}/team/app:1.0
                importPolicy:
                  insecure: true
              - name: gone
                from:
                  kind: DockerImage
                  name: {registry.HostPort}/team/app:9.9
                importPolicy:
                  insecure: true

            """;
        GitCli.InitBare(Bare, files: new Dictionary<string, string> { ["app.yaml"] = stream });
    }

    public async Task DisposeAsync()
    {
        await registry.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Diff_shows_the_new_status_and_nothing_is_written()
    {
        var before = GitCli.RevParse(Bare, "main");

        var result = await CliRunner.RunAsync("plan", Bare, "-o", "diff");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"+      image: {image.Digest}\n", result.Out, StringComparison.Ordinal);
        Assert.Contains($"{registry.HostPort}/team/app@{image.Digest}", result.Out, StringComparison.Ordinal);
        Assert.Contains("app:gone: NotFound", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, GitCli.RevParse(Bare, "main"));
        Assert.Null(GitCli.RevParse(Bare, "gitstreamsync/main"));
    }

    [Fact]
    public async Task Table_names_the_stream_tag_and_new_digest()
    {
        var result = await CliRunner.RunAsync("plan", Bare);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("app", result.Out, StringComparison.Ordinal);
        Assert.Contains(image.Digest.Abbreviated.Split(':')[1], result.Out, StringComparison.Ordinal);
    }
}
