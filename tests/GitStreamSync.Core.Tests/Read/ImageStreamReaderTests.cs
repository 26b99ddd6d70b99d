using GitStreamSync.Core.Tests.Edit;
using GitStreamSync.Core.Read;
namespace GitStreamSync.Core.Tests.Read;

public sealed class ImageStreamReaderTests
{
    private const string Seed = """
        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata:
          name: myubuntu
          namespace: tools
          generation: 2
        spec:
          lookupPolicy:
            local: false
          tags:
          - name: xenial
            annotations:
              importer.image.openshift.io/prefer-arch: arm64
            from:
              kind: DockerImage
              name: ubuntu:16.04
            importPolicy:
              scheduled: true
              importMode: PreserveOriginal
            referencePolicy:
              type: Source
          - name: latest
            from: {kind: ImageStreamTag, name: xenial}
            reference: true
        status:
          dockerImageRepository: ""
          tags:
          - conditions:
            - generation: 3
              lastTransitionTime: "2021-11-16T00:00:00Z"
              message: not found
              reason: NotFound
              status: "False"
              type: ImportSuccess
            items:
            - created: "2021-11-15T05:06:44Z"
              dockerImageReference: ubuntu@sha256:aaaa
              generation: 2
              image: sha256:aaaa
            tag: xenial
          - items: null
            tag: old
        """;

    [Fact]
    public void Reads_a_single_stream_with_spec_and_status()
    {
        var result = Read("a.yaml", Seed);

        Assert.Empty(result.Problems);
        var stream = Assert.Single(result.Streams);
        Assert.Equal("myubuntu", stream.Name);
        Assert.Equal("tools", stream.Namespace);
        Assert.Equal(2, stream.Generation);
        Assert.Equal(DocumentFormat.Yaml, stream.Format);
        Assert.Equal(new TextSpan(0, Seed.Length), stream.Span);
        Assert.Equal(new SourceLocation(1, 1), stream.Location);
        Assert.Equal(2, stream.SpecTags.Count);
        var xenial = stream.SpecTags[0];
        Assert.Equal(new TagSource(TagSourceKind.DockerImage, "ubuntu:16.04"), xenial.From);
        Assert.Equal(new TagImportPolicy(true, false, ImportMode.PreserveOriginal), xenial.ImportPolicy);
        Assert.Equal("Source", xenial.ReferencePolicyType);
        Assert.Equal("arm64", xenial.Annotations["importer.image.openshift.io/prefer-arch"]);
        Assert.Equal(new SourceLocation(11, 5), xenial.Location);
        Assert.True(stream.SpecTags[1].Reference);
        Assert.Equal(TagSourceKind.ImageStreamTag, stream.SpecTags[1].From!.Kind);
        Assert.Null(stream.SpecTags[1].ImportPolicy.Scheduled);

        var status = stream.Status!;
        Assert.Equal("", status.DockerImageRepository);
        Assert.Equal(2, status.Tags.Count);
        var tag = status.Tags[0];
        Assert.Equal(new TagEvent(DateTimeOffset.Parse("2021-11-15T05:06:44Z", System.Globalization.CultureInfo.InvariantCulture), "ubuntu@sha256:aaaa", "sha256:aaaa", 2), Assert.Single(tag.Items));
        var condition = Assert.Single(tag.Conditions);
        Assert.Equal(("ImportSuccess", "False", "NotFound", "not found", 3L), (condition.Type, condition.Status, condition.Reason, condition.Message, condition.Generation));
        Assert.Empty(status.Tags[1].Items);

        var statusStart = Seed.IndexOf("status:", StringComparison.Ordinal);
        Assert.Equal(new TextSpan(statusStart, Seed.Length), stream.StatusSpan);
        Assert.Equal("conditions:", Seed.Substring(tag.Span!.Value.Start, "conditions:".Length));
        Assert.EndsWith("tag: xenial", Seed[tag.Span.Value.Start..tag.Span.Value.End], StringComparison.Ordinal);
        Assert.Equal("items: null\n    tag: old", Seed[status.Tags[1].Span!.Value.Start..status.Tags[1].Span!.Value.End]);
    }

    [Fact]
    public void Finds_streams_in_multi_document_files_and_lists_and_ignores_other_documents_naming_a_version_OpenShift_refuses()
    {
        var text = "# header\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Not_A_Stream\n...\n---\n"
            + "apiVersion: v1\nkind: ImageStream\nmetadata:\n  name: one\n---\n"
            + "apiVersion: v1\nkind: List\nitems:\n- apiVersion: image.openshift.io/v1\n  kind: ImageStream\n  metadata:\n    name: two\n"
            + "- apiVersion: v1\n  kind: Service\n  metadata:\n    name: svc\n"
            + "- apiVersion: v1\n  kind: ImageStream\n  metadata:\n    name: three\n  status:\n    dockerImageRepository: \"\"\n"
            + "---\napiVersion: apps/v1\nkind: ImageStream\nmetadata:\n  name: Ignored\n";

        var result = Read("multi.yml", text);

        // An ImageStream under an apiVersion OpenShift does not serve is refused by oc apply: said, not skipped.
        var line = text[..text.IndexOf("apps/v1", StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        Assert.StartsWith($"multi.yml:{line}:13: ImageStream apiVersion \"apps/v1\" is not served by OpenShift", Assert.Single(result.Problems).ToString(), StringComparison.Ordinal);
        Assert.Equal(["one", "two", "three"], result.Streams.Select(s => s.Name));
        Assert.Equal([1, 2, 2], result.Streams.Select(s => s.DocumentIndex));
        Assert.Equal([null, 0, 2], result.Streams.Select(s => s.ItemIndex));
        Assert.Equal(new SourceLocation(17, 3), result.Streams[1].Location);
        var three = result.Streams[2];
        Assert.StartsWith("apiVersion: v1\n  kind: ImageStream", text[three.Span.Start..], StringComparison.Ordinal);
        Assert.Equal("status:\n    dockerImageRepository: \"\"", text[three.StatusSpan!.Value.Start..three.StatusSpan.Value.End]);
    }

    [Fact]
    public void Reads_json_with_crlf_and_a_byte_order_mark()
    {
        var text = "\uFEFF{\r\n  \"apiVersion\": \"v1\",\r\n  \"kind\": \"ImageStreamList\",\r\n  \"items\": [\r\n    {\r\n"
            + "      \"apiVersion\": \"image.openshift.io/v1\",\r\n      \"kind\": \"ImageStream\",\r\n      \"metadata\": {\"name\": \"js\"},\r\n"
            + "      \"status\": {\"dockerImageRepository\": \"r\", \"tags\": [{\"tag\": \"a\", \"items\": []}]}\r\n    }\r\n  ]\r\n}";

        var result = Read("list.json", text);

        Assert.Empty(result.Problems);
        var stream = Assert.Single(result.Streams);
        Assert.Equal(DocumentFormat.Json, stream.Format);
        Assert.Equal('{', text[stream.Span.Start]);
        Assert.Equal('}', text[stream.Span.End - 1]);
        Assert.StartsWith("\"status\": {", text[stream.StatusSpan!.Value.Start..], StringComparison.Ordinal);
        Assert.Equal('}', text[stream.StatusSpan.Value.End - 1]);
        Assert.Equal("{\"tag\": \"a\", \"items\": []}", text[stream.Status!.Tags[0].Span!.Value.Start..stream.Status.Tags[0].Span!.Value.End]);
        Assert.Equal(new SourceLocation(5, 5), stream.Location);
    }

    [Theory]
    [InlineData("metadata:\n  namespace: x\n", 3, 1, "ImageStream has no metadata.name")]
    [InlineData("metadata:\n  name: \"myubuntu:xenial\"\n", 4, 9, "ImageStream name \"myubuntu:xenial\" is invalid: a name may not contain ':'")]
    [InlineData("metadata:\n  name: MyUbuntu\n", 4, 9, "must be lowercase")]
    [InlineData("metadata:\n  name: a/b\n", 4, 9, "single path segment")]
    [InlineData("metadata:\n  name: -abc\n", 4, 9, "may contain only lowercase letters")]
    [InlineData("metadata: {name: s}\nspec:\n  tags:\n  - name: a\n  - name: b\n  - name: a\n", 8, 11, "spec tag \"a\" is defined twice (first at line 6)")]
    [InlineData("metadata: {name: s}\nspec:\n  tags:\n  - name: a\n    from:\n      kind: DockerImage\n", 7, 5, "spec tag \"a\": from has no name")]
    [InlineData("metadata: {name: s}\nspec:\n  tags:\n  - name: a\n    from: {kind: DockerImages, name: x}\n", 7, 18, "from.kind \"DockerImages\" is not DockerImage, ImageStreamTag or ImageStreamImage")]
    [InlineData("metadata: {name: s}\nspec:\n  tags:\n  - name: a\n    from: {kind: ImageStreamTag, name: b}\n    importPolicy:\n      scheduled: true\n", 9, 18, "importPolicy.scheduled: true needs from.kind DockerImage, not ImageStreamTag")]
    [InlineData("metadata: {name: s}\nspec:\n  tags:\n  - from: {kind: DockerImage, name: b}\n", 6, 5, "a spec tag has no name")]
    [InlineData("metadata: {name: s}\nstatus:\n  tags:\n  - tag: a\n    items:\n    - created: yesterday\n      dockerImageReference: x@sha256:1\n      generation: 1\n      image: sha256:1\n", 8, 16, "status.tags[0].items[0].created \"yesterday\" is not an RFC 3339 time")]
    [InlineData("metadata: {name: s}\nstatus:\n  tags:\n  - tag: a\n    conditions:\n    - type: ImportSuccess\n      status: \"False\"\n      generation: x\n      lastTransitionTime: \"2021-01-01T00:00:00Z\"\n", 10, 19, "status.tags[0].conditions[0].generation \"x\" is not a whole number")]
    [InlineData("metadata: {name: s}\nstatus:\n  tags:\n  - items: null\n", 6, 5, "status.tags[0] has no tag")]
    [InlineData("metadata: {name: s}\nstatus:\n  tags: {a: b}\n", 5, 9, "status.tags is not a list")]
    [InlineData("metadata: {name: s}\nstatus:\n  tags:\n  - tag: a\n    items:\n    - created: \"2021-01-01T00:00:00Z\"\n      generation: 1\n      image: sha256:1\n", 8, 7, "status.tags[0].items[0] has no dockerImageReference")]
    public void Reports_each_invalid_stream_with_line_and_column(string body, int line, int column, string message)
    {
        var text = "apiVersion: v1\nkind: ImageStream\n" + body;

        var result = ImageStreamReader.ReadRepository([new SourceFile("bad.yaml", text), new SourceFile("good.yaml", "apiVersion: v1\nkind: ImageStream\nmetadata:\n  name: good\n")]);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("bad.yaml", problem.FilePath);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.Equal(new SourceLocation(line, column), problem.Location);
        Assert.Equal("good", Assert.Single(result.Streams).Name);
        Assert.Equal(2, result.FileCount);
    }

    [Theory]
    [InlineData("bad.yaml", "apiVersion: v1\nkind: ImageStream\nmetadata:\n  name: [a\n", 5, 1, "does not parse as YAML")]
    [InlineData("bad.yaml", "a: 1\n  b: 2\n", 2, 4, "does not parse as YAML")]
    [InlineData("bad.json", "{\"apiVersion\": \"v1\",\n \"kind\": \"ImageStream\"\n \"metadata\": {}}", 3, 2, "does not parse as JSON")]
    public void Reports_a_file_that_does_not_parse_and_still_reads_the_others(string path, string text, int line, int column, string message)
    {
        var result = ImageStreamReader.ReadRepository([new SourceFile(path, text), new SourceFile("z.yaml", "apiVersion: v1\nkind: ImageStream\nmetadata:\n  name: z\n"), new SourceFile("README.md", "not: [yaml")]);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(path, problem.FilePath);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.Equal(new SourceLocation(line, column), problem.Location);
        Assert.Equal($"{path}:{line}:{column}: {problem.Message}", problem.ToString());
        Assert.Equal("z", Assert.Single(result.Streams).Name);
        Assert.Equal(2, result.FileCount);
    }

    [Theory]
    [InlineData("streams/a.yaml", true)]
    [InlineData("a.YML", true)]
    [InlineData("list.json", true)]
    [InlineData("README.md", false)]
    [InlineData("kustomization.yaml.bak", false)]
    public void Reads_yaml_yml_and_json_files(string path, bool candidate) =>
        Assert.Equal(candidate, ImageStreamReader.IsCandidate(path));

    private static ImageStreamReadResult Read(string path, string text) => ImageStreamReader.ReadFile(new SourceFile(path, text));
}
