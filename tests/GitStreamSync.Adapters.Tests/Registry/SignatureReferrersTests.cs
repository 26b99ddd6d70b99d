using System.Security.Cryptography;
using System.Text.Json;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Adapters.Tests.Registry;

/// <summary>
/// Where signatures are found: under cosign's tag on the real registry (Distribution 2.8 has no referrers
/// API and answers 404), and in a referrers answer served by a loopback proxy in front of it, read as
/// untrusted input: only cosign signature entries are fetched, a referrer must name the digest as its
/// subject, the number fetched is bounded, and a wrong answer spoils no signature found under the tag.
/// </summary>
public sealed class SignatureReferrersTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    private const string CosignType = "application/vnd.dev.cosign.artifact.sig.v1+json";

    [Fact]
    public async Task Distribution_has_no_referrers_API_and_the_signature_under_cosigns_tag_is_read()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var image = await registry.Seeder.PushImageAsync("sig/tagged", "1", ManifestFormat.Oci, Platform.LinuxAmd64);
        await registry.Seeder.PushCosignSignatureAsync("sig/tagged", image.Digest, Payload("sig/tagged", image.Digest), CosignPayload.Sign(key, Payload("sig/tagged", image.Digest)));
        using (var http = new HttpClient())
        {
            using var answer = await http.GetAsync(new Uri(registry.Server.BaseUri, $"/v2/sig/tagged/referrers/{image.Digest}"));
            Assert.Equal(System.Net.HttpStatusCode.NotFound, answer.StatusCode);
        }

        var found = await ReadAsync($"{registry.Host}/sig/tagged@{image.Digest}");

        Assert.Null(found.Unreadable);
        Assert.Equal(SignatureVerdict.Verified, CosignVerifier.Verify(found, [key]).Verdict);
    }

    [Fact]
    public async Task A_referrers_answer_is_read_for_cosign_signatures_that_name_the_digest_as_their_subject_and_nothing_else_is_fetched()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var image = await registry.Seeder.PushImageAsync("sig/referred", "1", ManifestFormat.Oci, Platform.LinuxAmd64, "referred");
        var other = await registry.Seeder.PushImageAsync("sig/referred", "2", ManifestFormat.Oci, Platform.LinuxAmd64, "other");
        var signature = await registry.Seeder.PushCosignReferrerAsync("sig/referred", image.Digest, Payload("sig/referred", image.Digest), CosignPayload.Sign(key, Payload("sig/referred", image.Digest)));
        // A valid signature of another image, listed as if it referred to this one.
        var elsewhere = await registry.Seeder.PushCosignReferrerAsync("sig/referred", other.Digest, Payload("sig/referred", other.Digest), CosignPayload.Sign(key, Payload("sig/referred", other.Digest)));
        var gone = Digest.ComputeSha256("never pushed"u8.ToArray());
        await using var proxy = RegistryFaultProxy.Start(registry.Server.BaseUri);
        proxy.Fail(request => request.Path == $"/v2/sig/referred/referrers/{image.Digest}"
            ? LoopbackResponse.Text(200, Index(
                (CosignType, gone.ToString()),
                ("application/spdx+json", other.Digest.ToString()),
                (CosignType, "sha512:" + new string('a', 128)),
                (CosignType, elsewhere.ToString()),
                (CosignType, signature.ToString()),
                (CosignType, signature.ToString())), ("Content-Type", RegistrySeeder.OciIndex))
            : null);

        var found = await ReadAsync($"{proxy.BaseUri.Authority}/sig/referred@{image.Digest}");

        Assert.Null(found.Unreadable);
        Assert.Single(found.Layers);
        Assert.Equal(SignatureVerdict.Verified, CosignVerifier.Verify(found, [key]).Verdict);
        var fetched = proxy.RequestedPaths.Where(p => p.StartsWith("/v2/sig/referred/manifests/sha256:", StringComparison.Ordinal)).ToList();
        Assert.Equal([$"/v2/sig/referred/manifests/{gone}", $"/v2/sig/referred/manifests/{elsewhere}", $"/v2/sig/referred/manifests/{signature}"], fetched);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"manifests\":[]}")]
    [InlineData("many")]
    public async Task A_wrong_or_endless_referrers_answer_spoils_no_signature_under_the_tag_and_costs_at_most_sixteen_fetches(string answer)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var repository = "sig/flooded-" + Math.Abs(answer.GetHashCode(StringComparison.Ordinal));
        var image = await registry.Seeder.PushImageAsync(repository, "1", ManifestFormat.Oci, Platform.LinuxAmd64, repository);
        await registry.Seeder.PushCosignSignatureAsync(repository, image.Digest, Payload(repository, image.Digest), CosignPayload.Sign(key, Payload(repository, image.Digest)));
        var body = answer == "many"
            ? Index([.. Enumerable.Range(0, 300).Select(i => (CosignType, Digest.ComputeSha256(BitConverter.GetBytes(i)).ToString()))])
            : answer;
        await using var proxy = RegistryFaultProxy.Start(registry.Server.BaseUri);
        proxy.Fail(request => request.Path == $"/v2/{repository}/referrers/{image.Digest}" ? LoopbackResponse.Text(200, body, ("Content-Type", RegistrySeeder.OciIndex)) : null);

        var found = await ReadAsync($"{proxy.BaseUri.Authority}/{repository}@{image.Digest}");

        Assert.Null(found.Unreadable);
        Assert.Equal(SignatureVerdict.Verified, CosignVerifier.Verify(found, [key]).Verdict);
        Assert.InRange(proxy.RequestedPaths.Count(p => p.StartsWith($"/v2/{repository}/manifests/sha256:", StringComparison.Ordinal)), answer == "many" ? 16 : 0, answer == "many" ? 16 : 0);
    }

    private static byte[] Payload(string repository, Digest digest) => CosignPayload.For($"registry.example.com/{repository}", digest);

    private static string Index(params (string ArtifactType, string Digest)[] entries) => JsonSerializer.Serialize(new
    {
        schemaVersion = 2,
        mediaType = RegistrySeeder.OciIndex,
        manifests = entries.Select(e => new { mediaType = RegistrySeeder.OciManifest, digest = e.Digest, size = 512, artifactType = e.ArtifactType }),
    });

    private static async Task<SignatureMaterial> ReadAsync(string reference)
    {
        using var client = RegistryTestKit.Client();
        var request = new SignatureRequest(ImageReference.Parse(reference), Insecure: true);
        return (await client.ReadSignaturesAsync([request], CancellationToken.None))[request];
    }
}
