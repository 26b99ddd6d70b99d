using GitStreamSync.Core.Read;
using GitStreamSync.Core.Validate;
namespace GitStreamSync.Core.Tests.Validate;

public sealed class RepositoryValidatorTests
{
    private static ValidationReport Validate(params SourceFile[] files)
    {
        var read = ImageStreamReader.ReadRepository(files);
        return RepositoryValidator.Validate(read.Streams, read.Problems, read.FileCount);
    }

    private static SourceFile Stream(string path, string name, params (string Tag, string Kind, string From)[] tags)
    {
        var text = $"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: {name}\nspec:\n  tags:\n";
        foreach (var (tag, kind, from) in tags)
        {
            text += $"  - name: \"{tag}\"\n    from:\n      kind: {kind}\n      name: \"{from}\"\n";
        }

        return new SourceFile(path, text);
    }

    [Fact]
    public void Counts_files_streams_and_tags_by_source_kind()
    {
        var report = Validate(
            Stream("a.yaml", "base", ("1", "DockerImage", "ubuntu:16.04"), ("2", "DockerImage", "quay.io/a/b:1"), ("alias", "ImageStreamTag", "1")),
            Stream("b.yaml", "app", ("x", "ImageStreamTag", "base:1"), ("y", "ImageStreamImage", "base@sha256:" + new string('a', 64))),
            new SourceFile("c.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"),
            new SourceFile("d.yaml", "apiVersion: v1\nkind: ImageStream\nmetadata:\n  name: r\nspec:\n  tags:\n  - name: t\n    reference: true\n    from:\n      kind: DockerImage\n      name: nginx\n  - name: bare\n"));

        Assert.True(report.IsClean, string.Join("\n", report.Problems));
        Assert.Equal(new ValidationSummary(Files: 4, Streams: 3, Tags: 7, DockerImageTags: 3, ImageStreamTagTags: 2, ImageStreamImageTags: 1, ReferenceTags: 1, TagsWithoutSource: 1), report.Summary);
    }

    [Theory]
    [InlineData("DockerImage", "Ubuntu:16.04", "from.name \"Ubuntu:16.04\" is not an image reference: repository name must be lowercase")]
    [InlineData("DockerImage", "quay.io", "names a registry but no repository")]
    [InlineData("DockerImage", "nginx@sha256:abc", "is not an image reference")]
    [InlineData("ImageStreamTag", "base:1:2", "is not STREAM:TAG for an ImageStreamTag")]
    [InlineData("ImageStreamTag", "Base:1", "is not STREAM:TAG for an ImageStreamTag")]
    [InlineData("ImageStreamTag", "base:", "is not STREAM:TAG for an ImageStreamTag")]
    [InlineData("ImageStreamImage", "base:1", "is not STREAM@DIGEST for an ImageStreamImage")]
    [InlineData("ImageStreamImage", "base@sha256:abc", "is not STREAM@DIGEST for an ImageStreamImage")]
    public void A_bad_source_name_is_a_problem_at_its_tag(string kind, string from, string message)
    {
        var report = Validate(Stream("s.yaml", "app", ("t", kind, from)));

        var problem = Assert.Single(report.Problems);
        Assert.Equal("s.yaml", problem.FilePath);
        Assert.Equal(7, problem.Location.Line);
        Assert.Contains("ImageStream \"app\", spec tag \"t\": ", problem.Message, StringComparison.Ordinal);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stream_defined_twice_names_the_first_place()
    {
        var report = Validate(Stream("a.yaml", "app"), Stream("b.yaml", "app"));

        var problem = Assert.Single(report.Problems);
        Assert.Equal("b.yaml", problem.FilePath);
        Assert.Equal("ImageStream \"app\" is defined twice; the first is at a.yaml:1:1", problem.Message);
    }

    [Fact]
    public void Problems_come_in_file_and_line_order()
    {
        var report = Validate(
            Stream("b.yaml", "two", ("t", "DockerImage", "B")),
            Stream("a.yaml", "one", ("x", "DockerImage", "X"), ("y", "DockerImage", "Y")));

        Assert.Equal(["a.yaml:7", "a.yaml:11", "b.yaml:7"], report.Problems.Select(p => $"{p.FilePath}:{p.Location.Line}"));
    }
}
