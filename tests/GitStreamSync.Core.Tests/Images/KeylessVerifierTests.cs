using System.Text;
using GitStreamSync.Core.Images;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Core.Tests.Images;

/// <summary>
/// Keyless signatures made by a fake Fulcio and Rekor built in the test with the framework's crypto:
/// one valid signature verifies, and each way one can be wrong is refused with its own reason.
/// </summary>
public sealed class KeylessVerifierTests
{
    private const string Issuer = "https://token.actions.githubusercontent.com";
    private const string Subject = "https://github.com/acme/app/.github/workflows/release.yaml@refs/tags/v1.0.0";
    private static readonly DateTimeOffset Issued = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Digest Image = Digest.Parse("sha256:" + new string('c', 64));
    private static readonly KeylessIdentity Release = new(Issuer, @"https://github\.com/acme/app/\.github/workflows/release\.yaml@refs/tags/v.+");

    [Fact]
    public void A_signature_of_a_trusted_fulcio_certificate_logged_by_the_trusted_rekor_verifies()
    {
        using var sigstore = new FakeSigstore(Issued);

        var check = Verify(sigstore, Layer(sigstore, Payload(Image), Issuer, Subject));

        Assert.True(check.Verdict == SignatureVerdict.Verified, check.Message);
        Assert.Contains("keyless identity", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_e_mail_subject_matches_whole_and_only_whole()
    {
        using var sigstore = new FakeSigstore(Issued);
        var layer = Layer(sigstore, Payload(Image), "https://accounts.google.com", "release@acme.example");

        Assert.Equal(SignatureVerdict.Verified, Verify(sigstore, layer, new KeylessIdentity("https://accounts.google.com", @"release@acme\.example")).Verdict);
        Assert.Equal(SignatureVerdict.Invalid, Verify(sigstore, layer, new KeylessIdentity("https://accounts.google.com", "release@acme")).Verdict);
        Assert.Equal(SignatureVerdict.Invalid, Verify(sigstore, layer, new KeylessIdentity("https://accounts.google.com", "acme\\.example")).Verdict);
    }

    [Theory]
    [InlineData("issuer", "matches no configured identity")]
    [InlineData("subject", "matches no configured identity")]
    [InlineData("other-ca", "does not chain to a Fulcio authority of the trusted root")]
    [InlineData("expired", "was not valid at its Rekor integratedTime 2026-03-01T12:20:00Z")]
    [InlineData("tampered-set", "Rekor SET does not verify")]
    [InlineData("tampered-payload", "does not verify with its certificate's key")]
    [InlineData("no-bundle", "has no Rekor bundle")]
    [InlineData("no-certificate", "has no Fulcio certificate")]
    [InlineData("other-entry", "the Rekor entry logs another signature")]
    [InlineData("other-log", "logged by a Rekor log the trusted root does not name")]
    public void Each_flaw_is_refused_with_its_reason(string flaw, string reason)
    {
        using var sigstore = new FakeSigstore(Issued);
        using var other = new FakeSigstore(Issued, "elsewhere");
        var payload = Payload(Image);
        var layer = flaw switch
        {
            "issuer" => Layer(sigstore, payload, "https://accounts.google.com", Subject),
            "subject" => Layer(sigstore, payload, Issuer, "https://github.com/evil/app/.github/workflows/release.yaml@refs/tags/v1.0.0"),
            "other-ca" => Layer(sigstore, payload, Issuer, Subject, new KeylessFlaw { IssuedBy = other }),
            "expired" => Layer(sigstore, payload, Issuer, Subject, new KeylessFlaw { LoggedAfter = TimeSpan.FromMinutes(20) }),
            "tampered-set" => Layer(sigstore, payload, Issuer, Subject, new KeylessFlaw { TamperedSet = true }),
            "tampered-payload" => Layer(sigstore, payload, Issuer, Subject) with { Payload = Tamper(payload) },
            "no-bundle" => Layer(sigstore, payload, Issuer, Subject, new KeylessFlaw { NoBundle = true }),
            "no-certificate" => Layer(sigstore, payload, Issuer, Subject) with { Certificate = null },
            "other-entry" => Layer(sigstore, payload, Issuer, Subject) with { Bundle = Layer(sigstore, payload, Issuer, Subject).Bundle },
            "other-log" => Layer(sigstore, payload, Issuer, Subject) with { Bundle = Layer(other, payload, Issuer, Subject).Bundle },
            _ => throw new ArgumentOutOfRangeException(nameof(flaw)),
        };

        var check = Verify(sigstore, layer);

        Assert.Equal(SignatureVerdict.Invalid, check.Verdict);
        Assert.Contains(reason, check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_authority_that_was_not_issuing_at_the_entry_time_does_not_count()
    {
        using var sigstore = new FakeSigstore(Issued);
        var json = sigstore.TrustedRootJson().Replace("\"validFor\":{\"start\":\"2025-03-01T12:00:00.000Z\"}}]", "\"validFor\":{\"start\":\"2025-03-01T12:00:00.000Z\",\"end\":\"2026-01-01T00:00:00Z\"}}]", StringComparison.Ordinal);
        Assert.NotEqual(sigstore.TrustedRootJson(), json);
        var root = TrustedRoot.Parse("trusted_root.json", json);

        var check = CosignVerifier.Verify(new SignatureMaterial(Image) { Layers = [Layer(sigstore, Payload(Image), Issuer, Subject)] }, [], new KeylessTrust([Release], root));

        Assert.Contains("does not chain to a Fulcio authority", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trusted_root_that_is_not_one_names_the_file_and_where()
    {
        var syntax = Assert.Throws<TrustedRootFormatException>(() => TrustedRoot.Parse("sigstore/trusted_root.json", "{\n  \"tlogs\": [,]\n}"));
        var shape = Assert.Throws<TrustedRootFormatException>(() => TrustedRoot.Parse("sigstore/trusted_root.json", "{\"tlogs\":[],\"certificateAuthorities\":[{\"certChain\":{\"certificates\":[{\"rawBytes\":\"AAAA\"}]}}]}"));

        Assert.Equal("sigstore/trusted_root.json:2:13: not JSON", syntax.Message);
        Assert.Equal("sigstore/trusted_root.json: certificateAuthorities[0].certChain.certificates[0].rawBytes is not a DER certificate", shape.Message);
    }

    [Fact]
    public void A_subject_expression_that_never_ends_times_out_as_no_match()
    {
        var identity = new KeylessIdentity(Issuer, "(a+)+b");

        Assert.False(identity.Matches(Issuer, [new string('a', 5000) + "c"]));
        Assert.NotNull(KeylessIdentity.CheckPattern("(unclosed"));
    }

    private static SignatureCheck Verify(FakeSigstore sigstore, CosignLayer layer, KeylessIdentity? identity = null) =>
        CosignVerifier.Verify(
            new SignatureMaterial(Image) { Layers = [layer] },
            [],
            new KeylessTrust([identity ?? Release], TrustedRoot.Parse("trusted_root.json", sigstore.TrustedRootJson())));

    private static CosignLayer Layer(FakeSigstore sigstore, byte[] payload, string issuer, string subject, KeylessFlaw? flaw = null)
    {
        var signed = sigstore.Sign(payload, issuer, subject, Issued, flaw);
        return new CosignLayer(payload, signed.Signature) { Certificate = signed.Certificate, Bundle = signed.Bundle };
    }

    private static byte[] Payload(Digest digest) => CosignPayload.For("registry.example.com/acme/app", digest);

    private static byte[] Tamper(byte[] payload) =>
        Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(payload).Replace("\"optional\":null", "\"optional\":{\"x\":1}", StringComparison.Ordinal));
}
