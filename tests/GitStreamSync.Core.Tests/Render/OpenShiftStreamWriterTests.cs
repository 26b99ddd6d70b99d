using GitStreamSync.Core.Read;
using GitStreamSync.Core.Render;

namespace GitStreamSync.Core.Tests.Render;

public sealed class OpenShiftStreamWriterTests
{
    private const string Digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";

    private static string RenderOne(string path, string text)
    {
        var result = RenderStage.Render(new RenderRequest([new SourceFile(path, text)], RenderFormat.OpenShift));
        Assert.Empty(result.Problems);
        return Assert.Single(result.Files).Text;
    }

    [Fact]
    public void Pins_the_tag_adds_scheduled_false_and_drops_a_status_that_is_not_the_last_key()
    {
        var text = $"""
            apiVersion: v1
            kind: ImageStream
            metadata:
              name: app # the service
            status:
              tags:
              - tag: v1
                items:
                - created: "2026-01-01T00:00:00Z"
                  dockerImageReference: 'quay.io/org/app@{Digest}'
                  generation: 1
                  image: {Digest}
            spec:
              tags:
              - name: v1
                from:
                  kind: DockerImage
                  name: 'quay.io/org/app:v1'
                referencePolicy:
                  type: Local

            """;

        Assert.Equal($"""
            apiVersion: v1
            kind: ImageStream
            metadata:
              name: app # the service
            spec:
              tags:
              - name: v1
                from:
                  kind: DockerImage
                  name: 'quay.io/org/app@{Digest}'
                referencePolicy:
                  type: Local
                importPolicy:
                  scheduled: false

            """, RenderOne("app.yaml", text));
    }

    [Fact]
    public void Turns_scheduled_true_to_false_and_keeps_crlf_line_ends()
    {
        var text = "kind: ImageStream\r\napiVersion: image.openshift.io/v1\r\nmetadata:\r\n  name: app\r\nspec:\r\n  tags:\r\n  - name: v1\r\n    from: {kind: DockerImage, name: app:v1}\r\n    importPolicy:\r\n      scheduled: true\r\n"
            + $"status:\r\n  tags:\r\n  - tag: v1\r\n    items:\r\n    - created: \"2026-01-01T00:00:00Z\"\r\n      dockerImageReference: app@{Digest}\r\n      generation: 1\r\n      image: {Digest}\r\n";

        Assert.Equal(
            $"kind: ImageStream\r\napiVersion: image.openshift.io/v1\r\nmetadata:\r\n  name: app\r\nspec:\r\n  tags:\r\n  - name: v1\r\n    from: {{kind: DockerImage, name: app@{Digest}}}\r\n    importPolicy:\r\n      scheduled: false\n",
            RenderOne("app.yaml", text));
    }

    [Fact]
    public void Adds_scheduled_to_an_importPolicy_without_it_at_its_keys_indentation()
    {
        var text = $"""
            kind: ImageStream
            apiVersion: v1
            metadata:
                name: app
            spec:
                tags:
                  - name: v1
                    importPolicy:
                        importMode: PreserveOriginal
                    from:
                        kind: DockerImage
                        name: "app:v1"
            status:
                tags:
                  - tag: v1
                    items:
                      - dockerImageReference: app@{Digest}
                        image: {Digest}
                        created: "2026-01-01T00:00:00Z"
                        generation: 1
            """;

        Assert.Equal($"""
            kind: ImageStream
            apiVersion: v1
            metadata:
                name: app
            spec:
                tags:
                  - name: v1
                    importPolicy:
                        importMode: PreserveOriginal
                        scheduled: false
                    from:
                        kind: DockerImage
                        name: "app@{Digest}"

            """, RenderOne("app.yaml", text));
    }

    [Fact]
    public void A_json_stream_stays_valid_json_with_its_layout()
    {
        var text = $$"""
            {
              "status": {"tags": [{"tag": "v1", "items": [{"created": "2026-01-01T00:00:00Z", "dockerImageReference": "app@{{Digest}}", "generation": 1, "image": "{{Digest}}"}]}]},
              "kind": "ImageStream",
              "apiVersion": "v1",
              "metadata": {"name": "app"},
              "spec": {
                "tags": [
                  {
                    "name": "v1",
                    "from": {"kind": "DockerImage", "name": "app:v1"}
                  }
                ]
              }
            }
            """;

        var rendered = RenderOne("app.json", text);

        Assert.Equal($$"""
            {
              "kind": "ImageStream",
              "apiVersion": "v1",
              "metadata": {"name": "app"},
              "spec": {
                "tags": [
                  {
                    "name": "v1",
                    "from": {"kind": "DockerImage", "name": "app@{{Digest}}"},
                    "importPolicy": {"scheduled": false}
                  }
                ]
              }
            }

            """, rendered);
        using var parsed = System.Text.Json.JsonDocument.Parse(rendered);
        Assert.False(parsed.RootElement.TryGetProperty("status", out _));
    }

    [Fact]
    public void A_stream_inside_a_list_becomes_a_document_of_its_own()
    {
        var text = $"""
            apiVersion: v1
            kind: List
            items:
              - apiVersion: v1
                kind: ImageStream
                metadata:
                  name: app
                spec:
                  tags:
                    - name: v1
                      from:
                        kind: DockerImage
                        name: app:v1
                      importPolicy: null
                status:
                  tags:
                    - tag: v1
                      items:
                        - {"{"}created: "2026-01-01T00:00:00Z", dockerImageReference: "app@{Digest}", generation: 1, image: "{Digest}"{"}"}
            """;

        Assert.Equal($"""
            apiVersion: v1
            kind: ImageStream
            metadata:
              name: app
            spec:
              tags:
                - name: v1
                  from:
                    kind: DockerImage
                    name: app@{Digest}
                  importPolicy: {"{"}scheduled: false{"}"}

            """, RenderOne("list.yaml", text));
    }

    [Fact]
    public void Leaves_a_tag_without_status_or_with_a_failed_import_as_written_and_reports_where_it_is()
    {
        var text = $"""
            apiVersion: v1
            kind: ImageStream
            metadata:
              name: app
            spec:
              tags:
              - name: new
                from:
                  kind: DockerImage
                  name: app:new
              - name: broken
                from:
                  kind: DockerImage
                  name: app:broken
            status:
              tags:
              - tag: broken
                conditions:
                - type: ImportSuccess
                  status: "False"
                  lastTransitionTime: "2026-01-02T00:00:00Z"
                  reason: NotFound
                  message: not there
                  generation: 2
                items:
                - created: "2026-01-01T00:00:00Z"
                  dockerImageReference: app@{Digest}
                  generation: 1
                  image: {Digest}
            """;

        var result = RenderStage.Render(new RenderRequest([new SourceFile("s/app.yaml", text)], RenderFormat.Images));

        Assert.Equal("", Assert.Single(result.Files).Text);
        Assert.Equal(
            ["s/app.yaml:7:5: app:new: no digest in status yet", "s/app.yaml:11:5: app:broken: the newest import failed (NotFound): not there"],
            result.Missing.Select(m => m.ToString()));
        Assert.DoesNotContain(Digest, RenderOne("s/app.yaml", text), StringComparison.Ordinal);
    }
}
