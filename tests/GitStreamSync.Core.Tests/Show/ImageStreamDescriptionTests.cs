using GitStreamSync.Core.Read;
using GitStreamSync.Core.Rollback;
using GitStreamSync.Core.Show;

namespace GitStreamSync.Core.Tests.Show;

/// <summary>
/// <c>describe is</c> per tag block as <c>oc describe is</c> prints it (semantics doc section 4,
/// openshift/oc <c>describer.go</c> <c>formatImageStreamTags</c>): the source line by kind,
/// reference and scheduled flags, the sample annotations, and the pending-import line.
/// </summary>
public sealed class ImageStreamDescriptionTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);

    private const string Stream = """
        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata:
          name: ruby
          namespace: openshift
        spec:
          tags:
          - name: "3.3"
            annotations:
              description: Build and run Ruby 3.3 applications on UBI 9.
              tags: builder,ruby
              supports: ruby:3.3,ruby
              sampleRepo: https://github.com/sclorg/ruby-ex.git
            from: {kind: DockerImage, name: registry.example/ubi9/ruby-33:latest}
            generation: 3
            importPolicy: {scheduled: true}
          - name: "3.1"
            from: {kind: DockerImage, name: registry.example/ubi9/ruby-31:latest}
            generation: 2
            importPolicy: {scheduled: false}
          - name: mirror
            from: {kind: ImageStreamTag, name: "3.3", namespace: openshift}
          - name: other
            from: {kind: ImageStreamTag, name: "ruby:2.7", namespace: legacy}
          - name: pinned
            from: {kind: ImageStreamImage, name: "ruby@sha256:1111111111111111111111111111111111111111111111111111111111111111"}
          - name: vendor
            reference: true
            generation: 9
            from: {kind: DockerImage, name: vendor.example/ruby:3}
        status:
          dockerImageRepository: ""
          tags:
          - tag: "3.3"
            items:
            - created: "2026-01-14T09:30:00Z"
              dockerImageReference: registry.example/ubi9/ruby-33@sha256:2222222222222222222222222222222222222222222222222222222222222222
              image: sha256:2222222222222222222222222222222222222222222222222222222222222222
              generation: 2
          - tag: "3.1"
            items:
            - created: "2026-01-10T09:30:00Z"
              dockerImageReference: registry.example/ubi9/ruby-31@sha256:3333333333333333333333333333333333333333333333333333333333333333
              image: sha256:3333333333333333333333333333333333333333333333333333333333333333
              generation: 1
            conditions:
            - type: ImportSuccess
              status: "False"
              lastTransitionTime: "2026-01-15T08:30:00Z"
              reason: NotFound
              message: not found
              generation: 2

        """;

    private static string Describe()
    {
        var (streams, problems) = StoredStream.ReadAll([new SourceFile("ruby.yaml", Stream)]);
        Assert.Empty(problems);
        return ImageStreamDescription.Describe(Assert.Single(streams), new RejectionSet([]), Now);
    }

    [Fact]
    public void A_scheduled_import_updates_automatically_and_prints_the_sample_annotations_and_the_pending_import()
    {
        var text = Describe();
        var start = text.IndexOf("\n3.3\n", StringComparison.Ordinal) + 1;
        var end = text.IndexOf("\n3.1\n", StringComparison.Ordinal) + 1;

        Assert.Equal(
            "3.3\n"
            + "  updates automatically from registry registry.example/ubi9/ruby-33:latest\n"
            + "\n"
            + "  Build and run Ruby 3.3 applications on UBI 9.\n"
            + "  Tags: builder, ruby\n"
            + "  Supports: ruby:3.3, ruby\n"
            + "  Example Repo: https://github.com/sclorg/ruby-ex.git\n"
            + "\n"
            + "  ~ importing latest image ...\n"
            + "  * registry.example/ubi9/ruby-33@sha256:2222222222222222222222222222222222222222222222222222222222222222\n"
            + "      24 hours ago\n"
            + "\n",
            text[start..end]);
    }

    [Fact]
    public void A_tag_with_scheduled_false_is_tagged_from_and_a_failed_import_of_its_generation_is_not_pending()
    {
        var text = Describe();

        Assert.Contains("3.1\n  tagged from registry.example/ubi9/ruby-31:latest\n\n  ! error: Import failed (NotFound): not found\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("~ importing latest image ...\n  ! error", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mirror", "updates automatically from 3.3")]
    [InlineData("other", "updates automatically from legacy/ruby:2.7")]
    [InlineData("pinned", "tagged from ruby@sha256:1111111111111111111111111111111111111111111111111111111111111111")]
    [InlineData("vendor", "reference to registry vendor.example/ruby:3")]
    public void The_source_line_follows_kind_and_reference_and_names_only_another_namespace(string tag, string line)
    {
        var text = Describe();

        Assert.Contains($"\n{tag}\n  {line}\n\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_is_never_pending_import()
    {
        var text = Describe();
        var vendor = text[text.IndexOf("\nvendor\n", StringComparison.Ordinal)..];

        Assert.DoesNotContain("~ importing", vendor[..vendor.IndexOf("Rejected digests", StringComparison.Ordinal)], StringComparison.Ordinal);
    }
}
