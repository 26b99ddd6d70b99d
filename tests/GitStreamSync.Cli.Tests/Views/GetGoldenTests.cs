namespace GitStreamSync.Cli.Tests.Views;

/// <summary>
/// <c>get is|istag|isimage</c> over the example repository as a sync leaves it (a plain folder),
/// every output format against its golden file, with the tests' fixed clock for the ages.
/// </summary>
public sealed class GetGoldenTests
{
    private static readonly string SyncedExample = Path.Combine(RepositoryRoot.TestsDirectory, "Golden", "sync-example-repo");

    private const string PythonImage = "python@sha256:fb9b31255e9007d7ec9a1a85865485519ee0b4a502bb5a20c4d91c103f8f8504";

    [Theory]
    [InlineData("get/is.txt", "is")]
    [InlineData("get/is-wide.txt", "is", "-o", "wide")]
    [InlineData("get/is-name.txt", "is", "-o", "name")]
    [InlineData("get/is.yaml", "is", "-o", "yaml")]
    [InlineData("get/is.json", "is", "-o", "json")]
    [InlineData("get/is-node-exporter.yaml", "is", "node-exporter", "-o", "yaml")]
    [InlineData("get/is-python.json", "is", "python", "-o", "json")]
    [InlineData("get/is-monitoring.txt", "is", "-l", "app.kubernetes.io/part-of=monitoring")]
    [InlineData("get/is-all-namespaces.txt", "is", "-A")]
    [InlineData("get/istag-shop.txt", "istag", "-n", "shop", "-A")]
    [InlineData("get/istag.txt", "istag")]
    [InlineData("get/istag-wide.txt", "istag", "-o", "wide")]
    [InlineData("get/istag-name.txt", "istag", "-o", "name")]
    [InlineData("get/istag-webapp-base.txt", "istag", "webapp-base")]
    [InlineData("get/istag-python.yaml", "istag", "python", "-o", "yaml")]
    [InlineData("get/istag-python-3.12.json", "istag", "python:3.12", "-o", "json")]
    [InlineData("get/istag-python-3.12.txt", "istag", "python:3.12")]
    [InlineData("get/isimage.txt", "isimage", PythonImage)]
    [InlineData("get/isimage-wide.txt", "isimage", PythonImage, "-o", "wide")]
    [InlineData("get/isimage.yaml", "isimage", PythonImage, "-o", "yaml")]
    [InlineData("get/isimage.json", "isimage", PythonImage, "-o", "json")]
    [InlineData("get/isimage-name.txt", "isimage", PythonImage, "-o", "name")]
    public async Task Prints_what_oc_would(string golden, params string[] args)
    {
        var result = await CliRunner.RunAsync(["get", .. args, SyncedExample]);

        Assert.Equal("", result.Error);
        Assert.Equal(0, result.ExitCode);
        GoldenFile.AssertMatches(golden, result.Out);
    }

    [Fact]
    public async Task A_stream_asked_for_as_yaml_is_printed_as_stored_status_included()
    {
        var result = await CliRunner.RunAsync("get", "is", "python", SyncedExample, "-o", "yaml");

        Assert.Equal(File.ReadAllText(Path.Combine(SyncedExample, "imagestreams", "python.yaml")), result.Out);
    }

    [Theory]
    [InlineData("is", "nosuch", "no ImageStream 'nosuch'")]
    [InlineData("isimage", "python", "is not STREAM@DIGEST")]
    [InlineData("isimage", "python@sha256:0000000000000000000000000000000000000000000000000000000000000000", "no tag of ImageStream imagestreams/python.yaml#python has held")]
    [InlineData("deployment", "web", "unsupported kind 'deployment'")]
    public async Task Refuses_what_does_not_exist(string kind, string name, string message)
    {
        var result = await CliRunner.RunAsync("get", kind, name, SyncedExample);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lone_folder_argument_is_the_repository_and_a_lone_name_is_a_stream()
    {
        var inFolder = await CliRunner.RunAsync(["get", "is", "sync-example-repo", "-o", "name"], workingDirectory: Path.Combine(SyncedExample, ".."));
        var named = await CliRunner.RunAsync(["get", "is", "python", "-o", "name"], workingDirectory: SyncedExample);

        Assert.Equal(0, inFolder.ExitCode);
        Assert.Contains("imagestream.image.openshift.io/python\n", inFolder.Out, StringComparison.Ordinal);
        Assert.Equal("imagestream.image.openshift.io/python\n", named.Out);
    }
}

public sealed class GetEmptyAndMistypedTests
{
    private static readonly string SyncedExample = Path.Combine(RepositoryRoot.TestsDirectory, "Golden", "sync-example-repo");

    [Fact]
    public async Task An_empty_listing_says_so_on_stderr_as_oc_does()
    {
        var result = await CliRunner.RunAsync("get", "istag", "-n", "nope", SyncedExample);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Equal("No resources found in nope namespace.\n", result.Error);
    }

    [Fact]
    public async Task A_mistyped_stream_name_suggests_the_nearest()
    {
        var result = await CliRunner.RunAsync("describe", "is", "pythn", SyncedExample);

        Assert.Equal(2, result.ExitCode);
        Assert.EndsWith("did you mean 'python'?\n", result.Error, StringComparison.Ordinal);
    }
}
