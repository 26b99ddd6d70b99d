namespace GitStreamSync.Testing.Sync;

/// <summary>
/// ImageStream YAML whose one tag is <c>reference: true</c>: sync writes its status without
/// contacting any registry, so a test of Git or pull requests needs no registry at all.
/// </summary>
public static class ReferenceStreams
{
    /// <summary>A stream named <paramref name="name"/> with tag <c>pinned</c> referencing <paramref name="image"/>; no final newline.</summary>
    public static string Yaml(string name, string image) => $"""
        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata:
          name: {name}
        spec:
          tags:
          - name: pinned
            reference: true
            from:
              kind: DockerImage
              name: {image}
        """;
}
