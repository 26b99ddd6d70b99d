using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace GitStreamSync.Testing.Registry;

/// <summary>What <c>cosign sign</c> without a key attaches to a signature layer.</summary>
public sealed record KeylessSignature(string Signature, string Certificate, string Chain, string? Bundle);

/// <summary>How one keyless signature departs from a valid one, for the tests that must see it refused.</summary>
public sealed record KeylessFlaw
{
    /// <summary>The certificate is issued by this other authority's intermediate.</summary>
    public FakeSigstore? IssuedBy { get; init; }

    /// <summary>Rekor logs the entry this long after the certificate was issued (Fulcio's certificates live ten minutes).</summary>
    public TimeSpan LoggedAfter { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The SET's payload is changed after Rekor signed it.</summary>
    public bool TamperedSet { get; init; }

    /// <summary>No <c>dev.sigstore.cosign/bundle</c>.</summary>
    public bool NoBundle { get; init; }
}

/// <summary>
/// A Fulcio (root and intermediate CA, ECDSA) and a Rekor (an ECDSA key that signs entry timestamps) made
/// with the framework's crypto, and the sigstore <c>trusted_root.json</c> that trusts them: the keyless
/// signatures cosign makes, without the network. The Rekor SET is written by hand here (the canonical
/// JSON of the entry, keys in order, no spaces), not by the code under test.
/// </summary>
public sealed class FakeSigstore : IDisposable
{
    private readonly ECDsa rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
    private readonly ECDsa intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
    private readonly ECDsa rekorKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 root;
    private readonly X509Certificate2 intermediate;
    private readonly DateTimeOffset start;
    private long logIndex = 1000;

    public FakeSigstore(DateTimeOffset start, string name = "sigstore")
    {
        this.start = start;
        var rootRequest = new CertificateRequest($"O=sigstore.dev, CN={name}", rootKey, HashAlgorithmName.SHA384);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        root = rootRequest.CreateSelfSigned(start.AddYears(-1), start.AddYears(10));

        var intermediateRequest = new CertificateRequest($"O=sigstore.dev, CN={name}-intermediate", intermediateKey, HashAlgorithmName.SHA384);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        intermediateRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        intermediateRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], false));
        intermediateRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(intermediateRequest.PublicKey, false));
        intermediateRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        using var signed = intermediateRequest.Create(root, start.AddYears(-1), start.AddYears(5), [1, 2, 3, 4]);
        intermediate = signed.CopyWithPrivateKey(intermediateKey);
    }

    /// <summary>The log ID cosign writes: the hex SHA-256 of the Rekor key's DER SubjectPublicKeyInfo.</summary>
    public string LogId => Convert.ToHexStringLower(SHA256.HashData(rekorKey.ExportSubjectPublicKeyInfo()));

    /// <summary>The trusted root, as <c>cosign trusted-root create</c> and the sigstore TUF repository write it.</summary>
    public string TrustedRootJson() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["mediaType"] = "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
        ["tlogs"] = new[]
        {
            new
            {
                baseUrl = "https://rekor.invalid",
                hashAlgorithm = "SHA2_256",
                publicKey = new { rawBytes = Convert.ToBase64String(rekorKey.ExportSubjectPublicKeyInfo()), keyDetails = "PKIX_ECDSA_P256_SHA_256", validFor = new { start = Time(start.AddYears(-1)) } },
                logId = new { keyId = Convert.ToBase64String(SHA256.HashData(rekorKey.ExportSubjectPublicKeyInfo())) },
            },
        },
        ["certificateAuthorities"] = new[]
        {
            new
            {
                subject = new { organization = "sigstore.dev", commonName = "sigstore" },
                uri = "https://fulcio.invalid",
                certChain = new { certificates = new[] { new { rawBytes = Convert.ToBase64String(intermediate.RawData) }, new { rawBytes = Convert.ToBase64String(root.RawData) } } },
                validFor = new { start = Time(start.AddYears(-1)) },
            },
        },
        ["ctlogs"] = Array.Empty<object>(),
        ["timestampAuthorities"] = Array.Empty<object>(),
    });

    /// <summary>
    /// Signs <paramref name="payload"/> as <c>cosign sign</c> does keyless at <paramref name="issued"/>: an
    /// ephemeral key, a ten-minute certificate for <paramref name="subject"/> (an e-mail or a URI) from
    /// <paramref name="issuer"/>, and the Rekor entry of the signature with its SET.
    /// </summary>
    public KeylessSignature Sign(byte[] payload, string issuer, string subject, DateTimeOffset issued, KeylessFlaw? flaw = null)
    {
        ArgumentNullException.ThrowIfNull(payload);
        flaw ??= new KeylessFlaw();
        var authority = flaw.IssuedBy ?? this;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName(""), key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        if (subject.Contains("://", StringComparison.Ordinal))
        {
            names.AddUri(new Uri(subject));
        }
        else
        {
            names.AddEmailAddress(subject);
        }

        request.CertificateExtensions.Add(names.Build(critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority.intermediate, true, false));
        request.CertificateExtensions.Add(new X509Extension("1.3.6.1.4.1.57264.1.1", Encoding.ASCII.GetBytes(issuer), false));
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteCharacterString(UniversalTagNumber.UTF8String, issuer);
        request.CertificateExtensions.Add(new X509Extension("1.3.6.1.4.1.57264.1.8", writer.Encode(), false));
        using var leaf = request.Create(authority.intermediate, issued, issued.AddMinutes(10), RandomNumberGenerator.GetBytes(16));
        var certificate = leaf.ExportCertificatePem() + "\n";
        var signature = Convert.ToBase64String(key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        var chain = authority.intermediate.ExportCertificatePem() + "\n" + authority.root.ExportCertificatePem() + "\n";
        return new KeylessSignature(signature, certificate, chain, flaw.NoBundle ? null : Bundle(payload, signature, certificate, issued + flaw.LoggedAfter, flaw.TamperedSet));
    }

    public void Dispose()
    {
        root.Dispose();
        intermediate.Dispose();
        rootKey.Dispose();
        intermediateKey.Dispose();
        rekorKey.Dispose();
    }

    private string Bundle(byte[] payload, string signature, string certificate, DateTimeOffset integrated, bool tampered)
    {
        var entry = JsonSerializer.Serialize(new
        {
            apiVersion = "0.0.1",
            kind = "hashedrekord",
            spec = new
            {
                data = new { hash = new { algorithm = "sha256", value = Convert.ToHexStringLower(SHA256.HashData(payload)) } },
                signature = new { content = signature, publicKey = new { content = Convert.ToBase64String(Encoding.UTF8.GetBytes(certificate)) } },
            },
        });
        var body = Convert.ToBase64String(Encoding.UTF8.GetBytes(entry));
        var time = integrated.ToUnixTimeSeconds();
        var index = Interlocked.Increment(ref logIndex);
        var canonical = string.Create(CultureInfo.InvariantCulture, $"{{\"body\":\"{body}\",\"integratedTime\":{time},\"logID\":\"{LogId}\",\"logIndex\":{index}}}");
        var set = Convert.ToBase64String(rekorKey.SignData(Encoding.UTF8.GetBytes(canonical), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

        // cosign writes the payload's members in its struct's order, not the canonical one.
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"SignedEntryTimestamp\":\"{set}\",\"Payload\":{{\"body\":\"{body}\",\"integratedTime\":{time},\"logIndex\":{(tampered ? index + 1 : index)},\"logID\":\"{LogId}\"}}}}");
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
