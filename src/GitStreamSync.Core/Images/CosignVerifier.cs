using System.Security.Cryptography;
using System.Text.Json;

namespace GitStreamSync.Core.Images;

public enum SignatureVerdict
{
    Verified,

    /// <summary>No signature is attached to the digest.</summary>
    Missing,

    /// <summary>Signatures are attached, but none is by a configured key over a payload naming this digest.</summary>
    Invalid,

    /// <summary>The registry could not be asked; nothing is known (retried next run).</summary>
    Unknown,
}

/// <summary>The outcome of checking one digest, with words for the condition and the pull request.</summary>
public sealed record SignatureCheck(SignatureVerdict Verdict, string Message)
{
    /// <summary>The condition reason OpenShift-style: <c>SignatureMissing</c> or <c>SignatureInvalid</c>.</summary>
    public string Reason => Verdict == SignatureVerdict.Missing ? "SignatureMissing" : "SignatureInvalid";
}

/// <summary>
/// cosign's verification, offline. With keys: a signature layer counts when its simple-signing payload
/// names the digest in <c>critical.image.docker-manifest-digest</c> and its signature (base64, ASN.1 DER
/// ECDSA over the SHA-256 of the payload's exact bytes) verifies with one of the keys. The
/// <c>docker-reference</c> is not compared: mirrors and registry renames would fail a correct signature.
/// Keyless (a Fulcio certificate and a Rekor bundle instead of a key): <see cref="KeylessVerifier"/>.
/// </summary>
public static class CosignVerifier
{
    public static SignatureCheck Verify(SignatureMaterial found, IReadOnlyList<ECDsa> keys) => Verify(found, keys, null);

    /// <param name="keyless">The identities and trusted root of keyless signatures; null: keys only.</param>
    internal static SignatureCheck Verify(SignatureMaterial found, IReadOnlyList<ECDsa> keys, KeylessTrust? keyless)
    {
        ArgumentNullException.ThrowIfNull(found);
        ArgumentNullException.ThrowIfNull(keys);
        if (found.Unreadable is { } why)
        {
            return new SignatureCheck(SignatureVerdict.Unknown, why);
        }

        if (found.Layers.Count == 0)
        {
            return new SignatureCheck(SignatureVerdict.Missing, $"no cosign signature is attached to {found.Digest}");
        }

        string? firstProblem = null;
        foreach (var layer in found.Layers)
        {
            var problem = Check(layer, found.Digest, keys, keyless, out var signer);
            if (problem is null)
            {
                return new SignatureCheck(SignatureVerdict.Verified, $"signed by a configured {signer}: {found.Digest}");
            }

            firstProblem ??= problem;
        }

        return new SignatureCheck(SignatureVerdict.Invalid, $"{found.Digest}: {firstProblem}");
    }

    private static string? Check(CosignLayer layer, Digest digest, IReadOnlyList<ECDsa> keys, KeylessTrust? keyless, out string signer)
    {
        signer = "key";
        if (layer.Signature is not { } text)
        {
            return "a signature layer has no dev.cosignproject.cosign/signature annotation";
        }

        if (SignedDigest(layer.Payload) is not { } signed)
        {
            return "a signature's payload is not a simple-signing payload naming critical.image.docker-manifest-digest";
        }

        if (signed != digest.ToString())
        {
            return "a signature's payload names another digest";
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            return "a signature is not base64";
        }

        foreach (var key in keys)
        {
            try
            {
                if (key.VerifyData(layer.Payload.Span, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
                {
                    return null;
                }
            }
            catch (CryptographicException)
            {
                // A malformed DER signature verifies with no key.
            }
        }

        // A keyless signature carries its certificate; a key-based one does not, and then only the keys can tell.
        if (keyless is null || (layer.Certificate is null && keys.Count > 0))
        {
            return "no signature verifies with the configured keys";
        }

        signer = "keyless identity";
        return KeylessVerifier.Check(layer, signature, keyless);
    }

    private static string? SignedDigest(ReadOnlyMemory<byte> payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("critical", out var critical) && critical.ValueKind == JsonValueKind.Object
                && critical.TryGetProperty("image", out var image) && image.ValueKind == JsonValueKind.Object
                && image.TryGetProperty("docker-manifest-digest", out var digest) && digest.ValueKind == JsonValueKind.String
                ? digest.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
