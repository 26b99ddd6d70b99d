using GitStreamSync.Core.Images;
namespace GitStreamSync.Core.Ports;

/// <summary>
/// Finds the cosign signatures attached to image digests (Adapters/Registry): the manifest tagged
/// <c>sha256-&lt;hex&gt;.sig</c> in the image's repository, and the manifests the OCI referrers API lists
/// for the digest. It returns what it found; <see cref="CosignVerifier"/> decides whether it is valid.
/// </summary>
public interface ISignatureReader
{
    Task<IReadOnlyDictionary<SignatureRequest, SignatureMaterial>> ReadSignaturesAsync(IReadOnlyCollection<SignatureRequest> requests, CancellationToken cancellationToken);
}

/// <summary>The digest whose signatures to find, as <c>repository@digest</c>.</summary>
public sealed record SignatureRequest(ImageReference Image, bool Insecure = false);
