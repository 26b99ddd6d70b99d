using System.Diagnostics;

namespace GitStreamSync.Cli.Tests.Output;

/// <summary>
/// The demo is the first command a newcomer runs, often with its output sent to a file or a CI log:
/// its own headings follow the tool's rule of no terminal escapes in redirected output.
/// </summary>
public sealed class DemoScriptOutputTests
{
    [Fact]
    public void The_demo_s_headings_are_plain_text_when_its_output_is_redirected()
    {
        var script = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "tests", "demo.sh"));
        // The script's own definition of say() (between the cleanup trap and the next helper), run
        // alone: the demo itself needs servers and a build.
        var start = script.IndexOf("trap cleanup EXIT\n", StringComparison.Ordinal);
        var end = script.IndexOf("\nfree_port()", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "tests/demo.sh no longer has say() between its cleanup trap and free_port()");
        var definition = script[(start + "trap cleanup EXIT\n".Length)..end];
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        info.Environment.Remove("NO_COLOR");
        using var bash = Process.Start(info)!;
        bash.StandardInput.Write(definition.Replace("\r", "", StringComparison.Ordinal) + "\nsay Building\n");
        bash.StandardInput.Close();
        var output = bash.StandardOutput.ReadToEnd();
        Assert.True(bash.WaitForExit(30_000));

        Assert.Equal("\n== Building\n", output);
    }
}
