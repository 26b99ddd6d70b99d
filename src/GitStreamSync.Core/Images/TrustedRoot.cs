using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace GitStreamSync.Core.Images;

/// <summary>
/// What keyless verification trusts, from a sigstore <c>trusted_root.json</c> (protobuf-specs
/// <c>TrustedRoot</c> in its JSON form): the Fulcio certificate authorities (each a chain, leaf-most first,
/// ending in its root, and the period it issued in) and the transparency logs (Rekor: a public key, its
/// log ID and the period it signed in). Timestamp authorities and CT logs are read by no check here.
/// </summary>
internal sealed record TrustedRoot(IReadOnlyList<FulcioAuthority> Authorities, IReadOnlyList<TransparencyLogKey> Logs)
{
    /// <summary>Reads the JSON text; <paramref name="path"/> names the file in the message of a <see cref="TrustedRootFormatException"/>.</summary>
    public static TrustedRoot Parse(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new TrustedRootFormatException($"{path}: not a sigstore trusted root (a JSON object with certificateAuthorities and tlogs)");
            }

            var authorities = Items(root, "certificateAuthorities", path).Select((ca, i) => Authority(ca, $"certificateAuthorities[{i}]", path)).ToList();
            var logs = Items(root, "tlogs", path).Select((log, i) => Log(log, $"tlogs[{i}]", path)).OfType<TransparencyLogKey>().ToList();
            return authorities.Count == 0
                ? throw new TrustedRootFormatException($"{path}: certificateAuthorities is empty; keyless signatures chain to a Fulcio authority")
                : logs.Count == 0
                    ? throw new TrustedRootFormatException($"{path}: tlogs has no ECDSA key; keyless signatures are checked against a Rekor key")
                    : new TrustedRoot(authorities, logs);
        }
        catch (JsonException e)
        {
            throw new TrustedRootFormatException($"{path}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: not JSON");
        }
    }

    private static JsonElement.ArrayEnumerator Items(JsonElement root, string name, string path) =>
        root.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray()
            : throw new TrustedRootFormatException($"{path}: {name} must be a list");

    private static FulcioAuthority Authority(JsonElement element, string at, string path)
    {
        var certificates = element.ValueKind == JsonValueKind.Object
            && element.TryGetProperty("certChain", out var chain) && chain.ValueKind == JsonValueKind.Object
            && chain.TryGetProperty("certificates", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select((c, i) => RawBytes(c, $"{at}.certChain.certificates[{i}]", path)).ToList()
                : throw new TrustedRootFormatException($"{path}: {at}.certChain.certificates must be a list");
        if (certificates.Count == 0)
        {
            throw new TrustedRootFormatException($"{path}: {at}.certChain.certificates is empty");
        }

        foreach (var (der, i) in certificates.Select((c, i) => (c, i)))
        {
            try
            {
                using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(der);
            }
            catch (CryptographicException)
            {
                throw new TrustedRootFormatException($"{path}: {at}.certChain.certificates[{i}].rawBytes is not a DER certificate");
            }
        }

        var (start, end) = ValidFor(element, at, path);
        return new FulcioAuthority(certificates, start, end);
    }

    private static TransparencyLogKey? Log(JsonElement element, string at, string path)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("publicKey", out var key) || key.ValueKind != JsonValueKind.Object)
        {
            throw new TrustedRootFormatException($"{path}: {at}.publicKey is missing");
        }

        var raw = RawBytes(key, $"{at}.publicKey", path);
        var logId = element.TryGetProperty("logId", out var id) && id.ValueKind == JsonValueKind.Object
            && id.TryGetProperty("keyId", out var keyId) && keyId.ValueKind == JsonValueKind.String && TryBase64(keyId.GetString()!, out var idBytes)
                ? Convert.ToHexStringLower(idBytes)
                : throw new TrustedRootFormatException($"{path}: {at}.logId.keyId must be base64");
        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(raw, out _);
        }
        catch (CryptographicException)
        {
            // An Ed25519 or RSA log key (.NET verifies no Ed25519): such a log cannot vouch for an entry here.
            return null;
        }

        var (start, end) = ValidFor(key, $"{at}.publicKey", path);
        return new TransparencyLogKey(raw, logId, start, end);
    }

    private static byte[] RawBytes(JsonElement element, string at, string path) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("rawBytes", out var raw) && raw.ValueKind == JsonValueKind.String && TryBase64(raw.GetString()!, out var bytes) && bytes.Length > 0
            ? bytes
            : throw new TrustedRootFormatException($"{path}: {at}.rawBytes must be base64");

    private static (DateTimeOffset Start, DateTimeOffset? End) ValidFor(JsonElement element, string at, string path)
    {
        if (!element.TryGetProperty("validFor", out var validFor) || validFor.ValueKind != JsonValueKind.Object)
        {
            throw new TrustedRootFormatException($"{path}: {at}.validFor.start is missing");
        }

        var start = Time(validFor, "start", at, path) ?? throw new TrustedRootFormatException($"{path}: {at}.validFor.start is missing");
        return (start, Time(validFor, "end", at, path));
    }

    private static DateTimeOffset? Time(JsonElement validFor, string name, string at, string path)
    {
        if (!validFor.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
                ? time
                : throw new TrustedRootFormatException($"{path}: {at}.validFor.{name} is not an RFC 3339 time");
    }

    private static bool TryBase64(string text, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromBase64String(text);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}

/// <summary>A Fulcio authority: its chain as DER, leaf-most first and ending in its root, and when it issued.</summary>
internal sealed record FulcioAuthority(IReadOnlyList<byte[]> Chain, DateTimeOffset Start, DateTimeOffset? End)
{
    public bool ValidAt(DateTimeOffset time) => time >= Start && (End is not { } end || time <= end);
}

/// <summary>A Rekor log's key (DER SubjectPublicKeyInfo, ECDSA), its log ID as lowercase hex, and when it signed.</summary>
internal sealed record TransparencyLogKey(byte[] PublicKey, string LogId, DateTimeOffset Start, DateTimeOffset? End)
{
    public bool ValidAt(DateTimeOffset time) => time >= Start && (End is not { } end || time <= end);
}

public sealed class TrustedRootFormatException(string message) : FormatException(message);
