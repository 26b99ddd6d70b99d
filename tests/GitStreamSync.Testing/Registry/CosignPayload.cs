using System.Security.Cryptography;
using System.Text;
using GitStreamSync.Core.Images;

namespace GitStreamSync.Testing.Registry;

/// <summary>cosign's simple-signing payload and its signature, made with the framework's ECDSA as <c>cosign sign --key</c> makes them.</summary>
public static class CosignPayload
{
    public static byte[] For(string dockerReference, Digest digest) => Encoding.UTF8.GetBytes(
        "{\"critical\":{\"identity\":{\"docker-reference\":\"" + dockerReference + "\"},\"image\":{\"docker-manifest-digest\":\""
        + digest + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}");

    /// <summary>Base64 of the ASN.1 DER ECDSA signature over the SHA-256 of the payload's bytes.</summary>
    public static string Sign(ECDsa key, byte[] payload) =>
        Convert.ToBase64String(key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
}
