using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace GitStreamSync.Core.Images;

/// <summary>
/// cosign's <c>dev.sigstore.cosign/bundle</c> annotation: Rekor's signed entry timestamp (SET) and the
/// entry it signs (<c>{"SignedEntryTimestamp": base64, "Payload": {"body", "integratedTime", "logIndex",
/// "logID"}}</c>). The SET is Rekor's ECDSA signature over the RFC 8785 canonical JSON of the payload; the
/// body is the logged entry, a <c>hashedrekord</c> naming the signature, the certificate and the payload's hash.
/// </summary>
internal sealed record RekorBundle(byte[] SignedEntryTimestamp, string Body, long IntegratedTime, long LogIndex, string LogId)
{
    /// <summary>The largest integer RFC 8785 writes as it is (a JSON number is an IEEE double).</summary>
    private const long MaxExactInteger = (1L << 53) - 1;

    public DateTimeOffset Integrated => DateTimeOffset.FromUnixTimeSeconds(IntegratedTime);

    /// <summary>The bundle, or null when the annotation is not one (the caller says so).</summary>
    public static RekorBundle? TryParse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 8 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty(nameof(SignedEntryTimestamp), out var set) || set.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("Payload", out var payload) || payload.ValueKind != JsonValueKind.Object
                || !payload.TryGetProperty("body", out var body) || body.ValueKind != JsonValueKind.String
                || !payload.TryGetProperty("logID", out var logId) || logId.ValueKind != JsonValueKind.String
                || Integer(payload, "integratedTime") is not { } integrated
                || Integer(payload, "logIndex") is not { } index)
            {
                return null;
            }

            return new RekorBundle(Convert.FromBase64String(set.GetString()!), body.GetString()!, integrated, index, logId.GetString()!);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The bytes Rekor signed: the payload's four members in RFC 8785 form (keys in UTF-16 order, no space).</summary>
    public byte[] CanonicalPayload()
    {
        var text = new StringBuilder("{\"body\":");
        Quote(text, Body);
        text.Append(CultureInfo.InvariantCulture, $",\"integratedTime\":{IntegratedTime},\"logID\":");
        Quote(text, LogId);
        text.Append(CultureInfo.InvariantCulture, $",\"logIndex\":{LogIndex}}}");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Whether <paramref name="log"/>'s key signed this entry (DER ECDSA over the SHA-256 of the canonical payload).</summary>
    public bool SignedBy(TransparencyLogKey log)
    {
        ArgumentNullException.ThrowIfNull(log);
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(log.PublicKey, out _);
        try
        {
            return key.VerifyData(CanonicalPayload(), SignedEntryTimestamp, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// Null when the logged entry is a <c>hashedrekord</c> of exactly this signature, certificate and
    /// payload; else what differs. Without this a SET of any other entry would date any signature.
    /// </summary>
    public string? EntryProblem(byte[] signature, X509Certificate2 leaf, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        try
        {
            using var document = JsonDocument.Parse(Convert.FromBase64String(Body), new JsonDocumentOptions { MaxDepth = 16 });
            var entry = document.RootElement;
            if (entry.ValueKind != JsonValueKind.Object || !Is(entry, "kind", "hashedrekord") || !entry.TryGetProperty("spec", out var spec) || spec.ValueKind != JsonValueKind.Object)
            {
                return "the Rekor entry is not a hashedrekord";
            }

            var hash = Member(spec, "data", "hash");
            if (hash is not { } h || !Is(h, "algorithm", "sha256") || !Is(h, "value", Convert.ToHexStringLower(SHA256.HashData(payload))))
            {
                return "the Rekor entry logs another payload";
            }

            var logged = Member(spec, "signature");
            if (logged is not { } s || !s.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String
                || !Convert.FromBase64String(content.GetString()!).AsSpan().SequenceEqual(signature))
            {
                return "the Rekor entry logs another signature";
            }

            var pem = Member(s, "publicKey") is { } k && k.TryGetProperty("content", out var key) && key.ValueKind == JsonValueKind.String
                ? Encoding.UTF8.GetString(Convert.FromBase64String(key.GetString()!))
                : null;
            return pem is not null && KeylessVerifier.LoadPem(pem) is { } certificate && Disposing(certificate, c => c.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span))
                ? null
                : "the Rekor entry logs another certificate";
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return "the Rekor entry's body is not base64 JSON";
        }
    }

    private static bool Disposing(X509Certificate2 certificate, Func<X509Certificate2, bool> check)
    {
        using (certificate)
        {
            return check(certificate);
        }
    }

    private static JsonElement? Member(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.Object ? element : null;
    }

    private static bool Is(JsonElement element, string name, string value) =>
        element.TryGetProperty(name, out var member) && member.ValueKind == JsonValueKind.String && member.GetString() == value;

    private static long? Integer(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number is >= 0 and <= MaxExactInteger
            ? number
            : null;

    /// <summary>A JSON string as RFC 8785 (ECMAScript's JSON.stringify) writes it: only quote, backslash and control characters escaped.</summary>
    private static void Quote(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                '\b' => text.Append("\\b"),
                '\f' => text.Append("\\f"),
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                '\t' => text.Append("\\t"),
                < ' ' => text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => text.Append(c),
            };
        }

        text.Append('"');
    }
}
