using static GitStreamSync.Cli.Tests.Render.RenderedYaml;

namespace GitStreamSync.Cli.Tests.Render;

/// <summary>
/// <c>render --format openshift</c> read back with YamlDotNet next to the source files: every
/// followed tag points at its current status reference with <c>scheduled: false</c>, status is
/// gone, and everything else of spec and metadata is what the source says.
/// </summary>
public sealed class RenderOpenShiftParsedTests
{
    [Fact]
    public async Task Every_followed_tag_is_pinned_to_its_status_digest_and_nothing_else_changes()
    {
        var result = await CliRunner.RunAsync("render", RenderGoldenTests.SyncedExample, "--format", "openshift", "--allow-missing");
        Assert.Equal(0, result.ExitCode);
        var rendered = Documents(result.Out);
        var sources = Directory.EnumerateFiles(Path.Combine(RenderGoldenTests.SyncedExample, "imagestreams"))
            .SelectMany(file => Documents(File.ReadAllText(file)))
            .Where(document => (string?)At(document, "kind") == "ImageStream")
            .ToList();
        Assert.Equal(sources.Count, rendered.Count);

        var pinned = 0;
        foreach (var source in sources)
        {
            var name = (string)At(source, "metadata", "name")!;
            var output = Assert.Single(rendered, document => (string?)At(document, "metadata", "name") == name);
            Assert.False(output.ContainsKey("status"), $"{name} still has a status");
            pinned += Expect(source);
            Assert.Equal(Canonical(source), Canonical(output));
        }

        // Every registry tag of the example, the one pinned by digest included.
        Assert.Equal(13, pinned);
    }

    /// <summary>Turns a source document into what render must produce; returns how many tags it pinned.</summary>
    private static int Expect(Dictionary<object, object> source)
    {
        var statusTags = (At(source, "status", "tags") as List<object> ?? []).Cast<Dictionary<object, object>>().ToList();
        source.Remove("status");
        var pinned = 0;
        foreach (var tag in (At(source, "spec", "tags") as List<object> ?? []).Cast<Dictionary<object, object>>())
        {
            var history = statusTags.FirstOrDefault(t => (string?)At(t, "tag") == (string?)At(tag, "name"));
            if ((string?)At(tag, "from", "kind") != "DockerImage" || (string?)At(tag, "reference") == "true"
                || At(history, "items", 0, "dockerImageReference") is not string reference || At(history, "conditions") is not null)
            {
                continue;
            }

            ((Dictionary<object, object>)tag["from"])["name"] = reference;
            if (At(tag, "importPolicy") is not Dictionary<object, object> policy)
            {
                tag["importPolicy"] = policy = [];
            }

            policy["scheduled"] = "false";
            pinned++;
        }

        return pinned;
    }
}
