using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Read;

namespace GitStreamSync.Core.Tests.Edit;

/// <summary>
/// The plan applied to the repository's files: each changed file once with all of its streams, in
/// path order; a file whose status stays the same is not touched; a file the editor refuses keeps
/// its bytes, becomes a problem, and its tag changes stay out of the commit, while the other files
/// are still written.
/// </summary>
public sealed class StatusEditsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);

    private static string Stream(string name) =>
        $"apiVersion: v1\nkind: ImageStream\nmetadata:\n  name: {name}\nspec:\n  tags:\n  - name: t\n    from: {{kind: DockerImage, name: \"quay.io/org/{name}:1\"}}\n";

    private static ImageStreamStatus Status(string name, string digest) => new()
    {
        Tags = [new NamedTagEventList { Tag = "t", Items = [new TagEvent(Now, $"quay.io/org/{name}@{digest}", digest, 1)] }],
    };

    private static TagChange Change(ImageStreamDocument stream, string digest) =>
        new(stream.DisplayName, stream.FilePath, stream.Name, "t", TagChangeKind.New, null, null, $"quay.io/org/{stream.Name}@{digest}", digest);

    private static StreamPlan Changed(ImageStreamDocument stream, string digest) =>
        new() { Stream = stream, NewStatus = Status(stream.Name, digest), Changes = [Change(stream, digest)] };

    [Fact]
    public void Each_changed_file_is_written_once_in_path_order_and_a_refused_one_is_a_problem_that_costs_nothing_else()
    {
        var b = new SourceFile("streams/b.yaml", Stream("b"));
        var a = new SourceFile("streams/a.yaml", Stream("a1") + "---\n" + Stream("a2"));
        var same = new SourceFile("streams/c.yaml", Stream("c") + "status:\n  dockerImageRepository: \"\"\n  tags:\n  - items:\n    - created: \"2026-11-28T06:00:00Z\"\n      dockerImageReference: quay.io/org/c@sha256:c\n      generation: 1\n      image: sha256:c\n    tag: t\n");
        var moved = new SourceFile("streams/d.yaml", "# a line added since the stream was read\n" + Stream("d"));
        var unchanged = new SourceFile("streams/e.yaml", Stream("e"));
        var (streamsOfA, streamOfB, streamOfC, streamOfE) = (Read(a), Read(b).Single(), Read(same).Single(), Read(unchanged).Single());
        var streamOfD = Read(new SourceFile(moved.Path, Stream("d"))).Single();
        var plan = new SyncPlan(Now, [
            Changed(streamOfB, "sha256:b"),
            Changed(streamsOfA[1], "sha256:a2"),
            new StreamPlan { Stream = streamOfC, NewStatus = Status("c", "sha256:c") },
            Changed(streamOfD, "sha256:d"),
            new StreamPlan { Stream = streamOfE },
            Changed(streamsOfA[0], "sha256:a1"),
        ]);

        var edits = StatusEdits.Apply([b, same, unchanged, moved, a], plan);

        Assert.Equal(["streams/a.yaml", "streams/b.yaml"], edits.Files.Select(file => file.Path));
        Assert.Equal([a, b], edits.Originals);
        Assert.Equal(["a2", "a1", "b"], edits.Changes.Select(change => change.Stream));
        Assert.Equal([Status("a1", "sha256:a1"), Status("a2", "sha256:a2")], Read(edits.Files[0]).Select(stream => stream.Status));
        Assert.Equal(Status("b", "sha256:b"), Read(edits.Files[1]).Single().Status);
        var problem = Assert.Single(edits.Problems);
        Assert.Equal("streams/d.yaml", problem.FilePath);
        Assert.Contains("ImageStream \"d\" is not where it was read", problem.Message, StringComparison.Ordinal);
        Assert.Equal(
            UnifiedDiff.Create("streams/a.yaml", a.Text, edits.Files[0].Text) + UnifiedDiff.Create("streams/b.yaml", b.Text, edits.Files[1].Text),
            edits.Diff());
        Assert.StartsWith("--- a/streams/a.yaml\n", edits.Diff(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_plan_without_changed_streams_writes_nothing()
    {
        var file = new SourceFile("streams/a.yaml", Stream("a"));

        var edits = StatusEdits.Apply([file], new SyncPlan(Now, [new StreamPlan { Stream = Read(file).Single() }]));

        Assert.Empty(edits.Files);
        Assert.Empty(edits.Changes);
        Assert.Empty(edits.Problems);
        Assert.Equal("", edits.Diff());
    }

    private static IReadOnlyList<ImageStreamDocument> Read(SourceFile file) => ImageStreamReader.ReadFile(file).Streams;
}
