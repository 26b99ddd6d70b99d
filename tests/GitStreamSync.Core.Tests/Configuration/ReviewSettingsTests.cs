using System.Security.Cryptography;
using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Read;

namespace GitStreamSync.Core.Tests.Configuration;

/// <summary><c>minimumAge</c> and <c>verify:</c> in the settings file: values, and wrong ones named by line and column.</summary>
public sealed class ReviewSettingsTests
{
    private static RepositoryConfigReadResult Read(string text) => RepositoryConfigReader.Read(new SourceFile(".gitstreamsync.yaml", text), _ => null);

    private static string Indented(string pem) => string.Concat(pem.Split('\n').Select(l => "        " + l + "\n"));

    [Fact]
    public void Reads_minimum_age_and_a_verify_entry_by_pattern_and_by_stream()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var result = Read("minimumAge: 3d\nverify:\n  - images: registry.example.com/acme/*\n    streams: [app]\n    keys:\n      - |\n" + Indented(key.ExportSubjectPublicKeyInfoPem()));

        Assert.Empty(result.Problems);
        Assert.Equal(TimeSpan.FromDays(3), result.Config.MinimumAge);
        var policy = Assert.Single(result.Config.Verify.Policies);
        Assert.Same(policy, result.Config.Verify.For("other", ImageReference.Parse("registry.example.com/acme/tools/x:1")));
        Assert.Same(policy, result.Config.Verify.For("app", ImageReference.Parse("quay.io/else/where:1")));
        Assert.Null(result.Config.Verify.For("other", ImageReference.Parse("registry.example.com/other/x:1")));
        Assert.Null(result.Config.Verify.For("other", ImageReference.Parse("registry.example.com.evil/acme/x:1")));
    }

    [Fact]
    public void A_wrong_duration_a_key_that_is_not_p256_and_an_entry_without_keys_are_problems_at_their_lines()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var result = Read("minimumAge: three days\nverify:\n  - images: a/*\n    keys:\n      - |\n" + Indented(p384.ExportSubjectPublicKeyInfoPem())
            + "  - images: b/*\n    keys: [\"-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----\"]\n  - streams: [c]\n");

        Assert.Equal(
            [
                ".gitstreamsync.yaml:1:13: minimumAge 'three days' is not a duration such as 12h, 3d or 0",
                ".gitstreamsync.yaml:5:9: verify.keys: the key is ECDSA with 384 bits; cosign keys are P-256",
                ".gitstreamsync.yaml:3:5: a verify entry needs keys: [PEM public key, ...] or keyless: [{issuer: URL, subjectRegExp: REGEXP}, ...]",
            ],
            result.Problems.Take(3).Select(p => p.ToString()));
        Assert.Contains(result.Problems, p => p.Message.Contains("not an ECDSA P-256 public key in PEM", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Message == "a verify entry needs keys: [PEM public key, ...] or keyless: [{issuer: URL, subjectRegExp: REGEXP}, ...]" && p.Location.Line > 10);
        Assert.Null(result.Config.MinimumAge);
        Assert.Empty(result.Config.Verify.Policies);
    }

    [Fact]
    public void Reads_keyless_identities_with_their_trusted_root()
    {
        var result = Read("verify:\n  - images: ghcr.io/acme/*\n    trustedRoot: /sigstore/trusted_root.json\n    keyless:\n"
            + "      - issuer: https://token.actions.githubusercontent.com\n        subjectRegExp: https://github\\.com/acme/.+\n");

        Assert.Empty(result.Problems);
        var policy = Assert.Single(result.Config.Verify.Policies);
        Assert.Empty(policy.PublicKeys);
        Assert.Equal("sigstore/trusted_root.json", policy.TrustedRoot);
        Assert.Equal(new KeylessIdentity("https://token.actions.githubusercontent.com", @"https://github\.com/acme/.+"), Assert.Single(policy.Identities));
    }

    [Fact]
    public void Keyless_without_a_trusted_root_a_subject_that_is_no_expression_and_an_identity_without_issuer_are_problems_at_their_lines()
    {
        var result = Read("verify:\n  - images: a/*\n    keyless:\n      - issuer: https://accounts.google.com\n        subjectRegExp: x\n"
            + "  - images: b/*\n    trustedRoot: root.json\n    keyless:\n      - issuer: https://accounts.google.com\n        subjectRegExp: \"(unclosed\"\n"
            + "      - subjectRegExp: y\n");

        Assert.Equal(
            [
                ".gitstreamsync.yaml:2:5: a verify entry with keyless identities needs trustedRoot: PATH of a sigstore trusted_root.json in the repository",
                ".gitstreamsync.yaml:10:24: verify.keyless.subjectRegExp: '(unclosed' is not a regular expression",
                ".gitstreamsync.yaml:11:9: a keyless identity needs issuer: URL (cosign's --certificate-oidc-issuer) and subjectRegExp: REGEXP (--certificate-identity-regexp)",
            ],
            result.Problems.Select(p => p.Message.Contains("not a regular expression", StringComparison.Ordinal) ? p.ToString()[..p.ToString().IndexOf(" (", StringComparison.Ordinal)] : p.ToString()));
        Assert.Empty(result.Config.Verify.Policies);
    }
}
