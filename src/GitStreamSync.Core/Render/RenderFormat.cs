namespace GitStreamSync.Core.Render;

/// <summary>What <c>render</c> hands to the cluster side.</summary>
internal enum RenderFormat
{
    /// <summary>The ImageStreams with their followed tags pinned to the reviewed digests, without status.</summary>
    OpenShift,

    /// <summary>A kustomization Component whose <c>images:</c> pin every image a stream tag names.</summary>
    Kustomize,

    /// <summary><c>STREAM:TAG&lt;TAB&gt;REFERENCE@DIGEST</c> lines.</summary>
    Images,
}

/// <summary>A <c>--format</c> value that is not one of <see cref="RenderFormat"/>.</summary>
internal sealed class RenderFormatException(string message) : FormatException(message);

internal static class RenderFormats
{
    public static RenderFormat Parse(string text) => text switch
    {
        "openshift" => RenderFormat.OpenShift,
        "kustomize" => RenderFormat.Kustomize,
        "images" => RenderFormat.Images,
        _ => throw new RenderFormatException($"--format '{text}' is not one of openshift, kustomize, images"),
    };
}
