using System.Text.RegularExpressions;
using GitStreamSync.Testing.Git;

namespace GitStreamSync.Cli.Tests;

/// <summary>
/// One rule for which files are read: <c>validate</c> on a folder, <c>plan</c> on the same folder
/// and <c>plan</c> on a Git repository holding the same files name the same files, whatever kind of
/// entry the folder holds. Every candidate file here is broken YAML or JSON, so each command names
/// every file it read in a problem, and nothing is asked of a registry.
/// </summary>
public sealed class FileSelectionTests : IDisposable
{
    private const string Broken = "kind: ImageStream\nmetadata: [unclosed\n";

    // Every kind of entry: each candidate name, files the paths setting leaves out, the skipped folders
    // at any depth, a hidden folder, a folder whose name only starts like a skipped one, a non-candidate.
    private static readonly Dictionary<string, string> Files = new()
    {
        [".gitstreamsync.yaml"] = "paths: [streams, \"deploy/*.yaml\"]\n",
        ["streams/a.yaml"] = Broken,
        ["streams/b.yml"] = Broken,
        ["streams/c.json"] = "{ \"kind\": \"ImageStream\", ",
        ["streams/manifests/image-references"] = Broken,
        ["streams/.hidden/d.yaml"] = Broken,
        ["streams/binaries/e.yaml"] = Broken,
        ["streams/README.md"] = "# not read\n",
        ["streams/bin/skipped.yaml"] = Broken,
        ["streams/obj/skipped.yaml"] = Broken,
        ["streams/node_modules/pkg/skipped.json"] = "{",
        ["bin/root-skipped.yaml"] = Broken,
        ["node_modules/root-skipped.yaml"] = Broken,
        ["deploy/f.yaml"] = Broken,
        ["deploy/nested/outside.yaml"] = Broken,
        ["other/outside.yaml"] = Broken,
    };

    private static readonly string[] Read =
        ["streams/a.yaml", "streams/b.yml", "streams/c.json", "streams/manifests/image-references", "streams/.hidden/d.yaml", "streams/binaries/e.yaml", "deploy/f.yaml"];

    private readonly TemporaryDirectory folder = new("gss-selection");

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Validate_and_plan_read_the_same_files_of_a_folder_and_of_a_Git_tree()
    {
        var root = Path.Combine(folder.Path, "work");
        GitCli.WriteFiles(root, Files);
        var bare = Path.Combine(folder.Path, "repo.git");
        GitCli.InitBare(bare, files: Files);

        var validate = await CliRunner.RunAsync(["validate", "."], workingDirectory: root);
        var planFolder = await CliRunner.RunAsync(["plan", "."], workingDirectory: root);
        var planGit = await CliRunner.RunAsync(["plan", bare], workingDirectory: folder.Path);

        Assert.Equal(Read, Named(validate));
        Assert.Equal(Read, Named(planFolder));
        Assert.Equal(Read, Named(planGit));
    }

    /// <summary>The files a command's problems name (each read file is broken, so each has one), in <see cref="Files"/> order.</summary>
    private static string[] Named(CliResult result) =>
        [.. Files.Keys.Where(path => Regex.IsMatch(result.Out + result.Error, $@"(^|[\s`'""])(\./)?{Regex.Escape(path)}:", RegexOptions.Multiline))];
}
