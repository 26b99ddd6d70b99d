using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace GitStreamSync.Core.Images;

/// <summary>
/// What a Fulcio certificate says of its holder: the OIDC issuer (extension 1.3.6.1.4.1.57264.1.8, a DER
/// UTF8String, or the older 1.3.6.1.4.1.57264.1.1, the raw bytes of the URL; the newer wins, as in
/// cosign) and the subject alternative names Fulcio writes (rfc822Name e-mails and URIs).
/// </summary>
internal static class FulcioCertificate
{
    private const string IssuerV1 = "1.3.6.1.4.1.57264.1.1";
    private const string IssuerV2 = "1.3.6.1.4.1.57264.1.8";
    private const string SubjectAlternativeName = "2.5.29.17";

    public static string? Issuer(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate.Extensions[IssuerV2] is { } v2)
        {
            try
            {
                var reader = new AsnReader(v2.RawData, AsnEncodingRules.DER);
                var text = reader.ReadCharacterString(UniversalTagNumber.UTF8String);
                reader.ThrowIfNotEmpty();
                return text;
            }
            catch (Exception e) when (e is AsnContentException or CryptographicException)
            {
                return null;
            }
        }

        if (certificate.Extensions[IssuerV1] is { } v1)
        {
            try
            {
                return new UTF8Encoding(false, true).GetString(v1.RawData);
            }
            catch (DecoderFallbackException)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>The e-mail and URI names of the SAN extension; none when it is missing or not DER.</summary>
    public static IReadOnlyList<string> Subjects(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate.Extensions[SubjectAlternativeName] is not { } extension)
        {
            return [];
        }

        var names = new List<string>();
        try
        {
            var sequence = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (sequence.HasData)
            {
                var tag = sequence.PeekTag();
                if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue is 1 or 6)
                {
                    names.Add(sequence.ReadCharacterString(UniversalTagNumber.IA5String, tag));
                }
                else
                {
                    sequence.ReadEncodedValue();
                }
            }
        }
        catch (AsnContentException)
        {
            return [];
        }

        return names;
    }
}
