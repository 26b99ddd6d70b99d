using GitStreamSync.Core.Images;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace GitStreamSync.Core.Configuration;

/// <summary>
/// One entry of <c>verify:</c>: the images it covers (a <c>registry/repository</c> pattern where
/// <c>*</c> matches any characters, and/or ImageStream names) and the cosign public keys
/// (ECDSA P-256, PEM) of which one must have signed a digest before it is proposed, and/or the keyless
/// identities of which one must have, checked against the sigstore trusted root at <see cref="TrustedRoot"/>
/// (a path in the repository).
/// </summary>
internal sealed record SignaturePolicy(string? Images, IReadOnlyList<string> Streams, IReadOnlyList<string> PublicKeys)
{
    public IReadOnlyList<KeylessIdentity> Identities { get; init; } = [];

    /// <summary>The repository path of the <c>trusted_root.json</c> keyless signatures are checked against; set whenever <see cref="Identities"/> are.</summary>
    public string? TrustedRoot { get; init; }

    /// <summary>Whether the entry covers a tag of stream <paramref name="stream"/> whose source is <paramref name="image"/>.</summary>
    public bool Covers(string stream, ImageReference image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (Streams.Contains(stream, StringComparer.Ordinal))
        {
            return true;
        }

        if (Images is null)
        {
            return false;
        }

        var contact = image.ToContact();
        var name = $"{contact.Host}/{contact.Repository}";
        var pattern = "^" + Regex.Escape(Images).Replace("\\*", ".*", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(name, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))
            || (Images.Contains('/', StringComparison.Ordinal) && Regex.IsMatch(image.Name, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
    }

    /// <summary>The keys as ECDSA public keys; every key was checked when the settings were read.</summary>
    public IReadOnlyList<ECDsa> Keys() => [.. PublicKeys.Select(pem =>
    {
        var key = ECDsa.Create();
        key.ImportFromPem(pem);
        return key;
    })];

    /// <summary>Null when <paramref name="pem"/> is an ECDSA P-256 public key in PEM; else what is wrong.</summary>
    public static string? CheckKey(string pem)
    {
        try
        {
            using var key = ECDsa.Create();
            key.ImportFromPem(pem);
            return key.KeySize == 256 ? null : $"the key is ECDSA with {key.KeySize} bits; cosign keys are P-256";
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return "not an ECDSA P-256 public key in PEM (-----BEGIN PUBLIC KEY-----)";
        }
    }
}

/// <summary>The settings file's <c>verify:</c> list: the first entry that covers a tag applies.</summary>
internal sealed record VerifySettings(IReadOnlyList<SignaturePolicy> Policies)
{
    public static VerifySettings None { get; } = new([]);

    public SignaturePolicy? For(string stream, ImageReference image) => Policies.FirstOrDefault(p => p.Covers(stream, image));
}
