namespace GitStreamSync.Cli.Commands;

/// <summary>What <c>render --help</c> says: one line for the command list, then an example per format.</summary>
internal static class RenderHelp
{
    public const string Description =
        "Write the digests reviewed in Git for the cluster: pinned ImageStreams, a kustomize images component or image lines. "
        + "Tags with no digest in status, or whose last import failed, are reported and left out (exit 1 unless --allow-missing); -o DIR writes files instead of stdout.";

    public const string Examples =
        "  gitstreamsync render --format openshift | oc apply -f -\n"
        + "  gitstreamsync render https://github.com/org/images.git --format openshift -o rendered/\n"
        + "  gitstreamsync render --format kustomize -o overlays/prod/images      (an overlay lists components: [images])\n"
        + "  gitstreamsync render --format openshift --workloads deploy/ -o rendered/\n"
        + "  gitstreamsync render --format images --stream python";
}
