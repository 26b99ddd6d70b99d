using GitStreamSync.Core.Images;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Cli.Tests.Output;

/// <summary>
/// Under GitHub Actions, the password a Docker credential helper prints is registered with
/// <c>::add-mask::</c> by a real <c>plan</c> against a registry that asks for it (htpasswd), once,
/// before any other line, and never printed otherwise.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CredentialHelperMaskTests : IAsyncLifetime, IDisposable
{
    private const string User = "ci-robot";
    private const string Password = "hlpr-pass-Zx81pLw0vT";

    private readonly string folder = Directory.CreateTempSubdirectory("gss-helper-mask-").FullName;
    private RegistryServer registry = null!;

    public async Task InitializeAsync()
    {
        var options = new RegistryServerOptions { Htpasswd = (User, Password) };
        registry = await RegistryServer.StartAsync(options);
        using var seeder = RegistrySeeder.For(registry, options);
        await seeder.PushImageAsync("team/app", "1.0", ManifestFormat.Oci, Platform.LinuxAmd64);
    }

    public Task DisposeAsync() => registry.DisposeAsync().AsTask();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task The_helper_s_password_is_registered_once_before_any_other_output()
    {
        var bin = Directory.CreateDirectory(Path.Combine(folder, "bin")).FullName;
        var helper = Path.Combine(bin, "docker-credential-gssmask");
        await File.WriteAllTextAsync(helper, $"#!/bin/sh\n[ \"$1\" = get ] || exit 1\ncat >/dev/null\necho '{{\"ServerURL\":\"{registry.HostPort}\",\"Username\":\"{User}\",\"Secret\":\"{Password}\"}}'\n");
        File.SetUnixFileMode(helper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await File.WriteAllTextAsync(Path.Combine(folder, "config.json"), $"{{\"credHelpers\":{{\"{registry.HostPort}\":\"gssmask\"}}}}");
        var repo = Directory.CreateDirectory(Path.Combine(folder, "repo")).FullName;
        await File.WriteAllTextAsync(Path.Combine(repo, "app.yaml"),
            $"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: app\nspec:\n  tags:\n  - name: \"1.0\"\n    from:\n      kind: DockerImage\n      name: {registry.HostPort}/team/app:1.0\n    importPolicy:\n      insecure: true\n");
        var variables = new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["DOCKER_CONFIG"] = folder, ["PATH"] = bin };

        var result = await CliRunner.RunAsync(["plan", repo, "--log-level", "debug"], variables);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Out + result.Error);
        var lines = result.Out.Split('\n');
        Assert.Equal($"::add-mask::{Password}", lines[0]);
        Assert.Single(lines, l => l.Contains(Password, StringComparison.Ordinal));
        // The helper's password got the plan its digest from the registry.
        Assert.Contains("sha256:", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, result.Error, StringComparison.Ordinal);
    }
}
