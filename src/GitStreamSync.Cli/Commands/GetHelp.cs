namespace GitStreamSync.Cli.Commands;

/// <summary>What <c>get --help</c> says: one line for the command list, then an example per kind.</summary>
internal static class GetHelp
{
    public const string Description =
        "Show ImageStreams as oc get would, read from Git: get is|istag|isimage (-o table|wide|yaml|json|name). "
        + "get istag STREAM:TAG shows the tag's history with the rejected digests and what rejected them.";

    public const string Examples =
        "  gitstreamsync get is                           every stream: NAME, IMAGE REPOSITORY, TAGS, UPDATED\n"
        + "  gitstreamsync get is python -o yaml            the stream as stored, status included\n"
        + "  gitstreamsync get is -l team=web https://github.com/org/images.git\n"
        + "  gitstreamsync get is -A                        with a NAMESPACE column, as oc get -A\n"
        + "  gitstreamsync get istag -n shop                only the streams of namespace shop\n"
        + "  gitstreamsync get istag python -o wide         the stream's tags with digests and sources\n"
        + "  gitstreamsync get istag python:3.12            the tag's history, rejected digests marked\n"
        + "  gitstreamsync get isimage python@sha256:...    which tags carried the image, when, and whether it is rejected";
}
