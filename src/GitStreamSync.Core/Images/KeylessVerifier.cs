using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GitStreamSync.Core.Images;

/// <summary>What keyless verification needs: the identities that may sign and the trusted root, or why the root could not be read.</summary>
internal sealed record KeylessTrust(IReadOnlyList<KeylessIdentity> Identities, TrustedRoot? Root, string? RootProblem = null);

/// <summary>
/// cosign's keyless verification, offline, for one signature layer whose payload already names the digest:
/// the payload's signature verifies with the key of the layer's Fulcio certificate
/// (<c>dev.sigstore.cosign/certificate</c>); the Rekor SET (<c>dev.sigstore.cosign/bundle</c>) is signed by a
/// log of the trusted root, under the log ID it names, and logs this very signature, certificate and payload;
/// the certificate was valid at the entry's integratedTime and chains, at that time, to a Fulcio
/// authority of the trusted root that was issuing then; and its issuer and SANs match a configured identity.
/// </summary>
/// <remarks>
/// The chain is checked by <see cref="X509Chain"/> with the authority's root as the only trust anchor
/// (<see cref="X509ChainTrustMode.CustomRootTrust"/>) and its intermediates from the trusted root, never
/// from the signature's <c>dev.sigstore.cosign/chain</c>: the platform checks the signatures along the chain,
/// every validity period at the given time, basic constraints, key usage and unknown critical extensions,
/// which a hand-written walk would have to get right one by one. Downloads and revocation are off: the
/// check is offline and Fulcio certificates live ten minutes, past any revocation list.
/// </remarks>
internal static class KeylessVerifier
{
    private const string CodeSigning = "1.3.6.1.5.5.7.3.3";

    /// <summary>Null when the layer is a valid keyless signature by one of the identities; else what is wrong.</summary>
    public static string? Check(CosignLayer layer, byte[] signature, KeylessTrust trust)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(trust);
        if (trust.Root is not { } root)
        {
            return trust.RootProblem ?? "no trusted root is configured for keyless signatures";
        }

        if (layer.Certificate is not { } pem || LoadPem(pem) is not { } leaf)
        {
            return "a signature has no Fulcio certificate (dev.sigstore.cosign/certificate)";
        }

        using (leaf)
        {
            try
            {
                return Check(layer, signature, trust.Identities, root, leaf);
            }
            catch (CryptographicException)
            {
                // A certificate .NET reads but cannot use (an unknown curve, a broken key): it vouches for nothing.
                return "a signature's certificate has a key that cannot verify";
            }
        }
    }

    private static string? Check(CosignLayer layer, byte[] signature, IReadOnlyList<KeylessIdentity> identities, TrustedRoot root, X509Certificate2 leaf)
    {
        using var key = leaf.GetECDsaPublicKey();
        if (key is null || !Verifies(key, layer.Payload.Span, signature))
        {
            return "a signature does not verify with its certificate's key";
        }

        if (layer.Bundle is null)
        {
            return "a keyless signature has no Rekor bundle (dev.sigstore.cosign/bundle): nothing dates it";
        }

        if (RekorBundle.TryParse(layer.Bundle) is not { } bundle)
        {
            return "a signature's Rekor bundle is not {SignedEntryTimestamp, Payload{body, integratedTime, logIndex, logID}}";
        }

        var time = bundle.Integrated;
        if (root.Logs.FirstOrDefault(l => string.Equals(l.LogId, bundle.LogId, StringComparison.OrdinalIgnoreCase)) is not { } log)
        {
            return "a signature was logged by a Rekor log the trusted root does not name";
        }

        if (!bundle.SignedBy(log) || !log.ValidAt(time))
        {
            return "a signature's Rekor SET does not verify with the trusted root's log key";
        }

        if (bundle.EntryProblem(signature, leaf, layer.Payload.Span) is { } entry)
        {
            return entry;
        }

        if (time < leaf.NotBefore.ToUniversalTime() || time > leaf.NotAfter.ToUniversalTime())
        {
            return $"a signature's certificate was not valid at its Rekor integratedTime {time:yyyy-MM-ddTHH:mm:ssZ}";
        }

        if (!root.Authorities.Any(a => a.ValidAt(time) && ChainsTo(leaf, a, time)))
        {
            return "a signature's certificate does not chain to a Fulcio authority of the trusted root";
        }

        var issuer = FulcioCertificate.Issuer(leaf);
        var subjects = FulcioCertificate.Subjects(leaf);
        return identities.Any(i => i.Matches(issuer, subjects))
            ? null
            : $"a signature's identity (issuer {issuer ?? "none"}, subject {string.Join(", ", subjects.DefaultIfEmpty("none"))}) matches no configured identity";
    }

    /// <summary>The first certificate of a PEM text, or null.</summary>
    public static X509Certificate2? LoadPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!PemEncoding.TryFind(pem, out var fields) || pem[fields.Label] is not "CERTIFICATE")
        {
            return null;
        }

        try
        {
            return X509CertificateLoader.LoadCertificate(Convert.FromBase64String(pem[fields.Base64Data]));
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }

    private static bool Verifies(ECDsa key, ReadOnlySpan<byte> payload, byte[] signature)
    {
        try
        {
            return key.VerifyData(payload, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static bool ChainsTo(X509Certificate2 leaf, FulcioAuthority authority, DateTimeOffset time)
    {
        var certificates = authority.Chain.Select(X509CertificateLoader.LoadCertificate).ToList();
        using var chain = new X509Chain();
        try
        {
            var anchor = certificates[^1];
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(anchor);
            chain.ChainPolicy.ExtraStore.AddRange(certificates.SkipLast(1).ToArray());
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.DisableCertificateDownloads = true;
            chain.ChainPolicy.VerificationTime = time.UtcDateTime;
            chain.ChainPolicy.ApplicationPolicy.Add(new Oid(CodeSigning));
            return chain.Build(leaf)
                && chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(anchor.RawDataMemory.Span);
        }
        finally
        {
            foreach (var element in chain.ChainElements)
            {
                element.Certificate.Dispose();
            }

            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }
        }
    }
}
