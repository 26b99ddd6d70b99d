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
    [InlineData("ImageStreamTag", "base:1:2", "is not TAG or STREAM:TAG for an ImageStreamTag: more than one ':'")]
    [InlineData("ImageStreamTag", "Base:1", "is not TAG or STREAM:TAG for an ImageStreamTag: a name must be lowercase")]
    [InlineData("ImageStreamTag", "base:", "is not TAG or STREAM:TAG for an ImageStreamTag: the tag after ':' is empty")]
    [InlineData("ImageStreamTag", "base:-rc", "is not TAG or STREAM:TAG for an ImageStreamTag: a tag may contain only")]
    [InlineData("ImageStreamTag", ".hidden", "is not TAG or STREAM:TAG for an ImageStreamTag: a tag may contain only")]
    [InlineData("ImageStreamTag", "base--x:1", "is not TAG or STREAM:TAG for an ImageStreamTag: a name may contain only")]
    [InlineData("ImageStreamImage", "base:1", "is not ID or STREAM@ID for an ImageStreamImage")]
    [InlineData("ImageStreamImage", "base@latest", "is not ID or STREAM@ID for an ImageStreamImage: the image id is not a digest")]
    [InlineData("ImageStreamImage", "@sha256:abc", "is not ID or STREAM@ID for an ImageStreamImage: the stream before '@' is empty")]
    public void A_bad_source_name_is_a_problem_at_its_tag(string kind, string from, string message)
    {
        var report = Validate(Stream("s.yaml", "app", ("t", kind, from)));

        var problem = Assert.Single(report.Problems);
        Assert.Equal("s.yaml", problem.FilePath);
        Assert.Equal(7, problem.Location.Line);
        Assert.Contains("ImageStream \"app\", spec tag \"t\": ", problem.Message, StringComparison.Ordinal);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Semantics doc 2.4 (openshift-apiserver parseFromReference): a lone ImageStreamTag name is a tag
    /// of the same stream, a lone ImageStreamImage name an image id of it; section 3: tags follow
    /// <c>[\w][\w.-]{0,127}</c>, upper case included.
    /// </summary>
    [Theory]
    [InlineData("ImageStreamTag", "2.12.0.GA")]
    [InlineData("ImageStreamTag", "wildfly:26.1.3.Final-jdk17")]
    [InlineData("ImageStreamTag", "1.0-SNAPSHOT")]
    [InlineData("ImageStreamTag", "_private")]
    [InlineData("ImageStreamTag", "base.v2_x-y:latest")]
    [InlineData("ImageStreamImage", "sha256:4b1d4b1d")]
    [InlineData("ImageStreamImage", "base@4b1d4b1d")]
    [InlineData("ImageStreamImage", "base@sha256:abc")]
    public void Valid_sources_OpenShift_accepts_are_no_problem(string kind, string from)
    {
        var report = Validate(Stream("s.yaml", "app", ("2.12.0.GA", "DockerImage", "quay.io/wildfly/wildfly:2.12.0.GA"), ("latest", kind, from)));

        Assert.True(report.IsClean, string.Join("\n", report.Problems));
    }

    /// <summary>Semantics doc section 3: spec tag names are reference tags.</summary>
    [Theory]
    [InlineData("-rc1")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("a:b")]
    public void A_spec_tag_name_outside_the_tag_grammar_is_a_problem(string name)
    {
        var report = Validate(Stream("s.yaml", "app", (name, "DockerImage", "nginx:1")));

        var problem = Assert.Single(report.Problems);
        Assert.Equal(7, problem.Location.Line);
        Assert.Contains($"spec tag \"{name}\": the tag name is invalid", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spec_tag_name_of_129_characters_is_a_problem_and_128_is_not()
    {
        Assert.True(Validate(Stream("s.yaml", "app", (new string('A', 128), "DockerImage", "nginx:1"))).IsClean);
        Assert.Contains("at most 128 characters", Assert.Single(Validate(Stream("s.yaml", "app", (new string('A', 129), "DockerImage", "nginx:1"))).Problems).Message, StringComparison.Ordinal);
    }

    /// <summary>Semantics doc 2.12: the repository-name component expression OpenShift validates with, one separator at a time.</summary>
    [Theory]
    [InlineData("app", true)]
    [InlineData("my.app_v2-x", true)]
    [InlineData("nodejs-20-c9s", true)]
    [InlineData("a--b", false)]
    [InlineData("a__b", false)]
    [InlineData("-app", false)]
    [InlineData("app.", false)]
    [InlineData("App", false)]
    public void Stream_names_follow_OpenShift(string name, bool valid)
    {
        var report = Validate(Stream("s.yaml", name));

        Assert.Equal(valid, report.IsClean);
    }

    [Fact]
    public void A_namespace_and_name_longer_than_255_characters_is_a_problem()
    {
        var name = new string('a', 200);
        var file = new SourceFile("s.yaml", $"apiVersion: v1\nkind: ImageStream\nmetadata:\n  name: {name}\n  namespace: {new string('n', 55)}\n");

        Assert.Contains("'namespace/name' may have at most 255 characters", Assert.Single(Validate(file).Problems).Message, StringComparison.Ordinal);
        Assert.True(Validate(file with { Text = file.Text.Replace(new string('n', 55), new string('n', 54), StringComparison.Ordinal) }).IsClean);
    }

    [Fact]
    public void A_stream_defined_twice_in_one_file_names_the_first_place()
    {
        var one = Stream("a.yaml", "app");
        var report = Validate(one with { Text = one.Text + "---\n" + one.Text });

        var problem = Assert.Single(report.Problems);
        Assert.Equal("a.yaml", problem.FilePath);
        Assert.Equal("ImageStream \"app\" is defined twice; the first is at a.yaml:1:1", problem.Message);
    }

    /// <summary>sclorg keeps nodejs-centos.json and nodejs-rhel.json, both defining "nodejs": OpenShift accepts each.</summary>
    [Fact]
    public void A_stream_name_used_in_two_files_is_a_warning_not_a_problem()
    {
        var report = Validate(Stream("a.yaml", "app"), Stream("b.yaml", "app"));

        Assert.True(report.IsClean);
        var warning = Assert.Single(report.Warnings);
        Assert.Equal("b.yaml", warning.FilePath);
        Assert.True(warning.IsWarning);
        Assert.StartsWith("ImageStream \"app\" is also defined at a.yaml:1:1", warning.Message, StringComparison.Ordinal);
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
