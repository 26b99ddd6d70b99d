using System.Diagnostics;
using GitStreamSync.Core.Images;
using GitStreamSync.Testing.Registry;
using Microsoft.Extensions.Time.Testing;

namespace GitStreamSync.Cli.Tests.Output;

/// <summary>
/// The progress line is drawn only on a terminal that is not a CI log; redirected output (a file, a
/// pipe, a CI log) never carries an escape byte or a carriage return.
/// </summary>
public sealed class ControlBytesTests : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("gss-control-bytes-").FullName;
    private RegistryServer registry = null!;

    public async Task InitializeAsync()
    {
        registry = await RegistryServer.StartAsync();
        using var seeder = RegistrySeeder.For(registry);
        await seeder.PushImageAsync("team/app", "1.0", ManifestFormat.Oci, Platform.LinuxAmd64);
        File.WriteAllText(
            Path.Combine(folder, "app.yaml"),
            $"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: app\nspec:\n  tags:\n  - name: \"1.0\"\n    from:\n      kind: DockerImage\n      name: {registry.HostPort}/team/app:1.0\n");
    }

    public async Task DisposeAsync()
    {
        await registry.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_terminal_gets_the_progress_line_and_a_CI_log_does_not()
    {
        var terminal = await PlanInProcessAsync(new Dictionary<string, string>());
        var ci = await PlanInProcessAsync(new Dictionary<string, string> { ["CI"] = "true" });
        var dumb = await PlanInProcessAsync(new Dictionary<string, string> { ["TERM"] = "dumb" });

        Assert.Contains("\rresolving 1/1 tags\n", terminal, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", ci, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", dumb, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("plan", "-o", "diff")]
    [InlineData("validate")]
    [InlineData("plan", "--log-level", "debug")]
    [InlineData("--help")]
    public async Task Redirected_output_of_the_real_process_has_no_escape_byte_nor_carriage_return(params string[] args)
    {
        var (exitCode, output, error) = await RunToolAsync([.. args, .. args[0] == "--help" ? Array.Empty<string>() : [folder, "--insecure-registry", registry.HostPort]]);

        Assert.True(exitCode == 0, output + error);
        Assert.True(output.Length > 0);
        Assert.DoesNotContain(output + error, c => c is '\x1b' or '\r');
    }

    private async Task<string> PlanInProcessAsync(Dictionary<string, string> variables)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var environment = new CliEnvironment(output, error, variables, new FakeTimeProvider(CliRunner.FixedNow), folder) { ErrorIsTerminal = true };

        var exitCode = await CliApplication.RunAsync(["plan", ".", "--insecure-registry", registry.HostPort, "--registry-cache", Path.Combine(folder, ".cache-" + variables.Count + variables.Keys.FirstOrDefault())], environment, CancellationToken.None);

        Assert.True(exitCode == 0, output + error.ToString());
        return error.ToString();
    }

    private static async Task<(int ExitCode, string Out, string Error)> RunToolAsync(string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(Action.ReleaseServer.BuiltToolFolder, "gitstreamsync"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Redirection alone must be enough: no CI hint, a terminal type that could draw.
        start.Environment.Remove("CI");
        start.Environment.Remove("GITHUB_ACTIONS");
        start.Environment["TERM"] = "xterm-256color";
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
