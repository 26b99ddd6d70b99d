using System.Diagnostics;
using System.Text.Json.Nodes;
using GitStreamSync.Core.Images;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Cli.Tests;

/// <summary>
/// The registry cache's files are written and read without reflection-based JSON serialization
/// (which trimmed and Native AOT builds turn off): the built tool, run with that serializer
/// disabled, plans a multi-platform tag, writes the index and image caches, and a second run plans from them.
/// </summary>
public sealed class CacheWithoutReflectionTests : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("gss-cache-no-reflection-").FullName;
    private RegistryServer registry = null!;

    public async Task InitializeAsync() => registry = await RegistryServer.StartAsync();

    public async Task DisposeAsync()
    {
        await registry.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Plan_writes_and_reads_the_index_cache_with_reflection_serialization_turned_off()
    {
        using var seeder = RegistrySeeder.For(registry);
        var index = await seeder.PushIndexAsync("team/multi", "1.0", ManifestFormat.Oci, [Platform.LinuxAmd64, Platform.Parse("linux/arm64")]);
        var amd64 = index.Children.Single(c => c.Platform == Platform.LinuxAmd64);
        var stream = $"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: multi\nspec:\n  tags:\n  - name: \"1.0\"\n    from:\n      kind: DockerImage\n      name: {registry.HostPort}/team/multi:1.0\n";
        var bare = Path.Combine(folder, "repo.git");
        // A minimum age makes the plan read the image's config (the new image is held back as too young), so the image cache is written too.
        GitCli.InitBare(bare, files: new Dictionary<string, string> { ["multi.yaml"] = stream, [".gitstreamsync.yaml"] = "minimumAge: 1s\n" });
        var cache = Path.Combine(folder, "cache");
        string[] plan = ["plan", bare, "-o", "diff", "--insecure-registry", registry.HostPort, "--registry-cache", cache];

        var first = await RunWithoutReflectionAsync(plan);
        var packs = Path.Combine(cache, "indexes", "packs");
        var second = await RunWithoutReflectionAsync(plan);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains(amd64.Digest.ToString(), first.Output, StringComparison.Ordinal);
        var cached = Assert.Single(Directory.Exists(packs) ? Directory.GetFiles(packs, "*.json") : []);
        Assert.Contains("\"Digest\":\"" + amd64.Digest + "\"", await File.ReadAllTextAsync(cached), StringComparison.Ordinal);
        Assert.Contains("\"Index\":\"" + index.Digest + "\"", await File.ReadAllTextAsync(cached), StringComparison.Ordinal);
        Assert.Single(Directory.EnumerateFiles(Path.Combine(cache, "images"), "*.json", SearchOption.AllDirectories));
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.DoesNotContain("damaged", second.Output, StringComparison.Ordinal);
        Assert.Contains(amd64.Digest.ToString(), second.Output, StringComparison.Ordinal);
    }

    /// <summary>The built command under its own runtime settings plus the switch that turns reflection-based serialization off.</summary>
    private async Task<(int ExitCode, string Output)> RunWithoutReflectionAsync(IReadOnlyList<string> args)
    {
        var here = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
        var configuration = Path.GetFileName(Path.GetDirectoryName(here)!);
        var built = Path.Combine(RepositoryRoot.Path, "src", "GitStreamSync.Cli", "bin", configuration, Path.GetFileName(here));
        var settings = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(built, "gitstreamsync.runtimeconfig.json")))!;
        settings["runtimeOptions"]!["configProperties"]!["System.Text.Json.JsonSerializer.IsReflectionEnabledByDefault"] = false;
        var runtimeConfig = Path.Combine(folder, "no-reflection.runtimeconfig.json");
        await File.WriteAllTextAsync(runtimeConfig, settings.ToJsonString());

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder };
        foreach (var arg in new[] { "exec", "--runtimeconfig", runtimeConfig, Path.Combine(built, "gitstreamsync.dll") }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("GITSTREAMSYNC_", StringComparison.Ordinal) || k.StartsWith("GITHUB_", StringComparison.Ordinal) || k is "GH_TOKEN" or "CI").ToList())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("gitstreamsync did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await output + await error);
    }
}
