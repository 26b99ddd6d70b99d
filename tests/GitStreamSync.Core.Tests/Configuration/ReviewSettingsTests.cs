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
                ".gitstreamsync.yaml:3:5: a verify entry needs keys: [PEM public key, ...]",
            ],
            result.Problems.Take(3).Select(p => p.ToString()));
        Assert.Contains(result.Problems, p => p.Message.Contains("not an ECDSA P-256 public key in PEM", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Message == "a verify entry needs keys: [PEM public key, ...]" && p.Location.Line > 10);
        Assert.Null(result.Config.MinimumAge);
        Assert.Empty(result.Config.Verify.Policies);
    }
}
