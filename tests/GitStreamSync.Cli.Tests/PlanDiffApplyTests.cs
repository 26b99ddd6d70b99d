using GitStreamSync.Core.Images;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Cli.Tests;

/// <summary>
/// <c>plan -o diff</c> is a patch the real <c>git apply</c> takes, for CR LF files too, and what the
/// patch cannot show (failed tags, problems) is listed after it on stderr.
/// </summary>
public sealed class PlanDiffApplyTests : IAsyncLifetime
{
    private readonly string repository = Directory.CreateTempSubdirectory("gss-plan-apply-").FullName;
    private RegistryServer registry = null!;

    public async Task InitializeAsync() => registry = await RegistryServer.StartAsync();

    public async Task DisposeAsync()
    {
        await registry.DisposeAsync();
        Directory.Delete(repository, recursive: true);
    }

    [Fact]
    public async Task The_diff_of_crlf_and_lf_files_passes_git_apply_check_and_failures_follow_it()
    {
        using var seeder = RegistrySeeder.For(registry);
        var old = await seeder.PushImageAsync("team/app", "1.0", ManifestFormat.Oci, Platform.LinuxAmd64);
        var image = await seeder.PushImageAsync("team/app", "1.0", ManifestFormat.Docker, Platform.LinuxAmd64);
        Assert.NotEqual(old.Digest, image.Digest);
        var crlf = $"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: app\nspec:\n  tags:\n  - name: \"1.0\"\n    from:\n      kind: DockerImage\n      name: {registry.HostPort}/team/app:1.0\n"
            + $"status:\n  dockerImageRepository: \"\"\n  tags:\n  - items:\n    - created: \"2025-12-01T08:00:00Z\"\n      dockerImageReference: {registry.HostPort}/team/app@{old.Digest}\n      generation: 2\n      image: {old.Digest}\n    tag: \"1.0\"\n";
        var lf = $"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: other\nspec:\n  tags:\n  - name: \"1.0\"\n    from:\n      kind: DockerImage\n      name: {registry.HostPort}/team/app:1.0\n  - name: gone\n    from:\n      kind: DockerImage\n      name: {registry.HostPort}/team/missing:1\n";
        GitCli.Run(repository, "init", "-q", "-b", "main");
        GitCli.Run(repository, "config", "core.autocrlf", "false");
        GitCli.WriteFiles(repository, new Dictionary<string, string>
        {
            ["streams/app.yaml"] = crlf.Replace("\n", "\r\n", StringComparison.Ordinal),
            ["streams/other.yaml"] = lf,
        });
        GitCli.Run(repository, "add", "-A");
        GitCli.Run(repository, "commit", "-q", "-m", "Add streams");

        var result = await CliRunner.RunAsync(["plan", ".", "-o", "diff", "--insecure-registry", registry.HostPort], workingDirectory: repository);

        Assert.True(result.ExitCode == 1, result.Out + result.Error);
        Assert.Contains($"+      image: {image.Digest}\r\n", result.Out, StringComparison.Ordinal);
        Assert.Contains($"\n       dockerImageReference: {registry.HostPort}/team/app@{old.Digest}\r\n", result.Out, StringComparison.Ordinal);
        var lfPart = result.Out[result.Out.IndexOf("--- a/streams/other.yaml", StringComparison.Ordinal)..];
        Assert.Contains($"+      image: {image.Digest}\n", lfPart, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", lfPart, StringComparison.Ordinal);
        var patch = Path.Combine(repository, "..", Path.GetFileName(repository) + ".diff");
        try
        {
            await File.WriteAllTextAsync(patch, result.Out);
            GitCli.Run(repository, "apply", "--check", patch);
        }
        finally
        {
            File.Delete(patch);
        }

        var failure = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("gitstreamsync: streams/other.yaml#other:gone: NotFound: ", failure, StringComparison.Ordinal);
    }
}
