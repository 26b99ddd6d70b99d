using GitStreamSync.Cli;

namespace GitStreamSync.Cli.Tests;

/// <summary>
/// Every command that reads the repository settings takes them from <c>--config FILE</c> when given,
/// and the settings file's <c>timeZone</c> is the zone stream schedules are read in.
/// No network: the one tag names an invalid reference, a permanent failure found before any call.
/// </summary>
public sealed class SettingsFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("gss-settings-").FullName;

    public SettingsFileTests()
    {
        Directory.CreateDirectory(Path.Combine(folder, "repo", "streams"));
        File.WriteAllText(Path.Combine(folder, "repo", "streams", "app.yaml"), Stream("\"0 10 * * *\""));
        // Outside the repository: only --config reads it. It leaves streams/ out.
        File.WriteAllText(Path.Combine(folder, "elsewhere.yaml"), "paths:\n- other/\n");
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Plan_reads_the_settings_file_given_with_config()
    {
        var without = await CliRunner.RunAsync(["plan", "repo"], workingDirectory: folder);
        var with = await CliRunner.RunAsync(["plan", "repo", "--config", "elsewhere.yaml"], workingDirectory: folder);

        Assert.Equal(ExitCodes.TagsFailed, without.ExitCode);
        Assert.True(with.ExitCode == 0, with.Out + with.Error);
        Assert.DoesNotContain("app", with.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_reads_the_settings_file_given_with_config()
    {
        var without = await CliRunner.RunAsync(["get", "is", "repo", "-o", "name"], workingDirectory: folder);
        var with = await CliRunner.RunAsync(["get", "is", "repo", "-o", "name", "--config", "elsewhere.yaml"], workingDirectory: folder);

        Assert.Contains("app", without.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("app", with.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_settings_file_that_does_not_exist_is_a_usage_error()
    {
        var result = await CliRunner.RunAsync(["plan", "repo", "--config", "nope.yaml"], workingDirectory: folder);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("no such settings file: nope.yaml", result.Error, StringComparison.Ordinal);
    }

    // Now is 09:30 UTC. "0 10 * * *" in Berlin fired at 09:00 UTC, inside the last hour; in UTC it
    // fires at 10:00, not yet. A due stream meets its invalid reference: exit 1.
    [Fact]
    public async Task Stream_schedules_are_read_in_the_settings_files_time_zone_unless_time_zone_is_given()
    {
        File.WriteAllText(Path.Combine(folder, "repo", ".gitstreamsync.yaml"), "timeZone: Europe/Berlin\n");

        var berlin = await CliRunner.RunAsync(["sync", "repo", "--dry-run", "--since", "1h"], workingDirectory: folder);
        var utc = await CliRunner.RunAsync(["sync", "repo", "--dry-run", "--since", "1h", "--time-zone", "UTC"], workingDirectory: folder);

        Assert.True(berlin.ExitCode == ExitCodes.TagsFailed, berlin.Out + berlin.Error);
        Assert.True(utc.ExitCode == 0, utc.Out + utc.Error);
    }

    private static string Stream(string schedule) =>
        "apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: app\n  annotations:\n"
        + $"    gitstreamsync.io/schedule: {schedule}\nspec:\n  tags:\n  - name: \"1.0\"\n    from:\n      kind: DockerImage\n      name: \"Quay.IO/Team/App:1.0\"\n";
}
