using System.Security.Cryptography;
using System.Text;
using GitStreamSync.Core.Images;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Cli.Tests.Review;

/// <summary>
/// <c>verify:</c> with a cosign public key: signatures made in the test with the framework's ECDSA and
/// pushed to the loopback registry as cosign stores them. Only the validly signed digest is proposed;
/// the others get an <c>ImportSuccess: "False"</c> condition and a held section in the pull request.
/// </summary>
public sealed class SignatureVerificationTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Only_the_digest_signed_by_the_configured_key_is_proposed_wrong_key_tampered_and_missing_are_held()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var trusted = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var settings = "verify:\n- images: registry.example.com/acme/*\n  keys:\n  - |\n"
            + string.Concat(trusted.ExportSubjectPublicKeyInfoPem().Split('\n').Select(l => "    " + l + "\n"));
        await using var bed = await ReviewTestBed.StartAsync(
            new Dictionary<string, string>
            {
                [".gitstreamsync.yaml"] = settings,
                ["streams/app.yaml"] = ReviewTestBed.Stream("app", ("signed", "acme/signed:1"), ("wrong-key", "acme/wrongkey:1"), ("tampered", "acme/tampered:1"), ("unsigned", "acme/unsigned:1")),
                ["streams/free.yaml"] = ReviewTestBed.Stream("free", ("1", "other/free:1")),
            },
            timeout.Token);
        using var seeder = bed.Seeder();
        var signed = await PushAsync(seeder, "acme/signed", timeout.Token);
        var wrongKey = await PushAsync(seeder, "acme/wrongkey", timeout.Token);
        var tampered = await PushAsync(seeder, "acme/tampered", timeout.Token);
        var unsigned = await PushAsync(seeder, "acme/unsigned", timeout.Token);
        var free = await PushAsync(seeder, "other/free", timeout.Token);

        await SignAsync(seeder, "acme/signed", signed, trusted, tamper: false, timeout.Token);
        await SignAsync(seeder, "acme/wrongkey", wrongKey, other, tamper: false, timeout.Token);
        await SignAsync(seeder, "acme/tampered", tampered, trusted, tamper: true, timeout.Token);

        var run = await bed.SyncAsync(Now);

        Assert.Contains("pull request #1 created", run.Out, StringComparison.Ordinal);
        var file = bed.Show("gitstreamsync/main", "streams/app.yaml");
        Assert.Contains(signed.ToString(), file, StringComparison.Ordinal);
        foreach (var held in new[] { wrongKey, tampered, unsigned })
        {
            Assert.DoesNotContain($"image: {held}", file, StringComparison.Ordinal);
        }

        Assert.Contains("reason: SignatureMissing", file, StringComparison.Ordinal);
        Assert.Equal(2, file.Split("reason: SignatureInvalid").Length - 1);
        Assert.Contains(free.ToString(), bed.Show("gitstreamsync/main", "streams/free.yaml"), StringComparison.Ordinal);
        Assert.Contains($"streams/app.yaml#app:unsigned SignatureMissing: no cosign signature is attached to {unsigned}", run.Out, StringComparison.Ordinal);
        GoldenFile.AssertMatches("review/signature-body.md", bed.Body());
        GoldenFile.AssertMatches("review/signature-app.yaml", file);
    }

    private static async Task<Digest> PushAsync(RegistrySeeder seeder, string repository, CancellationToken cancellationToken) =>
        (await seeder.PushImageAsync(repository, "1", ManifestFormat.Oci, Platform.LinuxAmd64, null, cancellationToken)).Digest;

    private static async Task SignAsync(RegistrySeeder seeder, string repository, Digest digest, ECDsa key, bool tamper, CancellationToken cancellationToken)
    {
        var payload = CosignPayload.For($"{ReviewTestBed.Host}/{repository}", digest);
        var signature = CosignPayload.Sign(key, payload);
        if (tamper)
        {
            // The signature stays; the payload gains one byte in its optional part.
            payload = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(payload).Replace("\"optional\":null", "\"optional\":{\"x\":1}", StringComparison.Ordinal));
        }

        await seeder.PushCosignSignatureAsync(repository, digest, payload, signature, cancellationToken);
    }
}
