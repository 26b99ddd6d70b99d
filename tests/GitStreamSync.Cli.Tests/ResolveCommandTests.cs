using GitStreamSync.Core.Images;
using System.Text.Json;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Cli.Tests;

/// <summary><c>gitstreamsync resolve</c> against a real loopback registry.</summary>
public sealed class ResolveCommandTests : IAsyncLifetime
{
    private RegistryServer registry = null!;
    private SeededIndex index = null!;

    public async Task InitializeAsync()
    {
        registry = await RegistryServer.StartAsync();
        using var seeder = RegistrySeeder.For(registry);
        index = await seeder.PushIndexAsync("team/multi", "1.0", ManifestFormat.Oci, [Platform.LinuxAmd64, new Platform("linux", "arm64")]);
    }

    public async Task DisposeAsync() => await registry.DisposeAsync();

    [Fact]
    public async Task Prints_the_digest_of_the_chosen_platform()
    {
        var result = await CliRunner.RunAsync("resolve", $"{registry.HostPort}/team/multi:1.0", "--insecure-registry", registry.HostPort);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(index.Children[0].Digest + "\n", result.Out);
    }

    [Fact]
    public async Task Json_output_names_media_type_platform_and_the_host_that_answered()
    {
        var result = await CliRunner.RunAsync("resolve", $"{registry.HostPort}/team/multi:1.0", "--insecure", "--platform", "linux/arm64", "-o", "json");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal(index.Children[1].Digest.ToString(), root.GetProperty("digest").GetString());
        Assert.Equal(index.Digest.ToString(), root.GetProperty("indexDigest").GetString());
        Assert.Equal("linux/arm64", root.GetProperty("platform").GetString());
        Assert.Equal(RegistrySeeder.OciManifest, root.GetProperty("mediaType").GetString());
        Assert.Equal(registry.HostPort, root.GetProperty("answeredBy").GetString());
        Assert.Equal($"{registry.HostPort}/team/multi@{index.Children[1].Digest}", root.GetProperty("dockerImageReference").GetString());
    }

    [Fact]
    public async Task Preserve_original_prints_the_index_digest()
    {
        var result = await CliRunner.RunAsync("resolve", $"{registry.HostPort}/team/multi:1.0", "--insecure", "--import-mode", "PreserveOriginal");
        Assert.Equal(index.Digest + "\n", result.Out);
    }

    [Fact]
    public async Task Missing_tag_exits_1_with_the_reason()
    {
        var result = await CliRunner.RunAsync("resolve", $"{registry.HostPort}/team/multi:9.9", "--insecure");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("NotFound", result.Error, StringComparison.Ordinal);
        Assert.Contains($"{registry.HostPort}/team/multi:9.9", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_reference_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync("resolve", "Not:A/Reference");
        Assert.Equal(2, result.ExitCode);
    }
}
