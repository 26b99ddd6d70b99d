namespace GitStreamSync.Cli.Tests;

/// <summary>
/// <c>validate</c> and <c>plan</c> on a folder written by others: links, files that are not text,
/// files that are not valid YAML. Each bad file is named by both commands, with the same words, and
/// never costs the other files.
/// </summary>
public sealed class UntrustedFilesTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("gss-untrusted-").FullName;
    private readonly string outside = Directory.CreateTempSubdirectory("gss-outside-").FullName;

    public void Dispose()
    {
        Directory.Delete(folder, recursive: true);
        Directory.Delete(outside, recursive: true);
    }

    private const string GoodStream = "apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: good\nspec:\n  tags: []\n";

    [Fact]
    public async Task Dangling_looping_and_outside_links_are_named_by_validate_and_plan_and_the_good_file_is_read()
    {
        File.WriteAllText(Path.Combine(outside, "shadow.yaml"), "root:secret-hash:19000:0:99999:7:::\n");
        File.WriteAllText(Path.Combine(folder, "good.yaml"), GoodStream);
        File.CreateSymbolicLink(Path.Combine(folder, "dangling.json"), "nowhere.json");
        File.CreateSymbolicLink(Path.Combine(folder, "loop.yaml"), "loop.yaml");
        File.CreateSymbolicLink(Path.Combine(folder, "shadow.yaml"), Path.Combine(outside, "shadow.yaml"));
        string[] expected =
        [
            "dangling.json:1:1: file: symbolic link, not read",
            "loop.yaml:1:1: file: symbolic link, not read",
            "shadow.yaml:1:1: file: symbolic link, not read",
        ];

        var validate = await CliRunner.RunAsync(["validate", "."], workingDirectory: folder);
        var plan = await CliRunner.RunAsync(["plan", "."], workingDirectory: folder);

        Assert.True(validate.ExitCode == 2, validate.Out + validate.Error);
        Assert.Equal([.. expected, "4 files, 1 ImageStream, 0 tags: 0 DockerImage, 0 ImageStreamTag, 0 ImageStreamImage; 0 reference: true", "3 problems", ""], validate.Out.Split('\n'));
        Assert.True(plan.ExitCode == 1, plan.Out + plan.Error);
        Assert.Equal(expected, plan.Out.Split('\n').Where(line => line.StartsWith("  ", StringComparison.Ordinal) && line.Contains("symbolic link", StringComparison.Ordinal)).Select(line => line.Trim()));
        Assert.DoesNotContain("secret-hash", validate.Out + validate.Error + plan.Out + plan.Error, StringComparison.Ordinal);
    }
}
