using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Read.Yaml;

namespace GitStreamSync.Core.Tests.Edit;

/// <summary>
/// The last guard before a file is committed: an edit that would change anything but the status
/// entries it was asked to write is refused with what is wrong, so a bad splice becomes a problem
/// for its file and never a corrupt file in the repository. Each case splices the file by hand the
/// way a faulty editor would.
/// </summary>
public sealed class StatusEditVerifierTests
{
    private const string StatusOfA =
        "  status:\n    dockerImageRepository: \"\"\n    tags:\n    - tag: t\n      items:\n      - created: \"2026-11-28T06:00:00Z\"\n"
        + "        dockerImageReference: quay.io/org/a@sha256:1\n        generation: 1\n        image: sha256:1\n";

    private const string Text =
        "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ImageStream\n  metadata:\n    name: a\n    # a note\n"
        + "  spec:\n    tags:\n    - name: t\n      from: {kind: DockerImage, name: \"quay.io/org/a:1\"}\n"
        + StatusOfA
        + "- apiVersion: v1\n  kind: ImageStream\n  metadata:\n    name: b\n    labels:\n      status: kept\n  status:\n    dockerImageRepository: \"\"\n";

    [Fact]
    public void A_splice_that_writes_only_the_new_status_passes()
    {
        var edited = StatusOfA.Replace("sha256:1", "sha256:2", StringComparison.Ordinal);

        Assert.Null(Check(Replace(StatusOfA, edited), statusOf: "a"));
    }

    [Fact]
    public void Splices_of_two_streams_that_change_the_length_pass_each_found_where_it_was_written()
    {
        var file = new SourceFile("s.yaml", Text);
        var before = ImageStreamReader.Parse(file);
        var first = Replace(StatusOfA, StatusOfA.Replace("sha256:1", "sha256:22222", StringComparison.Ordinal));
        var bStatus = "  status:\n    dockerImageRepository: \"\"\n";
        var second = Replace(bStatus, "  status:\n    dockerImageRepository: registry.example.com/ns/b\n", Text.LastIndexOf(bStatus, StringComparison.Ordinal));
        var text = Apply(Apply(Text, second), first);
        var after = ImageStreamReader.Parse(file with { Text = text });

        var refusal = StatusEditVerifier.Check(file, before, text, [
            Splice(before, 0, first, after.Streams[0].Document.Status!),
            Splice(before, 1, second, after.Streams[1].Document.Status!),
        ]);

        Assert.Null(refusal);
    }

    [Fact]
    public void A_splice_that_breaks_the_file_is_refused()
    {
        Assert.StartsWith("the edited text does not parse: ", Check(Replace(StatusOfA, "  status: [\n"), statusOf: null, status: new ImageStreamStatus()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_splice_that_adds_an_imagestream_is_refused()
    {
        var added = StatusOfA + "- apiVersion: v1\n  kind: ImageStream\n  metadata:\n    name: c\n";

        Assert.Equal("the edited text holds different ImageStreams or problems", Check(Replace(StatusOfA, added), statusOf: "a"));
    }

    [Theory]
    [InlineData("name: \"quay.io/org/a:1\"", "name: \"quay.io/org/a:2\"")]
    [InlineData("name: \"quay.io/org/a:1\"", "name: quay.io/org/a:1")]
    [InlineData("status: kept", "status: lost")]
    public void A_splice_that_changes_a_value_or_its_quoting_outside_status_is_refused(string old, string replacement)
    {
        // From the changed value to the end of the first stream's status, so the stream's own status is inside the splice.
        var start = Text.IndexOf(old, StringComparison.Ordinal);
        var end = Math.Max(start + old.Length, Text.IndexOf(StatusOfA, StringComparison.Ordinal) + StatusOfA.Length);
        var from = Math.Min(start, Text.IndexOf(StatusOfA, StringComparison.Ordinal));
        var insert = Text[from..end].Replace(old, replacement, StringComparison.Ordinal);

        Assert.Equal("the edited text differs outside status", Check((from, end, insert), statusOf: "a"));
    }

    [Fact]
    public void A_status_that_does_not_read_back_as_asked_is_refused()
    {
        var edited = StatusOfA.Replace("sha256:1", "sha256:2", StringComparison.Ordinal);
        var asked = ReadStatus(Apply(Text, Replace(StatusOfA, StatusOfA.Replace("sha256:1", "sha256:3", StringComparison.Ordinal))), 0);

        Assert.Equal("the new status of \"a\" does not read back as written", Check(Replace(StatusOfA, edited), statusOf: null, status: asked));
    }

    [Fact]
    public void A_splice_that_leaves_the_status_where_it_was_is_refused()
    {
        // The comment is the whole change: the status reads as asked, but not from the spliced text.
        Assert.Equal("the new status of \"a\" is not where it was written", Check(Replace("# a note", "# another note"), statusOf: "a"));
    }

    [Fact]
    public void A_splice_that_changes_the_status_of_a_stream_it_was_not_given_is_refused()
    {
        var start = Text.IndexOf(StatusOfA, StringComparison.Ordinal);
        var end = Text.Length;
        var insert = StatusOfA + Text[(start + StatusOfA.Length)..].Replace("dockerImageRepository: \"\"\n", "dockerImageRepository: x\n", StringComparison.Ordinal);

        Assert.Equal("ImageStream \"b\" changed outside status", Check((start, end, insert), statusOf: "a"));
    }

    [Theory]
    // A flow mapping written as a block one, and a flow sequence as a block one: the same values, another document.
    [InlineData("from: {kind: DockerImage, name: \"quay.io/org/a:1\"}", "from:\n        kind: DockerImage\n        name: \"quay.io/org/a:1\"")]
    [InlineData("ports: [80, 443]", "ports:\n  - 80\n  - 443")]
    // A key moved from a nested mapping to its parent, an item from a nested sequence to its parent.
    [InlineData("selector:\n    app: a\n    tier: web\n", "selector:\n    app: a\n  tier: web\n")]
    [InlineData("hosts:\n  - - a.example.com\n    - b.example.com\n", "hosts:\n  - - a.example.com\n  - b.example.com\n")]
    // A value, and a key, in the second document of the file (the first is unchanged but for the status written).
    [InlineData("replicas: 1", "replicas: 2")]
    [InlineData("replicas: 1", "instances: 1")]
    public void A_splice_that_changes_the_shape_of_the_file_outside_status_is_refused(string old, string replacement)
    {
        Assert.Equal("the edited text differs outside status", CheckMultiDocument(old, replacement));
    }

    [Theory]
    // A key's quoting, the order of two keys, a value made empty, a flow sequence made a flow mapping.
    [InlineData("replicas: 1", "\"replicas\": 1")]
    [InlineData("app: a\n    tier: web\n", "tier: web\n    app: a\n")]
    [InlineData("replicas: 1", "replicas:")]
    [InlineData("ports: [80, 443]", "ports: {80: 443}")]
    // A status entry where no ImageStream is (only an ImageStream's status is left out), and content in the empty last document.
    [InlineData("kind: Deployment\n", "kind: Deployment\nstatus: {}\n")]
    [InlineData("b.example.com\n---\n", "b.example.com\n---\nx: 1\n")]
    public void A_splice_that_changes_keys_kinds_or_documents_outside_status_is_refused(string old, string replacement)
    {
        Assert.Equal("the edited text differs outside status", CheckMultiDocument(old, replacement));
    }

    [Fact]
    public void A_status_written_before_the_other_entries_of_its_stream_is_left_out_of_the_comparison()
    {
        const string status = "status:\n  dockerImageRepository: \"\"\n";
        const string text = "apiVersion: v1\nkind: ImageStream\n" + status + "metadata:\n  name: a\nspec:\n  tags: []\n";
        var file = new SourceFile("s.yaml", text);
        var before = ImageStreamReader.Parse(file);
        var from = text.IndexOf(status, StringComparison.Ordinal);
        var insert = "status:\n  dockerImageRepository: registry.example.com/ns/a\n";
        var edited = text[..from] + insert + text[(from + status.Length)..];
        var after = ImageStreamReader.Parse(file with { Text = edited });

        Assert.Null(StatusEditVerifier.Check(file, before, edited, [new StatusSplice(before.Streams[0], after.Streams[0].Document.Status!, from, from + status.Length, insert)]));
    }

    [Fact]
    public void A_splice_that_writes_only_the_new_status_passes_in_a_file_of_several_documents()
    {
        Assert.Null(CheckMultiDocument(null, null));
    }

    [Fact]
    public void A_change_at_the_deepest_nesting_the_reader_takes_is_refused()
    {
        // The Deployment's mapping and its spec are two levels; with the sequences, YamlTreeParser.MaxDepth
        // collections are nested, the last holding the scalar that changes. One more level does not parse.
        static string Nested(int levels, char value) => "replicas: " + new string('[', levels) + value + new string(']', levels);
        var deepest = YamlTreeParser.MaxDepth - 2;
        Assert.Empty(ImageStreamReader.Parse(new SourceFile("s.yaml", MultiDocument.Replace("replicas: 1", Nested(deepest, '1'), StringComparison.Ordinal))).Problems);
        Assert.True(ImageStreamReader.Parse(new SourceFile("s.yaml", MultiDocument.Replace("replicas: 1", Nested(deepest + 1, '1'), StringComparison.Ordinal))).DoesNotParse);

        Assert.Equal("the edited text differs outside status", CheckMultiDocument(Nested(deepest, '1'), Nested(deepest, '1'), Nested(deepest, '2')));
    }

    /// <summary>
    /// An ImageStream (its status rewritten by the splice), a Deployment-like document, then an empty
    /// document; <paramref name="old"/> (in the second document) becomes <paramref name="replacement"/>
    /// in the same splice.
    /// </summary>
    private const string MultiDocument =
        "apiVersion: v1\nkind: ImageStream\nmetadata:\n  name: a\nspec:\n  tags:\n  - name: t\n    from: {kind: DockerImage, name: \"quay.io/org/a:1\"}\n"
        + "status:\n  dockerImageRepository: \"\"\n"
        + "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\nspec:\n  replicas: 1\n  ports: [80, 443]\n"
        + "  selector:\n    app: a\n    tier: web\n"
        + "  hosts:\n  - - a.example.com\n    - b.example.com\n"
        + "---\n";

    private static string? CheckMultiDocument(string? old, string? replacement) => CheckMultiDocument(null, old, replacement);

    /// <param name="replicas">The Deployment's <c>replicas: 1</c> line replaced by this in the original text.</param>
    private static string? CheckMultiDocument(string? replicas, string? old, string? replacement)
    {
        var text = replicas is null ? MultiDocument : MultiDocument.Replace("replicas: 1", replicas, StringComparison.Ordinal);
        var file = new SourceFile("s.yaml", text);
        var before = ImageStreamReader.Parse(file);
        Assert.Empty(before.Problems);
        Assert.Equal(3, before.Roots.Count);
        const string status = "status:\n  dockerImageRepository: \"\"\n";
        var from = text.IndexOf(status, StringComparison.Ordinal);
        var to = from + status.Length;
        var insert = "status:\n  dockerImageRepository: registry.example.com/ns/a\n";
        if (old is not null)
        {
            var at = text.IndexOf(old, StringComparison.Ordinal);
            Assert.True(at >= 0, old);
            (from, to) = (Math.Min(from, at), Math.Max(to, at + old.Length));
            insert = text[from..to].Replace(status, insert, StringComparison.Ordinal).Replace(old, replacement, StringComparison.Ordinal);
        }

        var edited = text[..from] + insert + text[to..];
        var after = ImageStreamReader.Parse(file with { Text = edited });
        Assert.Empty(after.Problems);
        return StatusEditVerifier.Check(file, before, edited, [new StatusSplice(before.Streams[0], after.Streams[0].Document.Status!, from, to, insert)]);
    }

    private static (int From, int To, string Insert) Replace(string old, string replacement, int? at = null)
    {
        var from = at ?? Text.IndexOf(old, StringComparison.Ordinal);
        Assert.True(from >= 0, old);
        return (from, from + old.Length, replacement);
    }

    private static string Apply(string text, (int From, int To, string Insert) splice) =>
        text[..splice.From] + splice.Insert + text[splice.To..];

    private static ImageStreamStatus ReadStatus(string text, int stream) =>
        ImageStreamReader.Parse(new SourceFile("s.yaml", text)).Streams[stream].Document.Status!;

    /// <param name="statusOf">The stream whose status, as the edited text reads, the splice says it wrote; null to give <paramref name="status"/>.</param>
    private static string? Check((int From, int To, string Insert) splice, string? statusOf, ImageStreamStatus? status = null)
    {
        var file = new SourceFile("s.yaml", Text);
        var before = ImageStreamReader.Parse(file);
        Assert.Empty(before.Problems);
        var text = Apply(Text, splice);
        status ??= ImageStreamReader.Parse(file with { Text = text }).Streams.Single(stream => stream.Document.Name == statusOf).Document.Status!;
        return StatusEditVerifier.Check(file, before, text, [Splice(before, 0, splice, status)]);
    }

    private static StatusSplice Splice(ParsedFile before, int stream, (int From, int To, string Insert) splice, ImageStreamStatus status) =>
        new(before.Streams[stream], status, splice.From, splice.To, splice.Insert);
}
