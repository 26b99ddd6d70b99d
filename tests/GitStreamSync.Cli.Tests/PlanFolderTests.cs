using GitStreamSync.Core.Images;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Cli.Tests;

/// <summary><c>plan</c> on a plain folder that is not a Git repository root: files are read from disk, nothing is written.</summary>
public sealed class PlanFolderTests : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("gss-plan-folder-").FullName;
    private RegistryServer registry = null!;

    public async Task InitializeAsync() => registry = await RegistryServer.StartAsync();

    public async Task DisposeAsync()
    {
        await registry.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_plain_folder_is_planned_from_its_files_and_left_unchanged()
    {
        using var seeder = RegistrySeeder.For(registry);
        var image = await seeder.PushImageAsync("team/app", "1.0", ManifestFormat.Oci, Platform.LinuxAmd64);
        var streams = Path.Combine(folder, "example", "streams");
        Directory.CreateDirectory(streams);
        var text = $"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: app\nspec:\n  tags:\n  - name: \"1.0\"\n    from:\n      kind: DockerImage\n      name: {registry.HostPort}/team/app:1.0\n";
        var file = Path.Combine(streams, "app.yaml");
        File.WriteAllText(file, text);

        var diff = await CliRunner.RunAsync(["plan", "example", "-o", "diff", "--insecure-registry", registry.HostPort], workingDirectory: folder);
        var table = await CliRunner.RunAsync(["plan", "example", "--insecure-registry", registry.HostPort], workingDirectory: folder);
        Assert.DoesNotContain("\r", diff.Error + table.Error, StringComparison.Ordinal);

        Assert.True(diff.ExitCode == 0, diff.Out + diff.Error);
        Assert.Contains("streams/app.yaml", diff.Out, StringComparison.Ordinal);
        Assert.Contains($"+      image: {image.Digest}\n", diff.Out, StringComparison.Ordinal);
        Assert.True(table.ExitCode == 0, table.Out + table.Error);
        Assert.Contains(image.Digest.Abbreviated.Split(':')[1], table.Out, StringComparison.Ordinal);
        Assert.Equal(text, File.ReadAllText(file));
        Assert.Equal(["app.yaml"], Directory.GetFiles(streams).Select(Path.GetFileName));
    }
}
