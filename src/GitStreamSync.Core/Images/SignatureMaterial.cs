namespace GitStreamSync.Core.Images;

/// <summary>
/// The signature layers found for <see cref="Digest"/>: each simple-signing payload with the
/// signature from its <c>dev.cosignproject.cosign/signature</c> annotation. <see cref="Unreadable"/>
/// says why the registry could not be asked (a transient failure is not a missing signature).
/// </summary>
public sealed record SignatureMaterial(Digest Digest)
{
    public IReadOnlyList<CosignLayer> Layers { get; init; } = [];
    public string? Unreadable { get; init; }
}

/// <summary>
/// One signature: the payload's exact bytes and the base64 signature over them (null when the annotation is
/// missing); for a keyless signature also the Fulcio certificate (PEM, <c>dev.sigstore.cosign/certificate</c>)
/// and the Rekor bundle (JSON, <c>dev.sigstore.cosign/bundle</c>), as the layer's annotations carry them.
/// </summary>
public sealed record CosignLayer(ReadOnlyMemory<byte> Payload, string? Signature)
{
    public string? Certificate { get; init; }
    public string? Bundle { get; init; }
}
