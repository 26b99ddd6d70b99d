using GitStreamSync.Core.Images;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Network;
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
        var settings = $"registries:\n  mirrored.invalid:\n    mirrors: [\"http://{registry.HostPort}\"]\n    mirrorOnly: true\n";
        GitCli.InitBare(Bare, files: new Dictionary<string, string> { ["multi.yaml"] = stream, [".gitstreamsync.yaml"] = settings });
        var cache = Path.Combine(folder, "cache");

        var result = await CliRunner.RunAsync("plan", Bare, "-o", "diff", "--registry-cache", cache);

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        Assert.Contains($"mirrored.invalid/team/multi@{amd64.Digest}", result.Out, StringComparison.Ordinal);
        var pack = Assert.Single(Directory.GetFiles(Path.Combine(cache, "indexes", "packs"), "*.json"));
        Assert.Contains(index.Digest.ToString(), await File.ReadAllTextAsync(pack), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mirror_only_host_is_never_asked_itself_when_its_mirror_lacks_a_tag()
    {
        using var seeder = RegistrySeeder.For(registry);
        var served = await seeder.PushImageAsync("team/app", "1.0", ManifestFormat.Oci, Platform.LinuxAmd64);
        // registry.example.com is a real name the run would look up if it went round the mirror: the
        // test-wide guard (LoopbackOnly) would then fail this run with an unexpected error (exit 70).
        var stream = """
            apiVersion: image.openshift.io/v1
            kind: ImageStream
            metadata:
              name: app
            spec:
              tags:
              - name: "1.0"
                from:
                  kind: DockerImage
                  name: registry.example.com/team/app:1.0
              - name: "2.0"
                from:
                  kind: DockerImage
                  name: registry.example.com/team/app:2.0

            """;
        var settings = $"registries:\n  registry.example.com:\n    mirrors: [\"http://{registry.HostPort}\"]\n    mirrorOnly: true\n";
        GitCli.InitBare(Bare, files: new Dictionary<string, string> { ["app.yaml"] = stream, [".gitstreamsync.yaml"] = settings });
        var refusedBefore = LoopbackOnly.Refused.Count;

        var result = await CliRunner.RunAsync("plan", Bare);

        Assert.True(result.ExitCode == ExitCodes.TagsFailed, result.Out + result.Error);
        Assert.Contains($"registry.example.com/team/app@{served.Digest}", result.Out, StringComparison.Ordinal);
        Assert.True(result.Out.Contains("app.yaml#app:2.0 NotFound: ", StringComparison.Ordinal), result.Out + result.Error);
        Assert.DoesNotContain(LoopbackOnly.Refused.Skip(refusedBefore), r => r.Contains("registry.example.com", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mirror_only_for_a_host_without_a_mirror_is_a_usage_error_before_any_request()
    {
        GitCli.InitBare(Bare, files: new Dictionary<string, string> { ["app.yaml"] = "kind: ImageStream\nmetadata:\n  name: app\nspec:\n  tags:\n  - name: a\n    from:\n      kind: DockerImage\n      name: quay.io/org/app:1\n" });
        var refusedBefore = LoopbackOnly.Refused.Count;

        var result = await CliRunner.RunAsync("plan", Bare, "--mirror-only", "quay.io");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--mirror-only quay.io: quay.io has no mirror; add --registry-mirror quay.io=URL or registries.quay.io.mirrors in the settings file", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(LoopbackOnly.Refused.Skip(refusedBefore), r => r.Contains("quay.io", StringComparison.Ordinal));
    }
}
