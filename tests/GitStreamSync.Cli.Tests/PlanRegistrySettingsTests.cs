using GitStreamSync.Core.Images;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Cli.Tests;

/// <summary><c>plan</c> builds its registry client from the repository settings' <c>registries:</c> section and the index cache option.</summary>
public sealed class PlanRegistrySettingsTests : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("gss-plan-registries-").FullName;
    private RegistryServer registry = null!;

    private string Bare => Path.Combine(folder, "repo.git");

    public async Task InitializeAsync() => registry = await RegistryServer.StartAsync();

    public async Task DisposeAsync()
    {
        await registry.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_mirror_given_only_in_the_settings_file_answers_and_the_index_cache_is_written()
    {
        using var seeder = RegistrySeeder.For(registry);
        var index = await seeder.PushIndexAsync("team/multi", "1.0", ManifestFormat.Oci, [Platform.LinuxAmd64, Platform.Parse("linux/arm64")]);
        var amd64 = index.Children.Single(c => c.Platform == Platform.LinuxAmd64);
        // The source host does not exist: only the mirror from the settings file can answer.
        var stream = """
            apiVersion: image.openshift.io/v1
            kind: ImageStream
            metadata:
              name: multi
            spec:
              tags:
              - name: "1.0"
                from:
                  kind: DockerImage
                  name: mirrored.invalid/team/multi:1.0

            """;
        var settings = $"registries:\n  mirrored.invalid:\n    mirrors: [\"http://{registry.HostPort}\"]\n";
        GitCli.InitBare(Bare, files: new Dictionary<string, string> { ["multi.yaml"] = stream, [".gitstreamsync.yaml"] = settings });
        var cache = Path.Combine(folder, "cache");

        var result = await CliRunner.RunAsync("plan", Bare, "-o", "diff", "--registry-cache", cache);

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        Assert.Contains($"mirrored.invalid/team/multi@{amd64.Digest}", result.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(cache, "indexes", "sha256", index.Digest.Hex + ".json")), "the index cache file is missing");
    }
}
