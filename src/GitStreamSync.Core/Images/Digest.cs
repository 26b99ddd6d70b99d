using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace GitStreamSync.Core.Images;

/// <summary>
/// A content digest <c>algorithm:hex</c> (OCI image spec, descriptor digests). Only the algorithms
/// registries serve are accepted (go-digest answers "unsupported digest algorithm" for the rest),
/// each with its exact length in lowercase hex.
/// </summary>
public sealed partial record Digest
{
    private Digest(string algorithm, string hex)
    {
        Algorithm = algorithm;
        Hex = hex;
    }

    public string Algorithm { get; }
    public string Hex { get; }

    public bool IsSha256 => Algorithm == "sha256";

    /// <summary>How many hex characters <see cref="Abbreviated"/> keeps: the length <c>docker images</c> and <c>oc</c> show image IDs with.</summary>
    public const int AbbreviatedLength = 12;

    /// <summary>The digest as shown to people in reports, messages and reviews: <c>sha256:</c> and the first <see cref="AbbreviatedLength"/> hex characters.</summary>
    public string Abbreviated => $"{Algorithm}:{Hex[..Math.Min(AbbreviatedLength, Hex.Length)]}";

    public static Digest Parse(string text) =>
        TryParse(text, out var digest, out var error) ? digest : throw new DigestFormatException(error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out Digest? digest) => TryParse(text, out digest, out _);

    public static bool TryParse(string? text, [NotNullWhen(true)] out Digest? digest, out string error)
    {
        digest = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "a digest is empty";
            return false;
        }

        // The form registries send for every manifest, config and layer: checked by hand, since
        // a run of ten thousand tags reads several digests per manifest and the pattern's match
        // objects would be allocated for each.
        if (IsCanonicalSha256(text))
        {
            digest = new Digest("sha256", text[7..]);
            error = "";
            return true;
        }

        var match = DigestPattern().Match(text);
        if (!match.Success)
        {
            error = $"'{text}' is not a digest: expected ALGORITHM:HEX, e.g. sha256: followed by 64 hex characters";
            return false;
        }

        var algorithm = match.Groups["algorithm"].Value;
        var hex = match.Groups["hex"].Value;
        int? expected = algorithm switch
        {
            "sha256" => 64,
            "sha384" => 96,
            "sha512" => 128,
            _ => null,
        };
        if (expected is null)
        {
            error = $"'{text}' uses an unsupported digest algorithm '{algorithm}': expected sha256, sha384 or sha512";
            return false;
        }

        if (expected is { } length && (hex.Length != length || hex.Any(c => c is >= 'A' and <= 'F')))
        {
            error = $"'{text}' is not a valid {algorithm} digest: expected {length} lowercase hex characters";
            return false;
        }

        digest = new Digest(algorithm, hex);
        error = "";
        return true;
    }

    private static bool IsCanonicalSha256(string text) =>
        text.Length == 71
        && text.StartsWith("sha256:", StringComparison.Ordinal)
        && !text.AsSpan(7).ContainsAnyExcept(LowercaseHex);

    private static readonly System.Buffers.SearchValues<char> LowercaseHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>The digest of <paramref name="content"/> with SHA-256, as registries compute it over the exact bytes.</summary>
    public static Digest ComputeSha256(ReadOnlySpan<byte> content) =>
        new("sha256", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)));

    public override string ToString() => $"{Algorithm}:{Hex}";

    // distribution/reference: digest := algorithm ":" hex; algorithm := component (separator component)*
    [GeneratedRegex("^(?<algorithm>[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*):(?<hex>[0-9a-fA-F]{32,})$", RegexOptions.CultureInvariant)]
    private static partial Regex DigestPattern();
}

public sealed class DigestFormatException(string message) : FormatException(message);
