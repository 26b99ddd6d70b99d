using System.Security.Cryptography;
using System.Text;
using GitStreamSync.Core.Images;

namespace GitStreamSync.Core.Tests.Images;

public sealed class CosignVerifierTests
{
    private static readonly Digest Image = Digest.Parse("sha256:" + new string('c', 64));

    private static byte[] Payload(Digest digest) => Encoding.UTF8.GetBytes(
        $"{{\"critical\":{{\"identity\":{{\"docker-reference\":\"registry.example.com/acme/app\"}},\"image\":{{\"docker-manifest-digest\":\"{digest}\"}},\"type\":\"cosign container image signature\"}},\"optional\":null}}");

    private static string Sign(ECDsa key, byte[] payload) => Convert.ToBase64String(key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    private static SignatureMaterial Found(params CosignLayer[] layers) => new(Image) { Layers = layers };

    [Fact]
    public void A_signature_by_a_configured_key_over_a_payload_naming_the_digest_verifies()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var payload = Payload(Image);

        Assert.Equal(SignatureVerdict.Verified, CosignVerifier.Verify(Found(new CosignLayer(payload, Sign(key, payload))), [key]).Verdict);
    }

    [Fact]
    public void Another_key_a_changed_payload_another_digest_a_missing_annotation_and_no_signature_do_not()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var payload = Payload(Image);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(payload).Replace("\"optional\":null", "\"optional\":{}", StringComparison.Ordinal));
        var elsewhere = Payload(Digest.Parse("sha256:" + new string('d', 64)));

        var wrongKey = CosignVerifier.Verify(Found(new CosignLayer(payload, Sign(other, payload))), [key]);
        var changed = CosignVerifier.Verify(Found(new CosignLayer(tampered, Sign(key, payload))), [key]);
        var moved = CosignVerifier.Verify(Found(new CosignLayer(elsewhere, Sign(key, elsewhere))), [key]);
        var unannotated = CosignVerifier.Verify(Found(new CosignLayer(payload, null)), [key]);
        var garbage = CosignVerifier.Verify(Found(new CosignLayer(payload, "not base64!")), [key]);
        var none = CosignVerifier.Verify(Found(), [key]);

        Assert.Equal(
            [SignatureVerdict.Invalid, SignatureVerdict.Invalid, SignatureVerdict.Invalid, SignatureVerdict.Invalid, SignatureVerdict.Invalid, SignatureVerdict.Missing],
            new[] { wrongKey, changed, moved, unannotated, garbage, none }.Select(c => c.Verdict));
        Assert.Equal("SignatureInvalid", wrongKey.Reason);
        Assert.Equal("SignatureMissing", none.Reason);
        Assert.Contains("names another digest", moved.Message, StringComparison.Ordinal);
        Assert.Contains("no signature verifies with the configured keys", changed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_valid_layer_among_invalid_ones_verifies_and_a_registry_failure_is_unknown()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var payload = Payload(Image);

        Assert.Equal(SignatureVerdict.Verified, CosignVerifier.Verify(Found(new CosignLayer(payload, Sign(other, payload)), new CosignLayer(payload, Sign(key, payload))), [key]).Verdict);
        Assert.Equal(SignatureVerdict.Unknown, CosignVerifier.Verify(new SignatureMaterial(Image) { Unreadable = "registry.example.com: 503" }, [key]).Verdict);
    }
}
