namespace GitStreamSync.Cli.Commands;

/// <summary>The text <c>render --help</c> opens with: what it is for and one example per format.</summary>
internal static class RenderHelp
{
    public const string Description =
        "Write the digests reviewed in Git in a form the cluster consumes; -o DIR writes files instead of stdout.\n"
        + "Tags with no digest in status, or whose last import failed, are reported and left out (exit 1 unless --allow-missing).\n"
        + "\n"
        + "Examples:\n"
        + "  gitstreamsync render --format openshift | oc apply -f -\n"
        + "  gitstreamsync render https://github.com/org/images.git --format openshift -o rendered/\n"
        + "  gitstreamsync render --format kustomize -o overlays/pinned/images    (components: [images] in an overlay)\n"
        + "  gitstreamsync render --format images --stream python";
}
